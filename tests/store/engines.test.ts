import { afterEach, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../../src/store';
import { openStore, type TestStore } from '../support/open-store';
import { NEVER } from '../../src/store/schedule';
import { dropDatabase, freshDatabase, onPostgres, testEngine } from '../support/database';

/**
 * The store's promises, on whichever engine the suite runs on (npm test: SQLite; npm run test:pg:
 * PostgreSQL): transactions, unique keys, claims that never hand one row to two callers, and the
 * reminder schedule's compare-and-set.
 */

const now = () => '2026-11-25T09:00:00.000Z';
const opened: { store: TestStore; target: string }[] = [];

async function store(): Promise<TestStore> {
  const target = await freshDatabase();
  const s = await openStore(target, { now });
  opened.push({ store: s, target });
  return s;
}

afterEach(async () => {
  for (const { store: s, target } of opened.splice(0)) {
    await s.close();
    await dropDatabase(target);
  }
});

const partner = (name: string, owner: string | null = 'U0ANA') => ({
  name,
  type: null,
  tier: 'Gold',
  stage: 'prospect',
  owner_user_id: owner,
  channel_id: null,
  vertical: null,
  created_by: 'U0ANA',
  at: now(),
});

describe(`the store on ${testEngine}`, () => {
  it('finds a partner by name whatever its case or width, and refuses a second one with the same key', async () => {
    const s = await store();
    const id = await s.partners.insert(partner('Société Générale'));
    expect((await s.partners.findByName('SOCIÉTÉ  générale'))?.id).toBe(id);
    const again = await s.partners.insert(partner('société générale')).catch((e: unknown) => e);
    expect(isUniqueViolation(again)).toBe(true);
  });

  it('commits a transaction as a whole and rolls all of it back on an error', async () => {
    const s = await store();
    await s
      .transaction(async (tx) => {
        const id = await tx.partners.insert(partner('Acme Corp'));
        await tx.audit.write({ at: now(), user_id: 'U0ANA', partner_id: id, action: 'partner.added', detail: {} });
        throw new Error('boom');
      })
      .catch(() => undefined);
    expect(await s.partners.findByName('Acme Corp')).toBeUndefined();
    await s.transaction(async (tx) => {
      await tx.partners.insert(partner('Acme Corp'));
    });
    expect(await s.partners.findByName('Acme Corp')).toBeDefined();
  });

  it('refuses a query on the store itself from inside one of its transactions', async () => {
    const s = await store();
    const misuse = s.transaction(async () => s.partners.findByName('Acme Corp'));
    await expect(misuse).rejects.toThrow(/use the transaction’s store/);
    // …and the store still works afterwards.
    expect(await s.partners.count({})).toBe(0);
  });

  it('gives each new document of a partner and template the next version, even when two are made at once', async () => {
    const s = await store();
    const partnerId = await s.partners.insert(partner('Acme Corp'));
    const doc = (n: number) =>
      s.documents.add({
        partner_id: partnerId,
        run_id: null,
        template_id: 'legal/mutual-nda',
        template_version: '1.0.0',
        title: `NDA ${n}`,
        rendered_text: 'text',
        missing: [],
        created_by: 'U0ANA',
        created_at: now(),
      });
    const made = await Promise.all([doc(1), doc(2), doc(3)]);
    expect(made.map((d) => d.version).sort()).toEqual([1, 2, 3]);
  });

  it('hands each due outbox row to one claimer only, however many claim at once', async () => {
    const s = await store();
    const partnerId = await s.partners.insert(partner('Acme Corp'));
    const rows = Array.from({ length: 30 }, (_, i) => ({
      occurrence_key: `milestone:${i}:due:2026-11-25`,
      item_key: `milestone:${i}`,
      kind: 'milestone' as const,
      partner_id: partnerId,
      item_id: i,
      target: 'channel:C0ACME',
      channel_id: null,
      due_at: now(),
      next_attempt_at: now(),
      payload: '{}',
      created_at: now(),
    }));
    await s.transaction((tx) => tx.deliveries.insertAll(rows, (k) => `superseded by ${k}`));
    const claims = await Promise.all(
      ['A', 'B', 'C'].map((holder) => s.database.transaction((tx) => tx.outbox.claim(now(), Date.now(), 12, holder))),
    );
    const ids = claims.flat().map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('plans a new partner at once and keeps a later change from being overwritten by an older plan', async () => {
    const s = await store();
    const id = await s.partners.insert(partner('Acme Corp'));
    const [claimed] = await s.database.schedule.claimDue(now(), 10, '2026-11-25T09:01:00.000Z');
    expect(claimed?.partnerId).toBe(id);
    // Something changes while the plan is being worked out: the plan must not hide it.
    await s.notes.add({ partner_id: id, text: 'met the VP', user_id: 'U0ANA', permalink: null, at: now() });
    expect(claimed && (await s.schedule.settleAll([{ ...claimed, nextAt: NEVER }])) === 1).toBe(false);
    const [again] = await s.database.schedule.claimDue(now(), 10, '2026-11-25T09:01:00.000Z');
    expect(again?.partnerId).toBe(id);
    expect(again && (await s.schedule.settleAll([{ ...again, nextAt: '2026-12-01T14:00:00.000Z' }])) === 1).toBe(true);
    expect(await s.database.schedule.claimDue(now(), 10, '2026-11-25T09:01:00.000Z')).toEqual([]);
    expect(await s.database.schedule.claimDue('2026-12-01T14:00:00.000Z', 10, '2026-12-01T14:01:00.000Z')).toHaveLength(
      1,
    );
  });

  it('registers a partner’s owner so their time zone is read', async () => {
    const s = await store();
    await s.partners.insert(partner('Acme Corp', 'U0BEN'));
    expect(await s.database.staleZones('2026-01-01T00:00:00.000Z', 10)).toEqual([
      { workspaceId: s.workspaceId, userId: 'U0BEN' },
    ]);
  });

  it.runIf(onPostgres)('lets two replicas claim the schedule without waiting for each other', async () => {
    const s = await store();
    for (let i = 0; i < 20; i++) await s.partners.insert(partner(`Partner ${i}`));
    const [a, b] = await Promise.all([
      s.database.transaction((tx) => tx.schedule.claimDue(now(), 15, '2026-11-25T09:01:00.000Z')),
      s.database.transaction((tx) => tx.schedule.claimDue(now(), 15, '2026-11-25T09:01:00.000Z')),
    ]);
    const ids = [...(a ?? []), ...(b ?? [])].map((c) => c.partnerId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
  });
});
