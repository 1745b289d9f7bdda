import { healthBand, type Stage } from '../partners/model';
import { RUN_STAGES, TOP_TIER, type Playbook, type Suggestion } from './schema';

/**
 * What a playbook's own file says about the partner lifecycle, read the same way everywhere: the stages a
 * run may start at (`applies_to_stages`), the stage a completed run moves the partner to (`moves_stage_to`),
 * and when the playbook is suggested (`suggested_when`). Starting a run, completing it, the suggestions at
 * its end and the coach's advice all ask these functions, so a company's playbook takes part like a shipped one.
 */

type Lifecycle = Pick<Playbook, 'applies_to_stages' | 'moves_stage_to' | 'suggested_when'>;

/** What the suggestion rules look at. */
export interface Standing {
  readonly stage: Stage;
  readonly tier: string;
  readonly health: number | null;
  /** The partner's tier is the highest of partneros.yml (what `tiers: [top]` matches). */
  readonly topTier: boolean;
}

/** A stage in a list of them (the lists' element types are narrower than Stage). */
const among = (list: readonly Stage[], stage: Stage): boolean => list.includes(stage);

export const stageWords = (stage: Stage): string => stage.replace('_', ' ');

/** `prospect or recruiting`, `active, growing or at risk`. */
export function stagesWords(stages: readonly Stage[]): string {
  const words = stages.map(stageWords);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
}

/** Tier names are compared as people type them: case does not matter. */
/** Where a playbook runs and where it leaves the partner, as its file says: one sentence, no markup. */
export function lifecycleLine(p: Pick<Playbook, 'applies_to_stages' | 'moves_stage_to'>): string {
  const where =
    p.applies_to_stages.length === RUN_STAGES.length
      ? 'For partners at any stage but exited'
      : `For partners at stage ${stagesWords(p.applies_to_stages)}`;
  return p.moves_stage_to ? `${where}; completing it moves the partner to ${stageWords(p.moves_stage_to)}` : where;
}

export const isTopTier = (tiers: readonly string[], tier: string): boolean =>
  tiers[0]?.trim().toLowerCase() === tier.trim().toLowerCase();

/** Whether a run of this playbook may start for a partner at this stage. */
export const runsAt = (playbook: Pick<Playbook, 'applies_to_stages'>, stage: Stage): boolean =>
  among(playbook.applies_to_stages, stage);

/**
 * The stage a completed run moves the partner to, or null when it stays. The move happens only from a stage
 * the playbook applies to, so a stage someone set by hand while the run was open (at risk, exited) is kept.
 */
export function stageAfterRun(playbook: Lifecycle, stage: Stage): Stage | null {
  const to = playbook.moves_stage_to;
  return to !== undefined && to !== stage && runsAt(playbook, stage) ? to : null;
}

/** Where a partner can be once a run completes: what it moves to, else where it ran. */
export const stagesAfterRun = (playbook: Lifecycle): readonly Stage[] =>
  playbook.moves_stage_to ? [playbook.moves_stage_to] : playbook.applies_to_stages;

function tierMatches(rule: Suggestion, partner: Standing): boolean {
  if (!rule.tiers) return true;
  const tier = partner.tier.trim().toLowerCase();
  return rule.tiers.some((t) => {
    const named = t.trim().toLowerCase();
    return named === TOP_TIER ? partner.topTier : named === tier;
  });
}

/** The playbook's first suggestion rule this partner matches (its rank and reason), or null. */
export function matchingSuggestion(playbook: Lifecycle, partner: Standing): Suggestion | null {
  return (
    playbook.suggested_when.find(
      (rule) =>
        among(rule.stages, partner.stage) &&
        tierMatches(rule, partner) &&
        (!rule.health || rule.health.includes(healthBand(partner.health))),
    ) ?? null
  );
}

/**
 * What one file's lifecycle keys say that cannot hold: a suggestion for a stage the playbook does not run at,
 * a move that never happens, a tier partneros.yml does not have (checked when the tiers are known).
 */
export function lifecycleProblems(playbook: Lifecycle, tiers?: readonly string[]): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = [];
  const runs = playbook.applies_to_stages;
  const to = playbook.moves_stage_to;
  if (to !== undefined && runs.length === 1 && runs[0] === to)
    found.push({
      path: 'moves_stage_to',
      message: `the playbook runs only at stage ${stageWords(to)}, so it never moves the partner: add the stages it moves from to applies_to_stages, or leave moves_stage_to out`,
    });
  const known = tiers?.map((t) => t.trim().toLowerCase());
  for (const [r, rule] of playbook.suggested_when.entries()) {
    for (const [i, stage] of rule.stages.entries()) {
      if (!among(runs, stage))
        found.push({
          path: `suggested_when[${r}].stages[${i}]`,
          message: `${stage} is not a stage this playbook runs at (applies_to_stages: ${runs.join(', ')})`,
        });
    }
    for (const [i, tier] of (rule.tiers ?? []).entries()) {
      const named = tier.trim().toLowerCase();
      if (known && named !== TOP_TIER && !known.includes(named))
        found.push({
          path: `suggested_when[${r}].tiers[${i}]`,
          message: `${tier} is not a tier in partneros.yml: use one of ${[...(tiers ?? []), TOP_TIER].join(', ')} (${TOP_TIER}: the highest)`,
        });
    }
  }
  return found;
}

/**
 * Why a playbook named in another's next_playbook could never be suggested after it: it runs at none of the
 * stages the partner can be at once the other completes. Null when it can.
 */
export function unreachableNext(
  from: Pick<Playbook, 'id'> & Lifecycle,
  next: Pick<Playbook, 'id' | 'applies_to_stages'>,
): string | null {
  const after = stagesAfterRun(from);
  if (after.some((stage) => runsAt(next, stage))) return null;
  const where = from.moves_stage_to
    ? `${from.id} moves the partner to ${stageWords(from.moves_stage_to)}`
    : `${from.id} runs at stage ${stagesWords(after)}`;
  return `${next.id} is for partners at stage ${stagesWords(next.applies_to_stages)}, but ${where}: it could never be suggested after it`;
}
