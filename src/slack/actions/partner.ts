import { renderAlreadyArchived } from '../blocks/archive';
import { renderChangeReply } from '../blocks/change';
import type { SlackDeps } from '../deps';
import { announce, announcementProblem } from '../notices';
import type { ActionHandler } from './reminder';

/**
 * The Archive button of a confirmation: archives exactly the partner it names (by id), once. A double
 * click or a click after someone else archived it says so and changes nothing; the confirmation is
 * replaced by the outcome, and the change is announced in the partner's channel like the command's.
 */
export const archiveButton =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = body.user.id;
    const id = 'value' in action && typeof action.value === 'string' ? Number(action.value) : Number.NaN;
    const change = await deps.partners.archiveById(id, actor);
    deps.logger.info(
      { kind: 'action', action: action.action_id, user: actor, outcome: change.unchanged ? 'already' : 'ok' },
      'action',
    );
    const reply = change.unchanged ? renderAlreadyArchived(change.partner) : renderChangeReply(change);
    await respond({ response_type: 'ephemeral', replace_original: true, ...reply }).catch(() => undefined);
    if (change.unchanged) return;
    const problem = announcementProblem(await announce(client, deps, [change]));
    if (problem)
      await respond({ response_type: 'ephemeral', replace_original: false, ...problem }).catch(() => undefined);
  };
