import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { PartnerMemory } from '../coach/engine';
import type { Partner } from '../partners/model';
import { isTopTier } from './lifecycle';

/** What the coach is told about a partner: kept short, newest first. */
export function partnerMemory(store: Store, company: CompanyConfig, partner: Partner, today: string): PartnerMemory {
  const tier = company.tiers.find((t) => t.name.toLowerCase() === partner.tier.toLowerCase());
  return {
    partner,
    topTier: isTopTier(
      company.tiers.map((t) => t.name),
      partner.tier,
    ),
    qbrEveryMonths: tier?.qbr_every_months ?? null,
    lastQbr: store.qbrs.last(partner.id)?.held_on ?? null,
    health: store.health.recent(partner.id, 5).map((h) => ({ score: h.score, at: h.at, note: h.note })),
    openMilestones: store.milestones
      .open(partner.id)
      .slice(0, 8)
      .map((m) => ({ title: m.title, dueOn: m.due_on, overdue: m.due_on < today })),
    notes: store.notes.recent(partner.id, 5).map((n) => ({ text: n.text.slice(0, 500), at: n.at })),
    earlierRuns: store.runs
      .ofPartner(partner.id)
      .slice(0, 10)
      .map((r) => ({ playbookId: r.playbook_id, status: r.status, at: r.completed_at ?? r.updated_at })),
  };
}

/**
 * The memory fit for a channel shared with the partner (Slack Connect): tier, stage and history of runs
 * stay; health, notes and milestones are internal and are left out (DESIGN privacy, PLATFORM-NOTES trap 13).
 */
export function sharedMemory(memory: PartnerMemory): PartnerMemory {
  return { ...memory, partner: { ...memory.partner, health: null }, health: [], notes: [], openMilestones: [] };
}
