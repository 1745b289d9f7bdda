import { IDS } from '../../src/slack/ids';
import type { Payload } from '../support/slack-payloads';

/** The settings modal as views.open received it. */
export type SettingsView = Payload & { blocks: Payload[]; private_metadata: string; callback_id: string };

/**
 * What Slack sends when the settings form is submitted: every input as it showed, unless `typed`
 * says otherwise (keyed by field, the block id without its `settings:` prefix).
 */
export function settingsState(
  view: SettingsView,
  typed: Record<string, Payload> = {},
): { values: Record<string, Record<string, Payload>> } {
  const values: Record<string, Record<string, Payload>> = {};
  for (const b of view.blocks) {
    if (b.type !== 'input' || typeof b.block_id !== 'string') continue;
    const el = b.element as Payload;
    const shown: Payload =
      el.type === 'static_select'
        ? { selected_option: el.initial_option ?? null }
        : el.type === 'checkboxes'
          ? { selected_options: el.initial_options ?? [] }
          : el.type === 'multi_users_select'
            ? { selected_users: el.initial_users ?? [] }
            : el.type === 'conversations_select'
              ? { selected_conversation: el.initial_conversation ?? null }
              : { value: el.initial_value ?? null };
    const field = b.block_id.slice(IDS.settingsBlock.length);
    values[b.block_id] = { [IDS.input]: { type: el.type, ...shown, ...typed[field] } };
  }
  return { values };
}
