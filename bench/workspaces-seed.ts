/**
 * The data of bench/workspaces.ts: 1,000 workspaces installed by rows, each with its partners and
 * their history (bench/reminder-seed.ts's rows per partner), or one workspace of the same size.
 */
import { TEST_IDS } from '../tests/support/slack-ids';
import { BENCH_WORKSPACE, bulkSeed, type Columns, inWorkspace, knownZones, type Seeder } from './bulk';
import { BENCH_ZONE, reminderRows, writeReminderRows } from './reminder-seed';

export type Variant = 'many' | 'one';
export const VARIANTS: readonly Variant[] = ['many', 'one'];
export const LABEL: Record<Variant, string> = { many: 'many workspaces', one: 'one workspace' };

/** The rows per workspace and partner (the sizes are options of the bench). */
export const WORKSPACE_DATA = {
  milestonesPerPartner: 3,
  /** Partner managers: a few per workspace; the one big workspace has as many as the tick bench. */
  ownersPerWorkspace: 5,
  ownersOneWorkspace: 200,
  seed: 20_261_206,
};

export interface Size {
  workspaces: number;
  partnersPerWorkspace: number;
}

/** Who sends the commands: not an admin anywhere (each workspace names its own admin). */
export const REQUESTER = TEST_IDS.alice;
const ADMIN = 'U0ADMIN';

/** Slack-shaped team ids: T0WS0001 … */
export const teamIdOf = (w: number): string => `T0WS${String(w + 1).padStart(4, '0')}`;

const WORKSPACE_COLUMNS: Columns = [
  ['id', 'text'],
  ['name', 'text'],
  ['installed_at', 'text'],
  ['installer_id', 'text'],
  ['settings', 'text'],
  ['settings_at', 'text'],
];
const INSTALLATION_COLUMNS: Columns = [
  ['workspace_id', 'text'],
  ['team_id', 'text'],
  ['enterprise_id', 'text'],
  ['is_enterprise', 'integer'],
  ['installation', 'text'],
  ['installer_id', 'text'],
  ['installed_at', 'text'],
];

/**
 * A Seeder that gathers rows per table and statement and writes them `size` at a time: a thousand
 * workspaces' rows in a few dozen statements rather than one small statement per workspace and table.
 */
function batching(s: Seeder, size = 20_000): Seeder & { flush(): Promise<void> } {
  const buffers = new Map<string, { table: string; columns: Columns; conflict?: string; rows: unknown[][] }>();
  const write = async (key: string) => {
    const b = buffers.get(key);
    if (!b || b.rows.length === 0) return;
    const rows = b.rows;
    b.rows = [];
    await s.insert(b.table, b.columns, rows, b.conflict);
  };
  return {
    async insert(table, columns, rows, conflict) {
      const key = `${table}|${columns.map(([n]) => n).join(',')}|${conflict ?? ''}`;
      let b = buffers.get(key);
      if (!b) {
        b = { table, columns, ...(conflict === undefined ? {} : { conflict }), rows: [] };
        buffers.set(key, b);
      }
      for (const r of rows) b.rows.push([...r]);
      if (b.rows.length >= size) await write(key);
    },
    async flush() {
      for (const key of buffers.keys()) await write(key);
    },
  };
}

export interface SeedFigures {
  workspaces: number;
  partners: number;
  milestones: number;
  openMilestones: number;
  notes: number;
  healthEvents: number;
  qbrs: number;
  auditRows: number;
  ms: number;
}

export interface Seeded {
  figures: SeedFigures;
  /** Partner names and their team (same index), for the load client. */
  names: string[];
  teams: string[];
}

export async function seedVariant(variant: Variant, target: string, now: number, size: Size): Promise<Seeded> {
  const iso = new Date(now).toISOString();
  const names: string[] = [];
  const teams: string[] = [];
  const figures: SeedFigures = {
    workspaces: variant === 'many' ? size.workspaces : 1,
    partners: 0,
    milestones: 0,
    openMilestones: 0,
    notes: 0,
    healthEvents: 0,
    qbrs: 0,
    auditRows: 0,
    ms: 0,
  };
  const count = (rows: ReturnType<typeof reminderRows>, team: string) => {
    figures.partners += rows.partners.length;
    figures.milestones += rows.milestones.length;
    figures.openMilestones += rows.openMilestones;
    figures.notes += rows.notes.length;
    figures.healthEvents += rows.health.length;
    figures.qbrs += rows.qbrs.length;
    figures.auditRows += rows.audit.length;
    for (const p of rows.partners) {
      names.push(p.name);
      teams.push(team);
    }
  };
  const perPartner = WORKSPACE_DATA.milestonesPerPartner;
  figures.ms = await bulkSeed(target, async (all) => {
    if (variant === 'one') {
      const partners = size.workspaces * size.partnersPerWorkspace;
      const rows = reminderRows(
        {
          partners,
          milestones: partners * perPartner,
          owners: WORKSPACE_DATA.ownersOneWorkspace,
          seed: WORKSPACE_DATA.seed,
        },
        now,
      );
      count(rows, BENCH_WORKSPACE);
      await writeReminderRows(inWorkspace(all, BENCH_WORKSPACE), rows, now);
      return;
    }
    const b = batching(all);
    const workspaces: unknown[][] = [];
    const installations: unknown[][] = [];
    for (let w = 0; w < size.workspaces; w++) {
      const id = teamIdOf(w);
      const name = `Workspace ${w + 1}`;
      // As "Add to Slack" leaves it: the workspace's row (its own admin, so no request asks Slack
      // whether the sender is one) and Bolt's installation object with the bot token.
      workspaces.push([id, name, iso, REQUESTER, JSON.stringify({ admins: [ADMIN] }), iso]);
      const installation = {
        team: { id, name },
        enterprise: undefined,
        user: { id: REQUESTER, token: undefined, scopes: undefined },
        bot: { token: `xoxb-${id}`, scopes: ['commands', 'chat:write'], id: `BBOT${id}`, userId: `UBOT${id}` },
        tokenType: 'bot',
        isEnterpriseInstall: false,
        appId: TEST_IDS.appId,
        authVersion: 'v2',
      };
      installations.push([id, id, null, 0, JSON.stringify(installation), REQUESTER, iso]);
      const rows = reminderRows(
        {
          partners: size.partnersPerWorkspace,
          milestones: size.partnersPerWorkspace * perPartner,
          owners: WORKSPACE_DATA.ownersPerWorkspace,
          seed: WORKSPACE_DATA.seed + w,
        },
        now,
        w * size.partnersPerWorkspace + 1,
      );
      count(rows, id);
      await writeReminderRows(inWorkspace(b, id), rows, now);
      // The admin's zone as already learnt, like the owners': a zone learnt later replans the whole
      // workspace, and at 40 lookups a tick the first 25 ticks would each replan 40 workspaces.
      await knownZones(inWorkspace(b, id), [ADMIN], BENCH_ZONE, iso);
    }
    await b.flush();
    await all.insert('workspaces', WORKSPACE_COLUMNS, workspaces);
    await all.insert('slack_installations', INSTALLATION_COLUMNS, installations);
  });
  return { figures, names, teams };
}
