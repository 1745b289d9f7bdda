import type { Stage } from '../partners/model';
import type { Playbook } from './schema';

/**
 * Which playbooks to suggest next: the finished playbook's `next_playbook` first, then what fits the
 * partner's stage, tier and health. Never recruit for a partner already recruited, nothing at all once
 * the partner has exited, never a non-recurring playbook the partner already completed, never one that
 * is already running for it.
 */

export interface RecommendInput {
  readonly partner: { readonly stage: Stage; readonly tier: string; readonly health: number | null };
  /** Tier names, highest first (config order). */
  readonly tiers: readonly string[];
  readonly playbooks: readonly Playbook[];
  /** Every earlier run of this partner (any status). */
  readonly history: readonly { readonly playbookId: string; readonly status: string }[];
  /** The playbook that just completed, when recommending at the end of a run. */
  readonly completed?: Playbook;
}

export interface Recommendation {
  readonly playbook: Playbook;
  readonly reason: string;
}

const RECRUITING: readonly Stage[] = ['prospect', 'recruiting'];
const MAX = 3;

function byStage(stage: Stage, topTier: boolean, red: boolean): { id: string; reason: string }[] {
  if (RECRUITING.includes(stage)) return [{ id: 'recruit', reason: 'it is still being recruited' }];
  if (stage === 'onboarding') return [{ id: 'onboard', reason: 'it is onboarding' }];
  if (stage === 'at_risk' || red) {
    return [
      { id: 'support-escalation', reason: 'it is at risk' },
      { id: 'qbr', reason: 'a review gets the plan back on track' },
      { id: 'exit', reason: 'if the relationship cannot be saved, exit it cleanly' },
    ];
  }
  const grow = [
    { id: 'expand', reason: 'top-tier partners grow through expansion' },
    { id: 'co-marketing', reason: 'joint marketing builds pipeline' },
  ];
  const review = { id: 'qbr', reason: 'regular reviews keep an active partner on track' };
  return topTier ? [...grow, review] : [review, ...grow];
}

export function recommendPlaybooks(input: RecommendInput): Recommendation[] {
  const { partner, completed } = input;
  if (partner.stage === 'exited' || completed?.id === 'exit') return [];
  const available = new Map(input.playbooks.map((p) => [p.id, p]));
  const done = new Set(input.history.filter((r) => r.status === 'completed').map((r) => r.playbookId));
  if (completed) done.add(completed.id);
  const running = new Set(
    input.history.filter((r) => ['starting', 'active', 'paused'].includes(r.status)).map((r) => r.playbookId),
  );

  const allowed = (p: Playbook): boolean => {
    if (running.has(p.id)) return false;
    if (done.has(p.id) && !p.recurring) return false;
    if (p.id === 'recruit' && !RECRUITING.includes(partner.stage)) return false;
    // Onboarding starts once recruiting is over, not before.
    if (p.id === 'onboard' && RECRUITING.includes(partner.stage) && completed?.id !== 'recruit') return false;
    return true;
  };

  const picks: Recommendation[] = [];
  const add = (id: string, reason: string) => {
    const playbook = available.get(id);
    if (playbook && allowed(playbook) && !picks.some((r) => r.playbook.id === id)) picks.push({ playbook, reason });
  };
  for (const id of completed?.next_playbook ?? []) add(id, `it follows ${completed?.name ?? 'this playbook'}`);
  const red = partner.health !== null && partner.health < 50;
  const topTier = input.tiers[0]?.toLowerCase() === partner.tier.toLowerCase();
  // After recruit the partner moves to onboarding: suggest for the stage it is now in.
  const stage = completed?.id === 'recruit' && RECRUITING.includes(partner.stage) ? 'onboarding' : partner.stage;
  for (const { id, reason } of byStage(stage, topTier, red)) add(id, reason);
  return picks.slice(0, MAX);
}
