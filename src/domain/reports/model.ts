import type { Stage } from '../partners/model';

/**
 * What a report is made from: plain data the caller reads from the store, so the renderers stay pure.
 * Instants are ISO 8601 strings (`2026-11-24T15:04:05.000Z`), calendar days `YYYY-MM-DD`.
 */

/** Someone in Slack: the id, and a display name when the caller knows it (a file cannot show `<@U…>`). */
export interface Person {
  readonly id: string;
  readonly name?: string;
}

export interface HealthEvent {
  readonly at: string;
  readonly score: number;
  readonly note: string | null;
  readonly by: Person | null;
}

export interface MilestoneItem {
  readonly title: string;
  readonly dueOn: string;
  readonly status: 'open' | 'done' | 'cancelled';
  readonly doneAt: string | null;
}

export interface NoteItem {
  readonly at: string;
  readonly text: string;
  readonly by: Person | null;
}

export type RunStatus = 'active' | 'paused' | 'completed' | 'abandoned';

export interface RunItem {
  readonly playbookId: string;
  readonly playbookName: string;
  readonly status: RunStatus;
  /** 0-based index of the current step, and how many steps the playbook has. */
  readonly stepIndex: number;
  readonly stepCount: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** The run's thread, when known. */
  readonly link?: string;
}

export interface DocumentItem {
  readonly title: string;
  readonly templateId: string;
  readonly version: number;
  readonly at: string;
  readonly link?: string;
}

export interface PartnerFacts {
  readonly name: string;
  readonly tier: string;
  readonly stage: Stage;
  readonly type: string | null;
  readonly owner: Person | null;
  /** The channel's name (`partner-acme`) or id. */
  readonly channel: string | null;
  readonly vertical: string | null;
  /** When the partner was added (an instant). */
  readonly since: string;
  readonly health: number | null;
}

export interface PartnerReportData {
  readonly partner: PartnerFacts;
  readonly qbr: {
    readonly everyMonths: number;
    readonly lastHeldOn: string | null;
    readonly nextDueOn: string | null;
  };
  /** Every health event, in any order (the report sorts them). */
  readonly health: readonly HealthEvent[];
  readonly milestones: readonly MilestoneItem[];
  readonly notes: readonly NoteItem[];
  readonly runs: readonly RunItem[];
  readonly documents: readonly DocumentItem[];
  /** Today in `zone`, and the zone the report's dates are shown in. */
  readonly today: string;
  readonly zone: string;
  /** How many of the newest notes to show (default 10). */
  readonly recentNotes?: number;
  /** How many notes the partner has, when `notes` holds only the newest. */
  readonly notesTotal?: number;
  /** How many documents the partner has, when `documents` holds only the newest. */
  readonly documentsTotal?: number;
  /** Oldest health scores left out of `health` to keep the report readable. */
  readonly healthOmitted?: number;
  /** Milestones left out of `milestones` (the newest are kept). */
  readonly milestonesOmitted?: number;
}

export interface PortfolioPartner {
  readonly name: string;
  readonly tier: string;
  readonly stage: Stage;
  readonly health: number | null;
  /** The reason given with the latest health score. */
  readonly healthNote: string | null;
  readonly owner: Person | null;
  readonly nextQbrDueOn: string | null;
  readonly openMilestones: readonly { readonly title: string; readonly dueOn: string }[];
}

export interface PortfolioRun extends RunItem {
  readonly partner: string;
}

export interface PortfolioReportData {
  readonly companyName?: string;
  /** partneros.yml's tiers, highest first: the order of the tier table. */
  readonly tiers: readonly string[];
  /** Every partner not archived. */
  readonly partners: readonly PortfolioPartner[];
  /** Active and paused runs (others are ignored). */
  readonly runs: readonly PortfolioRun[];
  /** `reminders.health_below`: a partner below it is at risk. */
  readonly healthBelow: number;
  readonly today: string;
  readonly zone: string;
  /** Set when the report covers only the partners this person owns. */
  readonly owner?: Person;
  /** Partners left out past the most one report covers. */
  readonly partnersOmitted?: number;
}
