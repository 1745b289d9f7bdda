/**
 * A company's own playbook that moves a stage (tests/playbooks/fixtures/company-playbooks/recovery-plan.yaml),
 * loaded from `playbooks.folder` by the real app: listed with where it runs, refused where it does not, suggested
 * by the coach from its own rule, run to the end in a thread, and the partner moved as its file says.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver, answerFor, buttons, headerOf, questionLines, textOf } from './thread-driver';
import { one } from '../support/sql';

const ACME = 'C0PARTNER_ACME';
const FOLDER = join(import.meta.dirname, 'fixtures', 'company-playbooks');
const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const recovery = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR, FOLDER], templateIds).playbooks.find(
  (p) => p.id === 'recovery-plan',
) as Playbook;

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

const runCount = async () => ((await one(t.store, 'SELECT count(*) AS n FROM playbook_runs')) as { n: number }).n;

describe('a company playbook that moves a stage', () => {
  it('runs only where its file says, is suggested from its rule, and moves the partner on completion', async () => {
    expect(recovery.moves_stage_to).toBe('active');
    t = await startTestApp({ config: `playbooks:\n  folder: ${JSON.stringify(FOLDER)}\n` });
    await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`);

    const list = await t.send.command('playbooks');
    expect(list.json?.text).toMatch(/^8 playbooks: .*recovery-plan/);
    const listed = JSON.stringify(list.json?.blocks);
    expect(listed).toContain('For partners at stage at risk; completing it moves the partner to active.');
    expect(listed).toContain(
      'For partners at stage prospect or recruiting; completing it moves the partner to onboarding.',
    );

    // A prospect: refused, with what fits it instead, and nothing started.
    const refused = await t.send.command('run recovery-plan "Acme Corp"');
    expect(refused.json?.text).toContain(
      '“Acme Corp” is at stage prospect: Recovery plan is for partners at stage at risk.',
    );
    expect(JSON.stringify(refused.json)).toContain('/partner run recruit \\"Acme Corp\\"');
    expect(await runCount()).toBe(0);

    // At risk: the coach's advice names it first (rank 5, before the shipped playbooks' 10).
    await t.send.command('stage "Acme Corp" at_risk');
    await t.send.event({
      type: 'message',
      channel_type: 'im',
      channel: 'D0ALICE',
      user: 'U0ALICE',
      text: 'what now for Acme Corp',
      ts: '1700000100.000100',
    });
    const advice = await until(() => t.slack.calls('chat.postMessage').find((c) => c.params.channel === 'D0ALICE'));
    expect(String(advice.params.text)).toContain(
      'The playbook to run next is `recovery-plan` (a written recovery plan brings an at-risk partner back): `/partner run recovery-plan "Acme Corp"`.',
    );

    await t.send.command('run recovery-plan "Acme Corp"');
    const d = new ThreadDriver(t, ACME);
    const root = await d.root(recovery.name);
    for (const [i, step] of recovery.steps.entries()) {
      const message = await d.step(root.ts, i + 1);
      const current = () => t.slack.messages(ACME).find((m) => m.ts === message.ts) ?? message;
      for (const field of step.fields) expect((await d.reply(root.ts, answerFor(field))).text).toContain('✅ Recorded');
      await until(() => questionLines(textOf(current())).length === 0);
      await d.press(current(), 'Next step');
    }
    const done = await until(() => d.thread(root.ts).find((m) => headerOf(m).startsWith('✅ Recovery plan')), {
      timeoutMs: 15_000,
    });
    expect(textOf(done)).toContain('Stage set to *active* (was at risk).');
    const partner = await t.store.partners.findByName('Acme Corp');
    expect(partner?.stage).toBe('active');
    expect((await t.store.milestones.all(partner?.id ?? 0)).map((m) => m.title)).toContain(
      'Recovery plan playbook completed',
    );
    // Next: its next_playbook first, then what the shipped rules suggest for a Gold partner now active.
    expect(textOf(done)).toContain('it follows Recovery plan');
    expect(buttons(done).map((b) => b.label)).toEqual([
      'Start Quarterly business review',
      'Start Expand',
      'Start Co-marketing',
    ]);
    // Active now: the playbook no longer applies.
    const again = await t.send.command('run recovery-plan "Acme Corp"');
    expect(again.json?.text).toContain(
      '“Acme Corp” is at stage active: Recovery plan is for partners at stage at risk.',
    );
  }, 60_000);
});

describe('a shipped playbook at a stage it does not run at', () => {
  it('is refused with the playbook that fits, and nothing starts', async () => {
    t = await startTestApp();
    await t.send.command(`add "Acme Corp" tier=Silver channel=<#${ACME}|partner-acme>`);
    const expand = await t.send.command('expand "Acme Corp"');
    expect(expand.json?.text).toContain(
      '“Acme Corp” is at stage prospect: Expand is for partners at stage active or growing.',
    );
    await t.send.command('stage "Acme Corp" active');
    const onboard = await t.send.command('onboard "Acme Corp"');
    expect(onboard.json?.text).toContain(
      '“Acme Corp” is at stage active: Onboard is for partners at stage prospect, recruiting or onboarding.',
    );
    expect(JSON.stringify(onboard.json)).toContain('/partner run qbr \\"Acme Corp\\"');
    await t.send.command('stage "Acme Corp" exited');
    const exited = await t.send.command('qbr "Acme Corp"');
    expect(exited.json?.text).toContain('has exited the program');
    expect(await runCount()).toBe(0);
  });
});
