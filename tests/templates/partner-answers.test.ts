/**
 * The partner's answers a document is filled from: every value given in a run or a document's fill-in form,
 * on a real SQLite file, the latest winning whichever way it was given.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownAnswers, saveAnswers } from '../../src/domain/templates/partner-answers';
import { openStore } from '../../src/store';
import { makePartner } from '../commands/front-door';

const store = openStore(join(mkdtempSync(join(tmpdir(), 'partneros-answers-')), 'partneros.db'), {
  now: () => '2026-11-25T09:00:00.000Z',
});
afterAll(() => store.close());

let runs = 0;
/** One answer given in a run of its own (one open run per playbook and partner). */
function runAnswer(partnerId: number, field: string, value: string | number | null, at: string): void {
  runs += 1;
  const runId = store.runs.insert({
    partner_id: partnerId,
    playbook_id: `playbook-${runs}`,
    channel_id: null,
    started_by: 'U1',
    at,
  });
  store.runs.answers.add({
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
  it('are every answer given in runs and forms, the latest value per field winning', () => {
    const p = makePartner(store, { name: 'Latest Wins' });
    runAnswer(p.id, 'governing_law', 'Delaware', '2026-11-01T10:00:00.000Z');
    runAnswer(p.id, 'term_months', 12, '2026-11-01T10:00:00.000Z');
    form(p.id, { governing_law: 'England and Wales', notice_days: 60 }, '2026-11-10T10:00:00.000Z');
    runAnswer(p.id, 'notice_days', 90, '2026-11-20T10:00:00.000Z');
    expect(knownAnswers(store, p.id)).toEqual({
      governing_law: 'England and Wales',
      term_months: 12,
      notice_days: 90,
    });
  });

  it('never lets a field left empty on purpose hide a value given earlier', () => {
    const p = makePartner(store, { name: 'Skipped Later' });
    form(p.id, { partner_contact_title: 'COO' }, '2026-11-10T10:00:00.000Z');
    runAnswer(p.id, 'partner_contact_title', null, '2026-11-20T10:00:00.000Z');
    expect(knownAnswers(store, p.id)).toEqual({ partner_contact_title: 'COO' });
  });

  it('are kept per partner, with an audit row for each form', () => {
    const a = makePartner(store, { name: 'Partner A' });
    const b = makePartner(store, { name: 'Partner B' });
    form(a.id, { governing_law: 'Ontario' }, '2026-11-10T10:00:00.000Z');
    expect(knownAnswers(store, b.id)).toEqual({});
    const audit = store.db
      .prepare("SELECT user_id, detail FROM audit_log WHERE partner_id = ? AND action = 'partner.answers'")
      .all(a.id) as { user_id: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]?.user_id).toBe('U2');
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({ template: 'legal/mutual-nda', fields: ['governing_law'] });
  });
});
