import type { Tables } from '../../store';
import { UnknownPartner } from '../errors';
import { toPartner, type Partner, type Stage } from '../partners/model';
import { recordQbr } from '../reminders/qbr';
import type { Template } from '../templates/schema';
import { stageAfterRun } from './lifecycle';
import type { Recommendation } from './recommend';
import type { RunView } from './run-model';
import type { Playbook, PlaybookStep } from './schema';

/** What finishing a run did, for the completion message. */
export interface Completion {
  /** The documents of the run: every template of the steps not skipped, each once, in step order. */
  readonly documents: readonly { step: PlaybookStep; template: Template }[];
  readonly skipped: readonly PlaybookStep[];
  readonly stage: { before: Stage; after: Stage } | null;
  readonly milestone: string;
  readonly qbrHeldOn: string | null;
  readonly recommendations: readonly Recommendation[];
}

export interface CompletionDeps {
  templates: { get(id: string): Template };
  /** What to suggest next to the partner as it is after the run (read within the same transaction). */
  recommend(partner: Partner, completed: Playbook, db: Tables): Promise<Recommendation[]>;
}

/** The templates a run hands back: each template of the steps not skipped, once; one that no longer loads is left out. */
function runDocuments(
  playbook: Playbook,
  skippedIds: ReadonlySet<string>,
  templates: CompletionDeps['templates'],
): Completion['documents'] {
  const seen = new Set<string>();
  return playbook.steps
    .filter((s) => !skippedIds.has(s.id))
    .flatMap((step) => step.templates.map((id) => ({ step, id })))
    .filter(({ id }) => !seen.has(id) && seen.add(id))
    .flatMap(({ step, id }) => {
      try {
        return [{ step, template: templates.get(id) }];
      } catch {
        return [];
      }
    });
}

/**
 * Inside the transaction that completes a run: the partner moves to the stage the playbook leaves it at, a
 * milestone marks the completion, a QBR run counts as the QBR held.
 */
export async function completeRun(
  tx: Tables,
  deps: CompletionDeps,
  before: RunView,
  skippedIds: ReadonlySet<string>,
  when: { actor: string; at: string; day: string },
): Promise<Completion> {
  const { playbook, partner } = before;
  const { actor, at, day } = when;
  const next = stageAfterRun(playbook, partner.stage);
  if (next) {
    await tx.partners.update(partner.id, { stage: next }, at);
    await tx.audit.write({
      at,
      user_id: actor,
      partner_id: partner.id,
      action: 'partner.stage',
      detail: { stage: [partner.stage, next], run: before.id },
    });
  }
  const milestone = `${playbook.name} playbook completed`;
  const milestoneId = await tx.milestones.add({
    partner_id: partner.id,
    title: milestone,
    due_on: day,
    created_by: actor,
    created_at: at,
  });
  await tx.milestones.markDone(milestoneId, at, actor);
  await tx.audit.write({
    at,
    user_id: actor,
    partner_id: partner.id,
    action: 'run.completed',
    detail: { run: before.id, playbook: playbook.id, milestone: milestoneId },
  });
  const qbrHeld =
    playbook.id === 'qbr' && (await recordQbr(tx, { partnerId: partner.id, heldOn: day, actor, at, runId: before.id }));
  const row = await tx.partners.findById(partner.id);
  if (!row) throw new UnknownPartner(`#${partner.id}`, []);
  const after = toPartner(row);
  return {
    documents: runDocuments(playbook, skippedIds, deps.templates),
    skipped: playbook.steps.filter((s) => skippedIds.has(s.id)),
    stage: next ? { before: partner.stage, after: next } : null,
    milestone,
    qbrHeldOn: qbrHeld ? day : null,
    recommendations: await deps.recommend(after, playbook, tx),
  };
}
