/**
 * `/partner recruit "Acme Corp"` end to end with the guided coach: the real app over signed HTTP,
 * the real playbooks and templates, a real SQLite file; only Slack's Web API is a fake on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver, answerFor, buttons, headerOf, questionLines, textOf } from './thread-driver';
import { one } from '../support/sql';

const ACME = 'C0PARTNER_ACME';
const templates = new Map(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => [t.id, t]));
const templateIds = new Set(templates.keys());
const playbooks = new Map(loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks.map((p) => [p.id, p]));
const recruit = playbooks.get('recruit') as Playbook;

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

async function withAcme(): Promise<ThreadDriver> {
  t = await startTestApp();
  const added = await t.send.command(`add "Acme Corp" tier=Gold type=reseller channel=<#${ACME}|partner-acme>`);
  expect(added.status).toBe(200);
  return new ThreadDriver(t, ACME);
}

describe('a recruit run with the guided coach', () => {
  it('walks every step in the partner channel thread and hands back the filled documents', async () => {
    const d = await withAcme();
    const ack = await t.send.command('recruit "Acme Corp"');
    expect(ack.status).toBe(200);
    expect(ack.json?.text).toMatch(/Starting .*Recruit/i);
    const root = await d.root(recruit.name);
    expect(textOf(root)).toContain('Acme Corp');
    expect(questionLines(textOf(root))).toEqual([]);

    for (const [i, step] of recruit.steps.entries()) {
      const first = await d.step(root.ts, i + 1);
      const current = () => t.slack.messages(ACME).find((m) => m.ts === first.ts) ?? first;
      expect(headerOf(first)).toBe(`Step ${i + 1} of ${recruit.steps.length} · ${step.name}`);
      // The advice for each document the step fills is shown at the step, not written into the document.
      for (const id of step.templates) {
        const t = templates.get(id);
        expect(textOf(first), id).toContain(`About the ${t?.title}`);
      }
      expect(buttons(first).map((b) => b.label)).toEqual(
        expect.arrayContaining(['Next step', 'Skip', 'Pause', 'Show template']),
      );
      for (const b of buttons(first)) expect(b.value).toMatch(/^\d+:\d+:\d+$/);
      for (const field of step.fields) {
        // The pending question is on its own line, ends with ?, and is the only ? in the step message.
        const asked = questionLines(textOf(current()));
        expect(asked, `step ${i + 1} asks one question at a time`).toHaveLength(1);
        expect(asked[0]).toMatch(/\?$/);
        const reply = await d.reply(root.ts, answerFor(field));
        expect(reply.text, `answer to ${field.id}`).toContain('✅ Recorded');
        await until(() => !textOf(current()).includes(asked[0] ?? ''), {
          message: `step message to drop “${asked[0]}”`,
        });
      }
      expect(questionLines(textOf(current()))).toEqual([]);
      await d.press(current(), 'Next step');
      if (i + 1 < recruit.steps.length) await d.step(root.ts, i + 2);
    }

    const done = await until(() => d.thread(root.ts).find((m) => headerOf(m).startsWith('✅ Recruit')), {
      timeoutMs: 15_000,
      message: 'the completion message',
    });
    expect(textOf(done)).toContain('Success criteria');
    expect(textOf(done)).toMatch(/Stage set to \*onboarding\*/);
    // Each document is listed once with its version, never "v1 v1".
    expect(textOf(done)).toContain('Ideal Partner Profile (IPP) — Acme Corp v1');
    expect(textOf(done)).not.toMatch(/ v\d+ v\d+/);
    const uploads = t.slack.uploads().filter((u) => u.threadTs === root.ts && u.completed);
    expect(uploads).toHaveLength(new Set(recruit.steps.flatMap((s) => s.templates)).size);
    for (const u of uploads) expect(u.bytes?.toString('utf8')).toContain('Acme Corp');
    const all = uploads.map((u) => u.bytes?.toString('utf8') ?? '').join('\n');
    expect(all).toContain('Value for ');

    const partner = await t.store.partners.findByName('Acme Corp');
    expect(partner?.stage).toBe('onboarding');
    expect((await t.store.milestones.all(partner?.id ?? 0)).map((m) => [m.title, m.status])).toContainEqual([
      'Recruit playbook completed',
      'done',
    ]);
    const docs = await t.store.db
      .selectFrom('documents')
      .select(['run_id', 'template_id'])
      .where('partner_id', '=', partner?.id ?? 0)
      .execute();
    expect(docs.length).toBe(uploads.length);
    expect(docs.every((r) => r.run_id !== null)).toBe(true);
    // Nothing in the thread is a question any more: every one was answered.
    for (const m of d.thread(root.ts)) expect(questionLines(textOf(m)), headerOf(m) || m.text).toEqual([]);
  }, 60_000);
});

describe('the step buttons', () => {
  async function started(): Promise<{ d: ThreadDriver; rootTs: string }> {
    const d = await withAcme();
    await t.send.command('recruit "Acme Corp"');
    const root = await d.root(recruit.name);
    await d.step(root.ts, 1);
    return { d, rootTs: root.ts };
  }
  const runRow = async () =>
    (await one(t.store, 'SELECT * FROM playbook_runs')) as {
      id: number;
      step_index: number;
      status: string;
      seq: number;
      skipped: string;
    };

  it('Next step waits for required answers and says which, privately', async () => {
    const { d, rootTs } = await started();
    const step1 = await d.step(rootTs, 1);
    const before = await runRow();
    await d.press(step1, 'Next step');
    const said = await until(() => t.slack.responses().find((r) => JSON.stringify(r.body).includes('still needs')));
    expect(JSON.stringify(said.body)).toMatch(/Skip/);
    expect((await runRow()).step_index).toBe(before.step_index);
  });

  it('a double click or a replayed payload moves the run once', async () => {
    const { d, rootTs } = await started();
    const skip = d.button(await d.step(rootTs, 1), 'Skip');
    await Promise.all([d.press(skip), d.press(skip)]);
    await d.step(rootTs, 2);
    await d.press(skip);
    await until(() => t.slack.responses().filter((r) => JSON.stringify(r.body).includes('earlier state')).length >= 2);
    expect((await runRow()).step_index).toBe(1);
    expect(d.thread(rootTs).filter((m) => headerOf(m).startsWith('Step 2 of')).length).toBe(1);
  });

  it('Skip, Back, Pause and Resume keep the thread and the run in step', async () => {
    const { d, rootTs } = await started();
    await d.press(await d.step(rootTs, 1), 'Skip');
    // The press is acked before the run moves: wait for the move, then check what it recorded.
    await until(async () => (await runRow()).step_index === 1);
    expect(JSON.parse((await runRow()).skipped)).toEqual([recruit.steps[0]?.id]);
    await d.press(await d.step(rootTs, 2), 'Back');
    const again = await until(
      () => d.thread(rootTs).filter((m) => headerOf(m).startsWith('Step 1 of') && buttons(m).length)[0],
    );
    expect((await runRow()).step_index).toBe(0);
    await d.press(again, 'Pause');
    await until(async () => (await runRow()).status === 'paused');
    const paused = await until(async () =>
      t.slack.messages(ACME).find((m) => m.ts === again.ts && buttons(m).some((b) => b.label === 'Resume')),
    );
    const reply = await d.reply(rootTs, 'hello');
    expect(reply.text).toMatch(/paused/i);
    await d.press(paused, 'Resume');
    await until(async () => (await runRow()).status === 'active');
    // /partner run on a paused run resumes it too.
    await d.press(await d.step(rootTs, 1), 'Pause');
    await until(async () => (await runRow()).status === 'paused');
    const res = await t.send.command('run recruit "Acme Corp"');
    expect(res.json?.text).toMatch(/Resumed/);
    expect((await runRow()).status).toBe('active');
  });

  it('Show template uploads the step’s document so far into the thread', async () => {
    const { d, rootTs } = await started();
    await d.press(await d.step(rootTs, 1), 'Show template');
    const upload = await until(() => t.slack.uploads().find((u) => u.threadTs === rootTs && u.completed));
    expect(upload.bytes?.toString('utf8')).toContain('Acme Corp');
  });
});
