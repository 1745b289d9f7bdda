import type { Store } from '../../store';
import type { AnswerValue } from '../coach/engine';
import { decodeAnswer, encodeAnswer } from '../playbooks/run-model';

/**
 * What a partner's documents are filled from: every answer given for it, in any playbook run or in a
 * document's fill-in form, the latest value per field winning whichever way it was given. A value a run
 * left empty on purpose ("skip") never hides an earlier one.
 */
export async function knownAnswers(store: Store, partnerId: number): Promise<Record<string, AnswerValue>> {
  const latest = new Map<string, { at: string; value: AnswerValue }>();
  const offer = (field: string, at: string, raw: string | null) => {
    const value = decodeAnswer(raw);
    if (value === null) return;
    const held = latest.get(field);
    // ISO timestamps compare as text; on a tie the later source (the form) wins.
    if (!held || held.at <= at) latest.set(field, { at, value });
  };
  const [fromRuns, fromForms] = await Promise.all([
    store.runs.answers.ofPartner(partnerId),
    store.partnerAnswers.latest(partnerId),
  ]);
  for (const a of fromRuns) offer(a.field_id, a.at, a.value);
  for (const a of fromForms) offer(a.field_id, a.at, a.value);
  return Object.fromEntries([...latest].map(([field, { value }]) => [field, value]));
}

/** Records a form's values for the partner, with one audit row, in one transaction. */
export async function saveAnswers(
  store: Store,
  save: {
    partnerId: number;
    templateId: string;
    values: Readonly<Record<string, AnswerValue>>;
    actor: string;
    at: string;
  },
): Promise<void> {
  const entries = Object.entries(save.values);
  if (entries.length === 0) return;
  await store.transaction(async (tx) => {
    await tx.partnerAnswers.add(
      entries.map(([field, value]) => ({
        partner_id: save.partnerId,
        field_id: field,
        value: encodeAnswer(value) as string,
        template_id: save.templateId,
        user_id: save.actor,
        at: save.at,
      })),
    );
    await tx.audit.write({
      at: save.at,
      user_id: save.actor,
      partner_id: save.partnerId,
      action: 'partner.answers',
      detail: { template: save.templateId, fields: entries.map(([field]) => field) },
    });
  });
}
