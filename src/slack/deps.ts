import type { Config } from '../config/schema';
import type { Clock } from '../domain/clock';
import type { DedupeService } from '../domain/dedupe';
import type { DigestService } from '../domain/digest/service';
import { localDate } from '../domain/partners/model';
import type { PartnerService } from '../domain/partners/service';
import type { TemplateService } from '../domain/templates/service';
import type { ReminderService } from '../domain/reminders/service';
import type { CoachEngine } from '../domain/coach/engine';
import type { RunService } from '../domain/playbooks/runs';
import type { ReportService } from '../domain/reports/data';
import type { WorkspaceServices } from '../domain/workspaces/directory';
import type { WorkspaceLifecycle } from '../domain/workspaces/lifecycle';
import type { Logger } from '../logging';
import type { NameLookup } from './names';
import type { KeyedQueue } from './runs/queue';
import type { SharedChannelCheck } from './shared-channels';

/** What every listener may use whatever the workspace: the clock, the log, Slack-side caches. */
export interface SharedDeps {
  /** The deployment's settings (partneros.yml's company part is replaced by the workspace's, below). */
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly isSharedChannel: SharedChannelCheck;
  readonly names: NameLookup;
  readonly coach: CoachEngine;
  /** Work on one run (replies, clicks) in arrival order. */
  readonly runQueue: KeyedQueue;
  /** Installs, uninstalls and settings of workspaces. */
  readonly lifecycle: WorkspaceLifecycle;
}

/**
 * What every listener may use: domain services, never the store. The services (and
 * `config.company`) are those of the workspace the request came from (see request-scope.ts).
 */
export interface SlackDeps extends SharedDeps {
  readonly workspace: WorkspaceServices;
  readonly partners: PartnerService;
  readonly templates: TemplateService;
  readonly reminders: ReminderService;
  readonly dedupe: DedupeService;
  readonly runs: RunService;
  readonly reports: ReportService;
  readonly digests: DigestService;
}

/** Today in the company time zone, `YYYY-MM-DD`: what relative dates typed in Slack (`next friday`) count from. */
export const companyToday = (deps: Pick<SlackDeps, 'clock' | 'config'>): string =>
  localDate(deps.clock.now(), deps.config.company.reminders.timezone);
