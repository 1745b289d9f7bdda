import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompanyConfigSchema } from '../../src/config/schema';
import { fixedClock } from '../../src/domain/clock';
import { partnerService } from '../../src/domain/partners/service';
import { reminderService } from '../../src/domain/reminders/service';
import { openStore, type Store } from '../../src/store';

/** The outbox on a real SQLite file, through the reminder service: no Slack involved. */

let dir: string;
let store: Store;
const clock = fixedClock('2026-11-24T15:00:00Z');
const company = CompanyConfigSchema.parse({});

function services(s: Store = store) {
  const partners = partnerService({ store: s, clock, company });
  return { partners, reminders: reminderService({ store: s, clock, company, partners }) };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'partneros-outbox-'));
  store = openStore(join(dir, 'p.db'), { now: () => clock.now().toISOString() });
  clock.set('2026-11-24T15:00:00Z');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function milestone(
  s: ReturnType<typeof services>,
  title: string,
  dueOn: string,
): { partnerId: number; milestoneId: number } {
  const existing = store.partners.findByName('Acme Corp');
  const partnerId = existing?.id ?? s.partners.add('Acme Corp', { channelId: 'C0ACME' }, 'U0ALICE').partner.id;
  const milestoneId = store.milestones.add({
    partner_id: partnerId,
    title,
    due_on: dueOn,
    created_by: 'U0ALICE',
    created_at: '2026-11-01T12:00:00.000Z',
  });
  return { partnerId, milestoneId };
}

const rows = () =>
  store.db.prepare('SELECT occurrence_key, status, last_error FROM reminder_deliveries ORDER BY id').all();

describe('the reminder outbox', () => {
  it('inserts each occurrence once, however often it is computed', async () => {
    const s = services();
    milestone(s, 'Kick-off', '2026-11-17');
    expect((await s.reminders.enqueueDue(clock.now())).inserted).toBe(1);
    expect((await s.reminders.enqueueDue(clock.now())).inserted).toBe(0);
    expect((await services().reminders.enqueueDue(clock.now())).inserted).toBe(0); // a restarted process
    expect(rows()).toHaveLength(1);
  });

  it('cancels an older unsent occurrence when a newer one of the same item comes due: it is never posted', async () => {
    const s = services();
    const { milestoneId } = milestone(s, 'Kick-off', '2026-11-17');
    await s.reminders.enqueueDue(clock.now());
    clock.set('2026-11-26T15:00:00Z');
    await s.reminders.enqueueDue(clock.now());
    expect(rows()).toEqual([
      {
        occurrence_key: `milestone:${milestoneId}:overdue:2026-11-23`,
        status: 'cancelled',
        last_error: `superseded by milestone:${milestoneId}:overdue:2026-11-26`,
      },
      { occurrence_key: `milestone:${milestoneId}:overdue:2026-11-26`, status: 'pending', last_error: null },
    ]);
  });

  it('claims rows once across two connections, and cancels at claim time what is no longer due', async () => {
    const s = services();
    const a = milestone(s, 'Kick-off', '2026-11-17');
    milestone(s, 'Second', '2026-11-18');
    await s.reminders.enqueueDue(clock.now());
    store.milestones.markDone(a.milestoneId, clock.now().toISOString(), 'U0ALICE');
    const other = openStore(join(dir, 'p.db'), { now: () => clock.now().toISOString() });
    try {
      const mine = s.reminders.claim(100, Date.now());
      const theirs = services(other).reminders.claim(100, Date.now());
      expect(mine.map((d) => d.payload.facts.title)).toEqual(['Second']);
      expect(theirs).toEqual([]);
      expect(rows()).toEqual([
        expect.objectContaining({ status: 'cancelled', last_error: 'no longer due: milestone done' }),
        expect.objectContaining({ status: 'sending' }),
      ]);
    } finally {
      other.close();
    }
  });

  it('drops a pending QBR reminder when a tier change re-plans the QBR', async () => {
    clock.set('2026-08-24T15:00:00Z');
    const s = services();
    const partnerId = s.partners.add('Acme Corp', { tier: 'Gold' }, 'U0ALICE').partner.id;
    clock.set('2026-11-24T15:00:00Z');
    await s.reminders.enqueueDue(clock.now());
    expect(rows()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ occurrence_key: `qbr:${partnerId}:due:2026-11-24`, status: 'pending' }),
      ]),
    );
    store.partners.update(partnerId, { tier: 'Silver' }, clock.now().toISOString());
    s.reminders.claim(100, Date.now());
    expect(rows()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          occurrence_key: `qbr:${partnerId}:due:2026-11-24`,
          status: 'cancelled',
          last_error: 'no longer due: QBR re-planned for 2027-02-24',
        }),
      ]),
    );
  });

  it.each([
    // 15 minutes in all with no jitter, 30 with the most: node-slack-sdk's tenRetriesInAboutThirtyMinutes.
    ['lowest', 0, [1_000, 1_968, 3_874, 7_625, 15_007, 29_536, 58_134, 114_419, 225_202, 443_244], 900_009],
    ['highest', 0.999, [1_999, 3_934, 7_744, 15_241, 29_998, 59_043, 116_209, 228_725, 450_178, 886_045], 1_799_116],
  ])(
    'retries a transient failure after 1 s, 2, 4, 8 … (%s jitter) and gives up after ten retries in about 30 minutes',
    async (_, draw, expected, total) => {
      const partners = partnerService({ store, clock, company });
      const reminders = reminderService({ store, clock, company, partners, retry: { random: () => draw } });
      milestone({ partners, reminders }, 'Kick-off', '2026-11-17');
      await reminders.enqueueDue(clock.now());
      const waits: number[] = [];
      for (let i = 0; i < 11; i++) {
        const [d] = reminders.claim(1, Date.now());
        if (!d) throw new Error(`nothing to claim at attempt ${i + 1}`);
        const r = reminders.retry(d, 'http_503');
        const row = store.deliveries.byId(d.id);
        if (!r.gaveUp) waits.push(Date.parse(row?.next_attempt_at ?? '') - clock.now().getTime());
        clock.set(row?.next_attempt_at ?? clock.now());
      }
      expect(waits).toEqual(expected);
      expect(waits.reduce((a, b) => a + b, 0)).toBe(total);
      expect(rows()[0]).toMatchObject({ status: 'failed', last_error: 'gave up after 11 attempts: http_503' });
    },
  );
});
