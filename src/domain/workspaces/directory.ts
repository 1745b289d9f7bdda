import type { CompanyConfig } from '../../config/schema';
import { isDatabaseUnavailable } from '../../store/errors';
import type { Database } from '../../store';
import type { Clock } from '../clock';
import { dedupeService, type DedupeService } from '../dedupe';
import { digestService, type DigestService } from '../digest/service';
import { partnerService, type PartnerService } from '../partners/service';
import type { PlaybookLibrary } from '../playbooks/library';
import { runService, type RunService } from '../playbooks/runs';
import type { RetryPolicy } from '../reminders/delivery';
import { reminderService, type ReminderService } from '../reminders/service';
import { reportService, type ReportService } from '../reports/data';
import type { FieldDefinition } from '../templates/fields';
import type { TemplateLibrary } from '../templates/library';
import { templateService, type TemplateService } from '../templates/service';
import { effectiveCompany, parseSavedSettings, type WorkspaceSettings } from './settings';

/**
 * Each workspace's services, over its own slice of the database and its own settings. Built on
 * demand and kept while the workspace's row is unchanged: every request reads that row (one
 * indexed read), so settings saved through one replica apply on every other at the next request.
 */

export interface WorkspaceServices {
  readonly workspaceId: string;
  /** partneros.yml with the workspace's own settings on top. */
  readonly company: CompanyConfig;
  /** What the workspace saved itself (for the settings form). */
  readonly own: WorkspaceSettings;
  /** partneros.yml's values: what a key the workspace has not saved follows. */
  readonly defaults: CompanyConfig;
  /** One workspace (a bot token): its admins default to partneros.yml's, not to its installer's. */
  readonly single: boolean;
  /** False when it is not installed (uninstalled, its token revoked): nothing is planned or posted for it. */
  readonly active: boolean;
  /** Who installed it through "Add to Slack", if anyone. */
  readonly installerId: string | null;
  readonly partners: PartnerService;
  readonly templates: TemplateService;
  readonly reminders: ReminderService;
  readonly runs: RunService;
  readonly reports: ReportService;
  readonly dedupe: DedupeService;
  readonly digests: DigestService;
}

export interface DirectoryDeps {
  database: Database;
  clock: Clock;
  /** partneros.yml. */
  defaults: CompanyConfig;
  /** One workspace (a bot token): its admins come from partneros.yml; otherwise from its own settings or its installer. */
  single: boolean;
  library: TemplateLibrary;
  playbooks: PlaybookLibrary;
  fields: ReadonlyMap<string, FieldDefinition>;
  retry?: { policy?: Partial<RetryPolicy>; random?: () => number };
}

/** Workspaces kept built at once; past that the least recently used is rebuilt when next needed. */
const KEEP = 2_000;

export function workspaceDirectory(deps: DirectoryDeps) {
  const { database, clock } = deps;
  const built = new Map<string, { stamp: string; services: WorkspaceServices }>();

  function build(
    workspaceId: string,
    own: WorkspaceSettings,
    active: boolean,
    installerId: string | null,
    extraAdmins: readonly string[] = [],
  ) {
    const store = database.workspace(workspaceId);
    const merged = effectiveCompany(deps.defaults, own);
    // partneros.yml's admins are people of one workspace: with many, each names its own, and until
    // then the person who installed it is one (workspace admins and owners are added per request).
    const admins = deps.single ? merged.admins : (own.admins ?? (installerId ? [installerId] : []));
    // The same for the digest channel: a channel id of partneros.yml belongs to one workspace.
    const { channel: _default, ...digest } = merged.digest;
    const channel = deps.single ? merged.digest.channel : own.digest?.channel;
    const company = {
      ...merged,
      admins: [...admins, ...extraAdmins],
      digest: channel ? { ...digest, channel } : digest,
    };
    const partners = partnerService({ store, clock, company });
    const reminders = reminderService({ store, clock, company, partners, retry: deps.retry });
    return {
      workspaceId,
      company,
      own,
      defaults: deps.defaults,
      single: deps.single,
      active,
      installerId,
      partners,
      templates: templateService({ store, clock, company, partners, library: deps.library, fields: deps.fields }),
      reminders,
      digests: digestService({ store, clock, company, settings: reminders.settings }),
      runs: runService({ store, clock, company, partners, playbooks: deps.playbooks, templates: deps.library }),
      reports: reportService({ store, clock, company, playbooks: deps.playbooks }),
      dedupe: dedupeService(store, clock),
    } satisfies WorkspaceServices;
  }

  return {
    /** The same workspace with one more admin, for one request: a workspace admin or owner who is not yet listed. */
    withAdmin: (s: WorkspaceServices, userId: string): WorkspaceServices =>
      build(s.workspaceId, s.own, s.active, s.installerId, [userId]),
    async services(workspaceId: string): Promise<WorkspaceServices> {
      let row: Awaited<ReturnType<typeof database.workspaces.get>>;
      try {
        row = await database.workspaces.get(workspaceId);
      } catch (error) {
        // The database is down: the services already built still know where to answer, and each of
        // their reads fails on its own and is answered plainly ("try again in a moment").
        const known = built.get(workspaceId);
        if (known && isDatabaseUnavailable(error)) return known.services;
        throw error;
      }
      // A single workspace is on file from start-up; it stops too when Slack refuses its token.
      const active = row ? row.uninstalled_at === null : deps.single;
      // The settings themselves, not only when they were saved: two saves within one clock tick
      // (or on replicas whose clocks differ) must not leave a replica on the first.
      const stamp = `${row?.settings_at ?? ''}|${row?.settings ?? ''}|${active}|${row?.installer_id ?? ''}`;
      const hit = built.get(workspaceId);
      if (hit?.stamp === stamp) {
        built.delete(workspaceId);
        built.set(workspaceId, hit);
        return hit.services;
      }
      const services = build(workspaceId, parseSavedSettings(row?.settings), active, row?.installer_id ?? null);
      built.set(workspaceId, { stamp, services });
      if (built.size > KEEP) built.delete(built.keys().next().value ?? '');
      return services;
    },
  };
}

export type WorkspaceDirectory = ReturnType<typeof workspaceDirectory>;
