/**
 * The fill-in form asks a choice answer with the choices its one definition gives: `proposed_tier` takes
 * `choices_from: tiers`, so the form offers partneros.yml's tiers (not the default ones) and saves the one picked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { IDS } from '../../src/slack/ids';
import { buttonsIn, makePartner, messageOf } from '../commands/front-door';
import { inputValues } from '../support/slack-payloads';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

const TIERS = ['Strategic Alliance', 'Registered', 'Community'];
const CONFIG = `company:
  name: Acme Cloud
  product: Acme Data Platform
tiers:
${TIERS.map((name, i) => `  - name: ${name}\n    qbr_every_months: ${3 * (i + 1)}`).join('\n')}
`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock('2026-11-25T15:00:00Z'), config: CONFIG });
});
afterAll(async () => {
  await t?.stop();
});

interface Option {
  text: { text: string };
  value: string;
}
interface View {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { type: string; options?: Option[] } }[];
}

describe('a choice in the Fill in form', () => {
  it('offers the configured tiers for the starting tier, and saves the one picked as the partner’s answer', async () => {
    const row = await makePartner(t.store, {
      name: 'Initrode',
      owner_user_id: 'U0ALICE',
      channel_id: null,
      tier: 'Registered',
    });
    await t.send.command('template recruitment/agreement-term-sheet "Initrode"');
    const reply = messageOf((await until(() => t.slack.responses()[0])).body);
    expect(buttonsIn(reply.blocks).some((b) => b.startsWith('Fill in '))).toBe(true);
    const value =
      (reply.blocks as { elements?: { action_id: string; value: string }[] }[])
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id === IDS.templateAnswersOpen)?.value ?? '';
    await t.send.blockAction({ actionId: IDS.templateAnswersOpen, value, channel: 'C0GENERAL' });
    const view = (await until(() => t.slack.calls('views.open')[0])).params.view as View;

    const tier = view.blocks.find((b) => b.block_id === `${IDS.answerBlock}proposed_tier`)?.element;
    expect(tier?.type).toBe('static_select');
    expect(tier?.options?.map((o) => o.text.text)).toEqual(TIERS);
    const picked = tier?.options?.[0];
    expect(picked?.value).toBe('Strategic Alliance');

    const submitted = await t.send.viewSubmission({
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: inputValues({
        [`${IDS.answerBlock}proposed_tier.${IDS.input}`]: { type: 'static_select', selected_option: picked ?? {} },
      }),
    });
    expect(submitted.text).toBe('');
    const saved = await until(() =>
      t.store.db
        .selectFrom('partner_answers')
        .select('value')
        .where('partner_id', '=', row.id)
        .where('field_id', '=', 'proposed_tier')
        .executeTakeFirst(),
    );
    expect(saved).toEqual({ value: '"Strategic Alliance"' });
    const second = await until(() =>
      t.store.db
        .selectFrom('documents')
        .select('rendered_text')
        .where('partner_id', '=', row.id)
        .where('template_id', '=', 'recruitment/agreement-term-sheet')
        .where('version', '=', 2)
        .executeTakeFirst(),
    );
    expect((second as { rendered_text: string }).rendered_text).toContain('| Starting tier | Strategic Alliance |');
  });
});
