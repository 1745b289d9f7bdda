import type { Tables } from '../../store';
import { UnknownPartner } from '../errors';
import { type Partner, type Stage, toPartner } from '../partners/model';
import { recordQbr } from '../reminders/qbr';
import type { Template } from '../templates/schema';
import { stageAfterRun } from './lifecycle';
import type { Recommendation } from './recommend';
import type { RunView } from './run-model';
import type { Playbook, PlaybookStep } from './schema';

export interface Completion {
  /** The documents of the run, one per step not skipped (each template once). */
  readonly documents: readonly { step: PlaybookStep; template: Template }[];
  readonly skipped: readonly PlaybookStep[];
  readonly stage: { before: Stage; after: Stage } | null;
  readonly milestone: string;
  readonly qbrHeldOn: string | null;
  readonly recommendations: readonly Recommendation[];
}

export interface CompletionInput {
  before: RunView;
  skippedIds: ReadonlySet<string>;
  actor: string;
  at: string;
  /** Today in the company's zone: the milestone's day and the QBR's. */
  day: string;
  templates: { get(id: string): Template };
  recommend(partner: Partner, completed: Playbook, db: Tables): Promise<Recommendation[]>;
}

/**
 * Inside the transaction that completes a run: the partner moves on (as the playbook says), a
 * milestone marks it, a QBR run counts as a QBR held, and the next playbooks are chosen.
 */
export async function completeRun(tx: Tables, input: CompletionInput): Promise<Completion> {
  const { before, skippedIds, actor, at, day } = input;
  const { playbook, partner } = before;
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
  const seen = new Set<string>();
  const documents = playbook.steps
    .filter((s) => !skippedIds.has(s.id) && !seen.has(s.template) && seen.add(s.template))
    .flatMap((step) => {
      try {
        return [{ step, template: input.templates.get(step.template) }];
      } catch {
        return [];
      }
    });
  const row = await tx.partners.findById(partner.id);
  if (!row) throw new UnknownPartner(`#${partner.id}`, []);
  return {
    documents,
    skipped: playbook.steps.filter((s) => skippedIds.has(s.id)),
    stage: next ? { before: partner.stage, after: next } : null,
    milestone,
    qbrHeldOn: qbrHeld ? day : null,
    recommendations: await input.recommend(toPartner(row), playbook, tx),
  };
}
