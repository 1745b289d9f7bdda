import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompanyConfigSchema } from '../../src/config/schema';
import { fixedClock } from '../../src/domain/clock';
import { partnerService } from '../../src/domain/partners/service';
import type { RetryPolicy } from '../../src/domain/reminders/delivery';
import { digestService } from '../../src/domain/digest/service';
import { reminderProgram } from '../../src/domain/reminders/program';
import { reminderService } from '../../src/domain/reminders/service';
import { openStore, type TestStore } from '../support/open-store';
import { dropDatabase, freshDatabase } from '../support/database';
import { rows as select } from '../support/sql';

/** The outbox on a real database, through the reminder service: no Slack involved. */

let target: string;
let store: TestStore;
const clock = fixedClock('2026-11-24T15:00:00Z');
const company = CompanyConfigSchema.parse({});

function services(s: TestStore = store, holder = 'process-a', retry?: { random: () => number; policy?: RetryPolicy }) {
  const partners = partnerService({ store: s, clock, company });
  const reminders = reminderService({ store: s, clock, company, partners, ...(retry ? { retry } : {}) });
  const program = reminderProgram({
    database: s.database,
    clock,
    settings: reminders.settings,
    holder,
    workspace: async () => ({
      reminders,
      digests: digestService({ store: s, clock, company, settings: reminders.settings }),
      active: true,
    }),
  });
  return { partners, reminders, program };
}

beforeEach(async () => {
  target = await freshDatabase();
  store = await openStore(target, { now: () => clock.now().toISOString() });
  clock.set('2026-11-24T15:00:00Z');
});
afterEach(async () => {
  await store.close();
  await dropDatabase(target);
});

async function milestone(
  s: ReturnType<typeof services>,
  title: string,
  dueOn: string,
): Promise<{ partnerId: number; milestoneId: number }> {
  const existing = await store.partners.findByName('Acme Corp');
  const partnerId = existing?.id ?? (await s.partners.add('Acme Corp', { channelId: 'C0ACME' }, 'U0ALICE')).partner.id;
  const milestoneId = await store.milestones.add({
    partner_id: partnerId,
    title,
    due_on: dueOn,
    created_by: 'U0ALICE',
    created_at: '2026-11-01T12:00:00.000Z',
  });
  return { partnerId, milestoneId };
}

const rows = () => select(store, 'SELECT occurrence_key, status, last_error FROM reminder_deliveries ORDER BY id');

describe('the reminder outbox', () => {
  it('inserts each occurrence once, however often it is computed', async () => {
    const s = services();
    await milestone(s, 'Kick-off', '2026-11-17');
    expect((await s.program.planDue(clock.now())).inserted).toBe(1);
    expect((await s.program.planDue(clock.now())).inserted).toBe(0);
    expect((await services().program.planDue(clock.now())).inserted).toBe(0); // a restarted process
    // Worked out again from scratch (as after a change), it still inserts nothing new.
    await store.schedule.replanAll();
    expect((await s.program.planDue(clock.now())).inserted).toBe(0);
    expect(await rows()).toHaveLength(1);
  });

  it('cancels an older unsent occurrence when a newer one of the same item comes due: it is never posted', async () => {
    const s = services();
    const { milestoneId } = await milestone(s, 'Kick-off', '2026-11-17');
    await s.program.planDue(clock.now());
    clock.set('2026-11-26T15:00:00Z');
    await s.program.planDue(clock.now());
    expect(await rows()).toEqual([
      {
        occurrence_key: `milestone:${milestoneId}:overdue:2026-11-23`,
        status: 'cancelled',
        last_error: `superseded by milestone:${milestoneId}:overdue:2026-11-26`,
      },
      { occurrence_key: `milestone:${milestoneId}:overdue:2026-11-26`, status: 'pending', last_error: null },
    ]);
  });

  it('claims rows once across two processes, and cancels at claim time what is no longer due', async () => {
    const s = services();
    const a = await milestone(s, 'Kick-off', '2026-11-17');
    await milestone(s, 'Second', '2026-11-18');
    await s.program.planDue(clock.now());
    await store.milestones.markDone(a.milestoneId, clock.now().toISOString(), 'U0ALICE');
    const other = await openStore(target, { now: () => clock.now().toISOString() });
    try {
      // One after the other: two SQLite connections in one process would wait on each other's lock
      // with the event loop held (two processes do not); claims racing for real are in store/engines.test.ts.
      const mine = await s.program.claim(100, Date.now());
      const theirs = await services(other, 'process-b').program.claim(100, Date.now());
      expect(mine.map((d) => (d.kind === 'digest' ? '' : d.payload.facts.title))).toEqual(['Second']);
      expect(theirs).toEqual([]);
      expect(await rows()).toEqual([
        expect.objectContaining({ status: 'cancelled', last_error: 'no longer due: milestone done' }),
        expect.objectContaining({ status: 'sending' }),
      ]);
    } finally {
      await other.close();
    }
  });

  it('drops a pending QBR reminder when a tier change re-plans the QBR', async () => {
    clock.set('2026-08-24T15:00:00Z');
    const s = services();
    const partnerId = (await s.partners.add('Acme Corp', { tier: 'Gold' }, 'U0ALICE')).partner.id;
    clock.set('2026-11-24T15:00:00Z');
    await s.program.planDue(clock.now());
    expect(await rows()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ occurrence_key: `qbr:${partnerId}:due:2026-11-24`, status: 'pending' }),
      ]),
    );
    await store.partners.update(partnerId, { tier: 'Silver' }, clock.now().toISOString());
    await s.program.claim(100, Date.now());
    expect(await rows()).toEqual(
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
      const s = services(store, 'process-a', { random: () => draw });
      const { reminders, program } = s;
      await milestone(s, 'Kick-off', '2026-11-17');
      await program.planDue(clock.now());
      const waits: number[] = [];
      for (let i = 0; i < 11; i++) {
        const [d] = await program.claim(1, Date.now());
        if (!d) throw new Error(`nothing to claim at attempt ${i + 1}`);
        const r = await reminders.retry(d, 'http_503');
        const row = await store.deliveries.byId(d.id);
        if (!r.gaveUp) waits.push(Date.parse(row?.next_attempt_at ?? '') - clock.now().getTime());
        clock.set(row?.next_attempt_at ?? clock.now());
      }
      expect(waits).toEqual(expected);
      expect(waits.reduce((a, b) => a + b, 0)).toBe(total);
      expect((await rows())[0]).toMatchObject({ status: 'failed', last_error: 'gave up after 11 attempts: http_503' });
    },
  );
});
