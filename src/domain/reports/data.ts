import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { Clock } from '../clock';
import type { Partner } from '../partners/model';
import type { PlaybookLibrary } from '../playbooks/library';
import { dayIn } from '../reminders/calendar';
import { FINISHED_STAGES, nextQbrDue } from '../reminders/due';
import { reminderSettings } from '../reminders/model';
import type { PartnerReportData, PortfolioReportData, RunItem } from './model';
import { portfolioData } from './portfolio-data';
import { newest, people, playbookFacts, type ReportNames, reportStatus } from './reads';

export type { ReportNames } from './reads';

/**
 * What a report is made of, read from one workspace's store through bounded queries: a partner's whole
 * record (its newest history first, up to a cap each), or every partner of the program. The renderers
 * (partner-report.ts, portfolio-report.ts, charts.ts) then work on plain data.
 */

export interface ReportDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  playbooks: PlaybookLibrary;
}

/** Whole program, or the partners the person owns. */
export type PortfolioScope = 'all' | 'mine';

/** The newest health scores one report draws; older ones are counted and left out. */
export const MAX_HEALTH = 5_000;
export const MAX_MILESTONES = 1_000;
export const RECENT_NOTES = 10;
export const MAX_DOCUMENTS = 100;

export function reportService(deps: ReportDeps) {
  const { store, clock, company, playbooks } = deps;
  const settings = reminderSettings(company);

  /** Dates in a report are in the requester's zone when Slack told us it, else the company's. */
  async function zoneOf(userId: string): Promise<string> {
    return (await store.slackUsers.get(userId))?.tz ?? company.reminders.timezone;
  }

  /** Admins see the whole program; so does everyone while no admins are named (as for changes). */
  const scopeFor = (actor: string): PortfolioScope =>
    company.admins.length === 0 || company.admins.includes(actor) ? 'all' : 'mine';

  async function partner(p: Partner, actor: string, names: ReportNames): Promise<PartnerReportData> {
    const zone = await zoneOf(actor);
    const [health, milestones, notes, notesTotal, runs, documents, lastQbr, channel] = await Promise.all([
      newest((before, limit) => store.reports.healthBefore(p.id, before, limit), MAX_HEALTH),
      newest((before, limit) => store.reports.milestonesBefore(p.id, before, limit), MAX_MILESTONES),
      store.notes.recent(p.id, RECENT_NOTES),
      store.notes.count(p.id),
      store.runs.ofPartner(p.id),
      store.reports.documents(p.id, MAX_DOCUMENTS),
      store.qbrs.last(p.id),
      p.channelId ? names.channel(p.channelId) : Promise.resolve(null),
    ]);
    const counts = health.more || milestones.more ? await store.reports.counts(p.id) : undefined;
    const who = await people(names, [
      p.ownerUserId,
      ...health.rows.map((e) => e.user_id),
      ...notes.map((n) => n.user_id),
    ]);
    const finished = p.archivedAt !== null || FINISHED_STAGES.has(p.stage);
    const next = nextQbrDue(p, lastQbr?.held_on, settings);
    return {
      partner: {
        name: p.name,
        tier: p.tier,
        stage: p.stage,
        type: p.type,
        owner: who(p.ownerUserId),
        channel: channel ?? p.channelId,
        vertical: p.vertical,
        since: p.createdAt,
        health: p.health,
      },
      qbr: { everyMonths: next.months, lastHeldOn: lastQbr?.held_on ?? null, nextDueOn: finished ? null : next.dueOn },
      health: health.rows.map((e) => ({ at: e.at, score: e.score, note: e.note, by: who(e.user_id) })),
      milestones: milestones.rows.map((m) => ({
        title: m.title,
        dueOn: m.due_on,
        status: m.status,
        doneAt: m.done_at,
      })),
      notes: notes.map((n) => ({ at: n.at, text: n.text, by: who(n.user_id) })),
      notesTotal,
      runs: runs
        .filter((r) => r.status !== 'starting')
        .map(
          (r): RunItem => ({
            playbookId: r.playbook_id,
            ...playbookFacts(playbooks, r.playbook_id, r.step_index),
            status: reportStatus(r.status),
            stepIndex: r.step_index,
            startedAt: r.started_at,
            updatedAt: r.updated_at,
            ...(r.permalink ? { link: r.permalink } : {}),
          }),
        ),
      documents: documents.rows.map((d) => ({
        title: d.title,
        templateId: d.template_id,
        version: d.version,
        at: d.created_at,
        ...(d.permalink ? { link: d.permalink } : {}),
      })),
      documentsTotal: documents.total,
      ...(counts && health.more ? { healthOmitted: counts.health - health.rows.length } : {}),
      ...(counts && milestones.more ? { milestonesOmitted: counts.milestones - milestones.rows.length } : {}),
      today: dayIn(clock.now(), zone),
      zone,
      recentNotes: RECENT_NOTES,
    };
  }

  async function portfolio(
    actor: string,
    names: ReportNames,
  ): Promise<{ data: PortfolioReportData; scope: PortfolioScope }> {
    const scope = scopeFor(actor);
    const zone = await zoneOf(actor);
    const data = await portfolioData(
      { store, company, settings, playbooks },
      { owner: scope === 'mine' ? actor : undefined, zone, today: dayIn(clock.now(), zone), names },
    );
    return { data, scope };
  }

  return { scopeFor, zoneOf, partner, portfolio };
}

export type ReportService = ReturnType<typeof reportService>;
