import type { CompanyConfig } from '../../config/schema';
import type { Tables } from '../../store';
import type { PartnerMemory } from '../coach/engine';
import type { Partner } from '../partners/model';
import { isTopTier } from './lifecycle';

/** What the coach is told about a partner: kept short, newest first. */
export async function partnerMemory(
  store: Tables,
  company: CompanyConfig,
  partner: Partner,
  today: string,
): Promise<PartnerMemory> {
  const tier = company.tiers.find((t) => t.name.toLowerCase() === partner.tier.toLowerCase());
  const [lastQbr, health, milestones, notes, runs] = await Promise.all([
    store.qbrs.last(partner.id),
    store.health.recent(partner.id, 5),
    store.milestones.open(partner.id),
    store.notes.recent(partner.id, 5),
    store.runs.ofPartner(partner.id),
  ]);
  return {
    partner,
    topTier: isTopTier(
      company.tiers.map((t) => t.name),
      partner.tier,
    ),
    qbrEveryMonths: tier?.qbr_every_months ?? null,
    lastQbr: lastQbr?.held_on ?? null,
    health: health.map((h) => ({ score: h.score, at: h.at, note: h.note })),
    openMilestones: milestones.slice(0, 8).map((m) => ({ title: m.title, dueOn: m.due_on, overdue: m.due_on < today })),
    notes: notes.map((n) => ({ text: n.text.slice(0, 500), at: n.at })),
    earlierRuns: runs
      .slice(0, 10)
      .map((r) => ({ playbookId: r.playbook_id, status: r.status, at: r.completed_at ?? r.updated_at })),
  };
}

/**
 * The memory fit for a channel shared with the partner (Slack Connect): tier, stage and history of runs
 * stay; health, notes and milestones are internal and are left out.
 */
export function sharedMemory(memory: PartnerMemory): PartnerMemory {
  return { ...memory, partner: { ...memory.partner, health: null }, health: [], notes: [], openMilestones: [] };
}
