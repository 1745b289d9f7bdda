/**
 * Forms rather than syntax: Start a playbook from App Home or a partner card; App Home lists the runs;
 * the last step's Next step completes the run and offers the next playbooks as buttons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IDS } from '../../src/slack/ids';
import { inputValues } from '../support/slack-payloads';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver, buttons, headerOf, textOf } from './thread-driver';

const ACME = 'C0PARTNER_ACME';
let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

const submit = (privateMetadata: string, playbook: string | undefined, partner?: string) =>
  t.send.viewSubmission({
    callback_id: IDS.runStartView,
    private_metadata: privateMetadata,
    blocks: [{ block_id: IDS.startBlock.playbook }, { block_id: IDS.startBlock.partner }],
    state: inputValues({
      ...(playbook
        ? {
            [`${IDS.startBlock.playbook}.${IDS.input}`]: {
              type: 'static_select',
              selected_option: { value: playbook },
            },
          }
        : {}),
      ...(partner !== undefined ? { [`${IDS.startBlock.partner}.${IDS.input}`]: partner } : {}),
    }),
  });

describe('the Start a playbook form', () => {
  it('opens from App Home with every playbook, and starts the run in the partner channel', async () => {
    t = await startTestApp();
    await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`);
    await t.send.blockAction({ actionId: IDS.runStartOpen, view: { id: 'V0HOME', type: 'home' } });
    const opened = await until(() => t.slack.calls('views.open')[0]);
    const view = opened.params.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe(IDS.runStartView);
    for (const id of ['recruit', 'onboard', 'qbr', 'expand', 'co-marketing', 'support-escalation', 'exit'])
      expect(JSON.stringify(view.blocks)).toContain(`"value":"${id}"`);

    const unknown = await submit(view.private_metadata, 'qbr', 'Acme Crop');
    expect(JSON.stringify(unknown.json)).toContain('Acme Corp');
    expect(unknown.json).toMatchObject({ response_action: 'errors' });
    const missing = await submit(view.private_metadata, undefined, 'Acme Corp');
    expect(missing.json).toMatchObject({
      response_action: 'errors',
      errors: { [IDS.startBlock.playbook]: 'Choose a playbook.' },
    });

    const res = await submit(view.private_metadata, 'qbr', 'Acme Corp');
    expect(res.status).toBe(200);
    const d = new ThreadDriver(t, ACME);
    const root = await d.root('Quarterly business review');
    await d.step(root.ts, 1);
    const told = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'U0ALICE'));
    expect(JSON.stringify(told.params)).toContain('open the thread');
  });

  it('lists the user’s runs on App Home with links', async () => {
    t = await startTestApp();
    await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`);
    await t.send.command('qbr "Acme Corp"');
    const d = new ThreadDriver(t, ACME);
    await d.step((await d.root('Quarterly business review')).ts, 1);
    await t.send.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: '1.1' });
    const text = await until(() =>
      t.slack
        .calls('views.publish')
        .map((c) => JSON.stringify(c.params.view))
        .find((v) => v.includes('Playbook runs')),
    );
    expect(text).toMatch(/Playbook runs\* \(1\)/);
    expect(text).toContain('Step 1 of');
    expect(text).toContain('open thread');
  });
});

describe('completing a run', () => {
  it('records the QBR as held and suggests what is next, with buttons that start it', async () => {
    t = await startTestApp();
    await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`);
    await t.send.command('stage "Acme Corp" active');
    await t.send.command('qbr "Acme Corp"');
    const d = new ThreadDriver(t, ACME);
    const root = await d.root('Quarterly business review');
    for (let n = 1; ; n++) {
      const step = await d.step(root.ts, n);
      const total = Number(/of (\d+)/.exec(headerOf(step))?.[1]);
      await d.press(step, 'Skip');
      if (n === total) break;
    }
    const done = await until(
      () => d.thread(root.ts).find((m) => headerOf(m).startsWith('✅ Quarterly business review')),
      { timeoutMs: 10_000 },
    );
    expect(textOf(done)).toMatch(/QBR recorded as held/);
    const partner = await t.store.partners.findByName('Acme Corp');
    expect((await t.store.qbrs.last(partner?.id ?? 0))?.run_id).not.toBeNull();
    const next = buttons(done).filter((b) => b.label.startsWith('Start '));
    expect(next.length).toBeGreaterThan(0);
    expect(next.map((b) => b.label)).not.toContain('Start Recruit');
    // Every step was skipped: no documents, and the message says how to fill them later.
    expect(textOf(done)).toContain('Skipped');
    await d.press(done, next[0]?.label ?? '');
    const started = next[0]?.label.replace('Start ', '') ?? '';
    await d.root(started);
  });
});
