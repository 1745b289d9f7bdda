import { matchingSuggestion, runsAt, type Standing } from './lifecycle';
import type { Playbook } from './schema';

/**
 * Which playbooks to suggest next, from the playbooks' own rules: the finished playbook's `next_playbook`
 * first, in its order, then every playbook whose `suggested_when` matches the partner, by rank (ties keep
 * the library's order). Only playbooks that may run at the partner's stage now (so nothing once it has
 * exited); never the one just completed, a one-off playbook the partner already completed, or one already
 * running for it.
 */

export interface RecommendInput {
  /** The partner as it is now: after a completed run has moved its stage. */
  readonly partner: Standing;
  /** In the library's order. */
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

const MAX = 3;
const OPEN = new Set(['starting', 'active', 'paused']);

export function recommendPlaybooks(input: RecommendInput): Recommendation[] {
  const { partner, completed } = input;
  const done = new Set(input.history.filter((r) => r.status === 'completed').map((r) => r.playbookId));
  const running = new Set(input.history.filter((r) => OPEN.has(r.status)).map((r) => r.playbookId));
  const allowed = (p: Playbook): boolean =>
    p.id !== completed?.id && runsAt(p, partner.stage) && !running.has(p.id) && !(done.has(p.id) && !p.recurring);

  const picks: Recommendation[] = [];
  const add = (playbook: Playbook | undefined, reason: string) => {
    if (playbook && allowed(playbook) && !picks.some((r) => r.playbook.id === playbook.id))
      picks.push({ playbook, reason });
  };
  const byId = new Map(input.playbooks.map((p) => [p.id, p]));
  for (const id of completed?.next_playbook ?? [])
    add(byId.get(id), `it follows ${completed?.name ?? 'this playbook'}`);
  const ranked = input.playbooks
    .map((playbook) => ({ playbook, rule: matchingSuggestion(playbook, partner) }))
    .flatMap(({ playbook, rule }) => (rule ? [{ playbook, rank: rule.rank, reason: rule.reason }] : []))
    .sort((a, b) => a.rank - b.rank);
  for (const { playbook, reason } of ranked) add(playbook, reason);
  return picks.slice(0, MAX);
}
