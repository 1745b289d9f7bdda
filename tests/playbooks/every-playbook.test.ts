/**
 * Every shipped playbook, run to the end through the real app with the guided coach: each field answered
 * in the thread in its own kind, Next step on every step, the documents in the thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/domain/partners/model';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver, answerFor, buttons, headerOf, questionLines, textOf } from './thread-driver';
import { nonEmpty } from '../support/tables';

const ACME = 'C0PARTNER_ACME';
const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const playbooks = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks;
/** A stage the playbook runs at, other than where it moves the partner (so the move shows): active when it can. */
function startingStage(p: Playbook): Stage {
  const from = p.applies_to_stages.filter((s) => s !== p.moves_stage_to);
  return from.includes('active') ? 'active' : (from.at(-1) as Stage);
}

let t: TestApp;
afterEach(async () => {
  await t?.stop();
});

describe.each(
  nonEmpty(
    playbooks.map((p) => [p.id, p] as const),
    'playbooks',
  ),
)('the %s playbook', (id, playbook) => {
  it('runs from the first step to the documents with typed answers', async () => {
    t = await startTestApp();
    await t.send.command(`add "Acme Corp" tier=Silver channel=<#${ACME}|partner-acme>`);
    const from = startingStage(playbook);
    await t.send.command(`stage "Acme Corp" ${from}`);
    expect((await t.store.partners.findByName('Acme Corp'))?.stage).toBe(from);
    await t.send.command(`run ${id} "Acme Corp"`);
    const d = new ThreadDriver(t, ACME);
    const root = await d.root(playbook.name);
    for (const [i, step] of playbook.steps.entries()) {
      const message = await d.step(root.ts, i + 1);
      const current = () => t.slack.messages(ACME).find((m) => m.ts === message.ts) ?? message;
      for (const field of step.fields) {
        const reply = await d.reply(root.ts, answerFor(field));
        expect(reply.text, `${id} · ${step.id} · ${field.id} (${field.type}) answered “${answerFor(field)}”`).toContain(
          '✅ Recorded',
        );
      }
      await until(() => questionLines(textOf(current())).length === 0, {
        message: `${id} step ${i + 1} has no question left`,
      });
      await d.press(current(), 'Next step');
    }
    const done = await until(() => d.thread(root.ts).find((m) => headerOf(m).startsWith(`✅ ${playbook.name}`)), {
      timeoutMs: 15_000,
    });
    expect(textOf(done)).toContain('Success criteria');
    const uploads = t.slack.uploads().filter((u) => u.threadTs === root.ts && u.completed);
    expect(uploads).toHaveLength(new Set(playbook.steps.flatMap((s) => s.templates)).size);
    for (const u of uploads) expect(u.bytes?.toString('utf8')).toContain('Acme Corp');
    // The stage moves as the playbook's file says, and only then.
    const after = playbook.moves_stage_to ?? from;
    expect((await t.store.partners.findByName('Acme Corp'))?.stage).toBe(after);
    if (playbook.moves_stage_to)
      expect(textOf(done)).toContain(`Stage set to *${after.replace('_', ' ')}* (was ${from.replace('_', ' ')})`);
    else expect(textOf(done)).not.toContain('Stage set to');
    // Every playbook suggested next may run at the stage the partner is now at; nothing once it has exited.
    const suggested = buttons(done)
      .filter((b) => b.label.startsWith('Start '))
      .map((b) => playbooks.find((p) => `Start ${p.name}` === b.label));
    for (const p of suggested) expect(p?.applies_to_stages, p?.id).toContain(after);
    if (after === 'exited') expect(textOf(done)).toContain('No further playbook');
    else expect(suggested.length, `${id} suggests what is next`).toBeGreaterThan(0);
    if (!playbook.recurring) expect(suggested.map((p) => p?.id)).not.toContain(id);
  }, 60_000);
});
