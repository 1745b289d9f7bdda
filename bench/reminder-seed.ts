/**
 * The reminder benches' data set, written in bulk (bench/bulk.ts) into an empty database: `partners`
 * partners created over two years (tiers, 200 owners, 30 % with a channel), `milestones` milestones
 * due from 120 days ago to a year ahead (most past ones done), health events, notes, QBRs, and the
 * audit rows the app would have written with them (quiet-partner reminders read those). Every
 * partner is due for planning afterwards (schedule next_at ''), as after an import; owners' time
 * zones are known (as after the first ticks), so a tick does not spend its first minutes asking Slack.
 */
import {
  AUDIT_COLUMNS,
  type BulkPartner,
  BENCH_WORKSPACE,
  bulkSeed,
  HEALTH_COLUMNS,
  inWorkspace,
  insertPartners,
  knownZones,
  MILESTONE_COLUMNS,
  NOTE_COLUMNS,
  QBR_COLUMNS,
  type Seeder,
} from './bulk';
import { pick, prng } from './stats';

const DAY = 86_400_000;

/**
 * The company settings every reminder bench runs with: reminders every day of the week, at midnight
 * UTC, so what is due (and how much) does not depend on the weekday or hour the bench runs at.
 */
export const BENCH_COMPANY_YAML = `reminders:
  hour: 0
  timezone: Etc/UTC
  working_days: [mon, tue, wed, thu, fri, sat, sun]
`;
export const BENCH_ZONE = 'Etc/UTC';

export interface ReminderSeedPlan {
  partners: number;
  milestones: number;
  owners: number;
  seed: number;
}

export interface ReminderSeeded {
  partners: number;
  milestones: number;
  openMilestones: number;
  healthEvents: number;
  notes: number;
  qbrs: number;
  auditRows: number;
  /** Partner names, for `/partner show` probes. */
  names: string[];
  ms: number;
}

export const partnerName = (i: number): string => `Partner ${String(i).padStart(6, '0')}`;

/** One workspace's rows, built in memory (partner ids from `firstId`, unique across workspaces). */
export interface ReminderRows {
  partners: BulkPartner[];
  owners: string[];
  audit: unknown[][];
  notes: unknown[][];
  health: unknown[][];
  qbrs: unknown[][];
  milestones: unknown[][];
  openMilestones: number;
}

export function reminderRows(plan: ReminderSeedPlan, now: number, firstId = 1): ReminderRows {
  const rng = prng(plan.seed);
  const owners = Array.from({ length: plan.owners }, (_, i) => `U0OWNER${String(i).padStart(4, '0')}`);
  const iso = (ms: number) => new Date(ms).toISOString();
  const partners: BulkPartner[] = [];
  const audit: unknown[][] = [];
  const notes: unknown[][] = [];
  const health: unknown[][] = [];
  const qbrs: unknown[][] = [];
  const milestones: unknown[][] = [];
  let openMilestones = 0;
  for (let n = 1; n <= plan.partners; n++) {
    const i = firstId + n - 1;
    const created = now - Math.floor(rng() * 730) * DAY - Math.floor(rng() * DAY);
    partners.push({
      id: i,
      name: partnerName(n),
      type: null,
      tier: pick(rng, ['Gold', 'Silver', 'Silver', 'Bronze', 'Bronze', 'Bronze']),
      stage: pick(rng, ['prospect', 'onboarding', 'active', 'active', 'active', 'growing', 'at_risk', 'exited']),
      health: null,
      owner: pick(rng, owners),
      channel: rng() < 0.3 ? `C${String(i).padStart(8, '0')}` : null,
      vertical: null,
      createdAt: iso(created),
      updatedAt: iso(created),
      archivedAt: null,
    });
    audit.push([iso(created), 'UBENCH', i, 'partner.added', '{}']);
    if (rng() < 0.5) {
      const at = iso(now - Math.floor(rng() * 90) * DAY);
      notes.push([i, 'Call went well', 'UBENCH', null, at]);
      audit.push([at, 'UBENCH', i, 'partner.note', '{}']);
    }
    if (rng() < 0.3) {
      const at = iso(now - Math.floor(rng() * 20) * DAY);
      health.push([i, Math.floor(rng() * 100), Math.floor(rng() * 100), null, 'UBENCH', at]);
      audit.push([at, 'UBENCH', i, 'partner.health', '{}']);
    }
    if (rng() < 0.3) {
      const at = iso(now - Math.floor(rng() * 200) * DAY);
      qbrs.push([i, at.slice(0, 10), 'UBENCH', at]);
      audit.push([at, 'UBENCH', i, 'qbr.held', '{}']);
    }
  }
  for (let m = 0; m < plan.milestones; m++) {
    const partnerId = firstId + Math.floor(rng() * plan.partners);
    const due = now + Math.floor(rng() * 485 - 120) * DAY; // 120 days ago to a year ahead
    const open = due >= now || rng() < 0.3; // most past milestones are done
    const createdAt = iso(Math.min(due, now) - 30 * DAY);
    milestones.push([
      partnerId,
      `Milestone ${m}`,
      iso(due).slice(0, 10),
      open ? 'open' : 'done',
      open ? null : iso(due),
      open ? null : 'UBENCH',
      'UBENCH',
      createdAt,
    ]);
    audit.push([createdAt, 'UBENCH', partnerId, 'milestone.added', '{}']);
    if (!open) audit.push([iso(due), 'UBENCH', partnerId, 'milestone.done', '{}']);
    if (open) openMilestones += 1;
  }
  // In partner order, as a program's history would mostly lie: rows land next to each other in the
  // partner-keyed indexes, which makes SQLite's seeding several times faster (ids change, nothing else).
  const byPartner = (column: number) => (a: unknown[], b: unknown[]) => Number(a[column]) - Number(b[column]);
  milestones.sort(byPartner(0));
  audit.sort(byPartner(2));
  return { partners, owners, audit, notes, health, qbrs, milestones, openMilestones };
}

/** Writes one workspace's rows; `s` is that workspace's Seeder (`inWorkspace`). */
export async function writeReminderRows(s: Seeder, rows: ReminderRows, now: number): Promise<void> {
  await insertPartners(s, rows.partners);
  await knownZones(s, rows.owners, BENCH_ZONE, new Date(now).toISOString());
  await s.insert('notes', NOTE_COLUMNS, rows.notes);
  await s.insert('health_events', HEALTH_COLUMNS, rows.health);
  await s.insert('qbrs', QBR_COLUMNS, rows.qbrs, 'ON CONFLICT DO NOTHING');
  await s.insert('milestones', MILESTONE_COLUMNS, rows.milestones);
  await s.insert('audit_log', AUDIT_COLUMNS, rows.audit);
}

export async function seedReminderData(target: string, plan: ReminderSeedPlan, now: number): Promise<ReminderSeeded> {
  const rows = reminderRows(plan, now);
  const ms = await bulkSeed(target, (all) => writeReminderRows(inWorkspace(all, BENCH_WORKSPACE), rows, now));
  return {
    partners: rows.partners.length,
    milestones: rows.milestones.length,
    openMilestones: rows.openMilestones,
    healthEvents: rows.health.length,
    notes: rows.notes.length,
    qbrs: rows.qbrs.length,
    auditRows: rows.audit.length,
    names: rows.partners.map((p) => p.name),
    ms,
  };
}
