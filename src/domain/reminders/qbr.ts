import type { Tables } from '../../store';

/** Records a QBR as held, with its audit row; false when that QBR was already on file. Call inside a transaction. */
export async function recordQbr(
  store: Pick<Tables, 'qbrs' | 'audit'>,
  q: { partnerId: number; heldOn: string; actor: string; at: string; runId?: number },
): Promise<boolean> {
  const added = await store.qbrs.add({
    partner_id: q.partnerId,
    held_on: q.heldOn,
    run_id: q.runId ?? null,
    user_id: q.actor,
    at: q.at,
  });
  if (added)
    await store.audit.write({
      at: q.at,
      user_id: q.actor,
      partner_id: q.partnerId,
      action: 'qbr.held',
      detail: { held_on: q.heldOn },
    });
  return added;
}
