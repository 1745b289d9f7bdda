import type { Database } from '../../store';
import type { ErasedRows, InstallationRecord, WorkspaceSummary } from '../../store/workspaces';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { WorkspaceSettings } from './settings';

export type { ErasedRows, InstallationRecord, WorkspaceSummary };

/** A workspace erased: what it was just before, and the rows that went, table by table. */
export interface Erasure {
  workspace: WorkspaceSummary;
  rows: ErasedRows;
}

export class UnknownWorkspace extends DomainError {
  readonly code = 'unknown_workspace';
  constructor(id: string) {
    super(`No workspace ${id} is on file.`, 'See the installed workspaces with `npx partneros workspace list`.');
  }
}

/**
 * A workspace's tokens are gone (uninstalled, revoked, refused by Slack): they are forgotten and
 * what it had waiting in the outbox is cancelled, so nothing is posted later in a burst. Its data
 * stays: a reinstall finds it.
 */
export function stopWorkspace(database: Database, workspaceId: string, reason: string, at: string): Promise<number> {
  return database.transaction(async (tx) => {
    await tx.workspaces.dropInstallation(workspaceId, at);
    return tx.outbox.stopWorkspace(workspaceId, reason);
  });
}

/** Installs, uninstalls, settings and erasure: a workspace's life on this database. */
export function workspaceLifecycle(deps: {
  database: Database;
  clock: Clock;
  /** After an install or new settings: what depends on the workspace's settings catches up (its digest channel). */
  settingsChanged?: (workspaceId: string) => Promise<void>;
}) {
  const { database, clock } = deps;
  const nowIso = () => clock.now().toISOString();
  /** One workspace on file, or UnknownWorkspace. */
  const summary = async (workspaceId: string): Promise<WorkspaceSummary> => {
    const found = await database.workspaces.summary(workspaceId);
    if (!found) throw new UnknownWorkspace(workspaceId);
    return found;
  };
  return {
    /** An install or a reinstall: its partners are planned again (they waited while it was away). */
    async installed(record: Omit<InstallationRecord, 'at'>): Promise<void> {
      await database.workspaces.saveInstallation({ ...record, at: nowIso() });
      const store = database.workspace(record.workspaceId);
      await store.schedule.replanAll();
      await store.digests.rescheduleAll();
      await deps.settingsChanged?.(record.workspaceId);
    },
    installation: (workspaceId: string) => database.workspaces.installation(workspaceId),
    uninstalled: (workspaceId: string, reason: string) => stopWorkspace(database, workspaceId, reason, nowIso()),
    /**
     * A single-workspace program at start: its workspace is on file and installed, and rows from
     * before workspaces existed become its own. Returns the partners adopted.
     */
    async single(workspaceId: string, name: string | null): Promise<number> {
      const before = await database.workspaces.get(workspaceId);
      await database.workspaces.ensure(workspaceId, name, nowIso());
      const adopted = await database.workspaces.adoptUnassigned(workspaceId);
      if (before?.uninstalled_at) {
        await database.workspace(workspaceId).schedule.replanAll();
        await database.workspace(workspaceId).digests.rescheduleAll();
      }
      // partneros.yml may name another digest channel than at the last start.
      await deps.settingsChanged?.(workspaceId);
      return adopted;
    },
    /** Saves a workspace's own settings; its partners are planned again with them. */
    async saveSettings(workspaceId: string, settings: WorkspaceSettings): Promise<void> {
      await database.workspaces.saveSettings(workspaceId, JSON.stringify(settings), nowIso());
      await database.workspace(workspaceId).schedule.replanAll();
      // Another digest day or hour moves every target's next digest.
      await database.workspace(workspaceId).digests.rescheduleAll();
      await deps.settingsChanged?.(workspaceId);
    },
    list: (): Promise<WorkspaceSummary[]> => database.workspaces.list(),
    summary,
    unassignedPartners: () => database.workspaces.unassignedPartners(),
    /**
     * Erases one workspace's data for good, its installation included: while it is still
     * installed, PartnerOS stops answering there (no token) and a reinstall starts empty.
     */
    async erase(workspaceId: string): Promise<Erasure> {
      const workspace = await summary(workspaceId);
      return { workspace, rows: await database.workspaces.erase(workspaceId) };
    },
  };
}

export type WorkspaceLifecycle = ReturnType<typeof workspaceLifecycle>;
