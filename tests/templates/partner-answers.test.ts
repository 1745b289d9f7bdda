/**
 * The partner's answers a document is filled from: every value given in a run or a document's fill-in form,
 * on a real database, the latest winning whichever way it was given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownAnswers, saveAnswers } from '../../src/domain/templates/partner-answers';
import { openStore, type TestStore } from '../support/open-store';
import { makePartner } from '../commands/front-door';
import { dropDatabase, freshDatabase } from '../support/database';

let target: string;
let store: TestStore;
beforeAll(async () => {
  target = await freshDatabase();
  store = await openStore(target, { now: () => '2026-11-25T09:00:00.000Z' });
});
afterAll(async () => {
  await store.close();
  await dropDatabase(target);
});

let runs = 0;
/** One answer given in a run of its own (one open run per playbook and partner). */
async function runAnswer(partnerId: number, field: string, value: string | number | null, at: string): Promise<void> {
  runs += 1;
  const runId = await store.runs.insert({
    partner_id: partnerId,
    playbook_id: `playbook-${runs}`,
    channel_id: null,
    started_by: 'U1',
    at,
  });
  await store.runs.answers.add({
    run_id: runId,
    step_id: 'step',
    field_id: field,
    value: value === null ? null : JSON.stringify(value),
    user_id: 'U1',
    at,
  });
}
const form = (partnerId: number, values: Record<string, string | number>, at: string) =>
  saveAnswers(store, { partnerId, templateId: 'legal/mutual-nda', values, actor: 'U2', at });

describe("a partner's known answers", () => {
  it('are every answer given in runs and forms, the latest value per field winning', async () => {
    const p = await makePartner(store, { name: 'Latest Wins' });
    await runAnswer(p.id, 'governing_law', 'Delaware', '2026-11-01T10:00:00.000Z');
    await runAnswer(p.id, 'term_months', 12, '2026-11-01T10:00:00.000Z');
    await form(p.id, { governing_law: 'England and Wales', notice_days: 60 }, '2026-11-10T10:00:00.000Z');
    await runAnswer(p.id, 'notice_days', 90, '2026-11-20T10:00:00.000Z');
    expect(await knownAnswers(store, p.id)).toEqual({
      governing_law: 'England and Wales',
      term_months: 12,
      notice_days: 90,
    });
  });

  it('never lets a field left empty on purpose hide a value given earlier', async () => {
    const p = await makePartner(store, { name: 'Skipped Later' });
    await form(p.id, { partner_contact_title: 'COO' }, '2026-11-10T10:00:00.000Z');
    await runAnswer(p.id, 'partner_contact_title', null, '2026-11-20T10:00:00.000Z');
    expect(await knownAnswers(store, p.id)).toEqual({ partner_contact_title: 'COO' });
  });

  it('are kept per partner, with an audit row for each form', async () => {
    const a = await makePartner(store, { name: 'Partner A' });
    const b = await makePartner(store, { name: 'Partner B' });
    await form(a.id, { governing_law: 'Ontario' }, '2026-11-10T10:00:00.000Z');
    expect(await knownAnswers(store, b.id)).toEqual({});
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['user_id', 'detail'])
      .where('partner_id', '=', a.id)
      .where('action', '=', 'partner.answers')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.user_id).toBe('U2');
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({ template: 'legal/mutual-nda', fields: ['governing_law'] });
  });
});
