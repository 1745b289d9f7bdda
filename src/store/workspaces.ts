import type { Kysely } from 'kysely';
import type { DB, WorkspaceRow } from './schema';
import { inTransaction } from './tx';

export type { WorkspaceRow };

/**
 * The tables whose rows belong to a workspace, children before the partners they point at (the
 * order a workspace's data is erased in).
 */
export const TENANT_TABLES = [
  'run_answers',
  'playbook_runs',
  'partner_answers',
  'documents',
  'qbrs',
  'reminder_deliveries',
  'reminder_snoozes',
  'reminder_schedule',
  'partner_name_words',
  'partner_name_trigrams',
  'partner_name_gram_counts',
  'health_events',
  'notes',
  'milestones',
  'audit_log',
  'processed_events',
  'slack_users',
  'partners',
] as const satisfies readonly (keyof DB)[];

/** Rows written before workspaces existed carry this until a workspace adopts them. */
export const UNASSIGNED = '';

export interface InstallationRecord {
  workspaceId: string;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterprise: boolean;
  /** Bolt's installation object as JSON (tokens included). */
  installation: string;
  installerId: string | null;
  name: string | null;
  at: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string | null;
  installed: boolean;
  installedAt: string;
  uninstalledAt: string | null;
  partners: number;
}

/**
 * Installations ("Add to Slack") and what PartnerOS keeps per workspace: when it came and went,
 * and its settings. Across workspaces by nature: the installation store, the CLI and start-up use it.
 */
export function workspaceStore(db: Kysely<DB>) {
  return {
    /** An install (or a reinstall): the tokens, and the workspace marked installed again. */
    saveInstallation: (r: InstallationRecord): Promise<void> =>
      inTransaction(db, async (trx) => {
        await trx
          .insertInto('slack_installations')
          .values({
            workspace_id: r.workspaceId,
            team_id: r.teamId,
            enterprise_id: r.enterpriseId,
            is_enterprise: r.isEnterprise ? 1 : 0,
            installation: r.installation,
            installer_id: r.installerId,
            installed_at: r.at,
          })
          .onConflict((oc) =>
            oc.column('workspace_id').doUpdateSet((eb) => ({
              team_id: eb.ref('excluded.team_id'),
              enterprise_id: eb.ref('excluded.enterprise_id'),
              is_enterprise: eb.ref('excluded.is_enterprise'),
              installation: eb.ref('excluded.installation'),
              installer_id: eb.ref('excluded.installer_id'),
              installed_at: eb.ref('excluded.installed_at'),
            })),
          )
          .execute();
        await trx
          .insertInto('workspaces')
          .values({ id: r.workspaceId, name: r.name, installed_at: r.at, installer_id: r.installerId })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('workspaces.name')),
              installed_at: eb.ref('excluded.installed_at'),
              installer_id: eb.ref('excluded.installer_id'),
              uninstalled_at: null,
            })),
          )
          .execute();
      }),
    installation: async (workspaceId: string): Promise<string | undefined> =>
      (
        await db
          .selectFrom('slack_installations')
          .select('installation')
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirst()
      )?.installation,
    /** Forgets the tokens (uninstalled, revoked, refused); the workspace's data stays. */
    dropInstallation: (workspaceId: string, at: string): Promise<boolean> =>
      inTransaction(db, async (trx) => {
        const r = await trx
          .deleteFrom('slack_installations')
          .where('workspace_id', '=', workspaceId)
          .executeTakeFirst();
        await trx
          .updateTable('workspaces')
          .set({ uninstalled_at: at })
          .where('id', '=', workspaceId)
          .where('uninstalled_at', 'is', null)
          .execute();
        return Number(r.numDeletedRows) > 0;
      }),
    get: (workspaceId: string): Promise<WorkspaceRow | undefined> =>
      db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst(),
    /** The workspace of a single-workspace program: on file from its first start. */
    async ensure(workspaceId: string, name: string | null, at: string): Promise<void> {
      await db
        .insertInto('workspaces')
        .values({ id: workspaceId, name, installed_at: at })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('workspaces.name')),
            uninstalled_at: null,
          })),
        )
        .execute();
    },
    async saveSettings(workspaceId: string, settings: string, at: string): Promise<void> {
      await db.updateTable('workspaces').set({ settings, settings_at: at }).where('id', '=', workspaceId).execute();
    },
    /** Every workspace on file, installed or not, with its active partners. */
    async list(): Promise<WorkspaceSummary[]> {
      const [rows, counts] = await Promise.all([
        db.selectFrom('workspaces').selectAll().orderBy('installed_at').execute(),
        db
          .selectFrom('partners')
          .select((eb) => ['workspace_id', eb.fn.countAll<number>().as('n')])
          .where('archived_at', 'is', null)
          .groupBy('workspace_id')
          .execute(),
      ]);
      const partners = new Map(counts.map((c) => [c.workspace_id, Number(c.n)]));
      return rows.map((w) => ({
        id: w.id,
        name: w.name,
        installed: w.uninstalled_at === null,
        installedAt: w.installed_at,
        uninstalledAt: w.uninstalled_at,
        partners: partners.get(w.id) ?? 0,
      }));
    },
    /** How many partners were written before workspaces existed and belong to none yet. */
    unassignedPartners: async (): Promise<number> =>
      Number(
        (
          await db
            .selectFrom('partners')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', UNASSIGNED)
            .executeTakeFirst()
        )?.n ?? 0,
      ),
    /** Rows from before workspaces existed become this workspace's (a single-workspace program upgrading). */
    adoptUnassigned: (workspaceId: string): Promise<number> =>
      inTransaction(db, async (trx) => {
        let partners = 0;
        for (const table of TENANT_TABLES) {
          const r = await trx
            .updateTable(table)
            .set({ workspace_id: workspaceId })
            .where('workspace_id', '=', UNASSIGNED)
            .executeTakeFirst();
          if (table === 'partners') partners = Number(r.numUpdatedRows);
        }
        return partners;
      }),
    /** Erases one workspace's data and installation for good. Returns the partners deleted. */
    erase: (workspaceId: string): Promise<number> =>
      inTransaction(db, async (trx) => {
        let partners = 0;
        for (const table of TENANT_TABLES) {
          const r = await trx.deleteFrom(table).where('workspace_id', '=', workspaceId).executeTakeFirst();
          if (table === 'partners') partners = Number(r.numDeletedRows);
        }
        await trx.deleteFrom('slack_installations').where('workspace_id', '=', workspaceId).execute();
        await trx.deleteFrom('workspaces').where('id', '=', workspaceId).execute();
        return partners;
      }),
  };
}

export type WorkspaceStore = ReturnType<typeof workspaceStore>;
