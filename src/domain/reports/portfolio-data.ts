import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { ReportPartnerRow } from '../../store/reports';
import { StageSchema } from '../partners/model';
import type { PlaybookLibrary } from '../playbooks/library';
import { FINISHED_STAGES, nextQbrDue } from '../reminders/due';
import type { ReminderSettings } from '../reminders/model';
import type { PortfolioPartner, PortfolioReportData, PortfolioRun } from './model';
import { BATCH, people, playbookFacts, type ReportNames, reportStatus } from './reads';

/** The most partners one portfolio report covers (in the order they were added); the rest are counted. */
export const MAX_PARTNERS = 10_000;
/** Runs in flight listed, the most recently active first. */
export const MAX_OPEN_RUNS = 200;

interface PortfolioDeps {
  store: Store;
  company: CompanyConfig;
  settings: ReminderSettings;
  playbooks: PlaybookLibrary;
}

interface PortfolioRequest {
  /** Only this person's partners; the whole program when undefined. */
  owner: string | undefined;
  zone: string;
  today: string;
  names: ReportNames;
}

/** Current partners in id order, a batch at a time, up to the cap; `omitted` counts the ones past it. */
async function currentPartners(store: Store, owner: string | undefined) {
  const rows: ReportPartnerRow[] = [];
  let after = 0;
  for (;;) {
    const batch = await store.reports.partnersAfter(after, BATCH, owner);
    rows.push(...batch);
    const last = batch.at(-1);
    if (batch.length < BATCH || !last || rows.length > MAX_PARTNERS) break;
    after = last.id;
  }
  if (rows.length <= MAX_PARTNERS) return { rows, omitted: 0 };
  const total = owner === undefined ? await store.partners.count({}) : await store.partners.count({ owner });
  return { rows: rows.slice(0, MAX_PARTNERS), omitted: total - MAX_PARTNERS };
}

/** The program (or one owner's share of it) as the portfolio report's data. */
export async function portfolioData(deps: PortfolioDeps, request: PortfolioRequest): Promise<PortfolioReportData> {
  const { store, company, settings, playbooks } = deps;
  const { rows, omitted } = await currentPartners(store, request.owner);
  const ids = rows.map((r) => r.id);
  const [notes, milestones, lastQbrs, runRows] = await Promise.all([
    store.reports.latestHealthNotes(ids),
    store.reports.openMilestones(ids),
    store.reports.lastQbrs(ids),
    store.runs.listOpen(request.owner === undefined ? {} : { userId: request.owner }, MAX_OPEN_RUNS),
  ]);
  const who = await people(request.names, [request.owner ?? null, ...rows.map((r) => r.owner_user_id)]);
  const open = new Map<number, { title: string; dueOn: string }[]>();
  for (const m of milestones) {
    const list = open.get(m.partner_id) ?? [];
    list.push({ title: m.title, dueOn: m.due_on });
    open.set(m.partner_id, list);
  }
  const partners = rows.map((r): PortfolioPartner => {
    const stage = StageSchema.safeParse(r.stage).data ?? 'prospect';
    const next = nextQbrDue({ tier: r.tier, createdAt: r.created_at }, lastQbrs.get(r.id), settings);
    return {
      name: r.name,
      tier: r.tier,
      stage,
      health: r.health,
      healthNote: notes.get(r.id) ?? null,
      owner: who(r.owner_user_id),
      nextQbrDueOn: FINISHED_STAGES.has(stage) ? null : next.dueOn,
      openMilestones: open.get(r.id) ?? [],
    };
  });
  // An owner's report lists the runs on their partners (not those they started on someone else's).
  const covered = new Set(ids);
  const runs = runRows
    .filter((r) => covered.has(r.partner_id))
    .map(
      (r): PortfolioRun => ({
        partner: r.partner_name,
        playbookId: r.playbook_id,
        ...playbookFacts(playbooks, r.playbook_id, r.step_index),
        status: reportStatus(r.status),
        stepIndex: r.step_index,
        startedAt: r.started_at,
        updatedAt: r.updated_at,
        ...(r.permalink ? { link: r.permalink } : {}),
      }),
    );
  const owner = request.owner ? who(request.owner) : null;
  return {
    ...(company.company.name ? { companyName: company.company.name } : {}),
    tiers: company.tiers.map((t) => t.name),
    partners,
    runs,
    healthBelow: company.reminders.health_below,
    today: request.today,
    zone: request.zone,
    ...(owner ? { owner } : {}),
    ...(omitted > 0 ? { partnersOmitted: omitted } : {}),
  };
}
