import type { KnownBlock } from '@slack/types';
import { SUBCOMMANDS, type SubcommandSpec } from '../../domain/commands/catalogue';
import { IDS } from '../ids';
import { context, esc, header, linesToSections, message, section, type Message } from './text';

// Usage lines hold `<name>`: escaped like any text, or Slack would read them as links.
const usage = (s: SubcommandSpec) => `\`/partner ${esc(s.usage)}\``;
const example = (s: SubcommandSpec) => `\`/partner ${esc(s.example)}\``;

const line = (s: SubcommandSpec) =>
  `${usage(s)}${s.available ? '' : '  _(coming soon)_'}\n      ${s.summary} e.g. ${example(s)}`;

export const addPartnerButton = (): KnownBlock => ({
  type: 'actions',
  elements: [
    {
      type: 'button',
      action_id: IDS.partnerAddOpen,
      style: 'primary',
      text: { type: 'plain_text', text: 'Add partner' },
    },
  ],
});

/** The whole grammar, grouped, with an example per command. */
export function renderHelp(intro?: string): Message {
  const groups = [...new Set(SUBCOMMANDS.map((s) => s.group))];
  const blocks: KnownBlock[] = [header('PartnerOS — /partner commands')];
  if (intro) blocks.push(section(intro));
  for (const group of groups) {
    blocks.push(section(`*${group}*`));
    blocks.push(...linesToSections(SUBCOMMANDS.filter((s) => s.group === group).map(line)));
  }
  blocks.push(
    context(
      'Names with spaces go in quotes: `"Acme Corp"`. Pick people with @ and channels with # from Slack’s list.',
      'Health: 🟢 80+ · 🟡 50–79 · 🔴 below 50 · ⚪ not set. Stages: prospect, recruiting, onboarding, active, growing, at_risk, exited.',
    ),
  );
  blocks.push(addPartnerButton());
  const fallback = `PartnerOS commands: ${SUBCOMMANDS.map((s) => s.name).join(', ')}. Try /partner help <command>.`;
  return message(fallback, blocks);
}

export function renderCommandHelp(spec: SubcommandSpec): Message {
  return message(`/partner ${esc(spec.usage)} — ${spec.summary}`, [
    section(`${usage(spec)}\n${spec.summary}${spec.available ? '' : ' _(coming soon)_'}`),
    ...(spec.details?.length ? [section(spec.details.join('\n'))] : []),
    context(`Example: ${example(spec)}`, 'All commands: `/partner help`'),
  ]);
}

export function renderComing(spec: SubcommandSpec): Message {
  return message(`/partner ${spec.name} is coming soon.`, [
    section(
      `:construction: \`/partner ${spec.name}\` is coming soon — ${spec.summary.charAt(0).toLowerCase()}${spec.summary.slice(1)}`,
    ),
    context(`When it arrives: ${usage(spec)}, e.g. ${example(spec)}. Everything available now: \`/partner help\``),
  ]);
}
