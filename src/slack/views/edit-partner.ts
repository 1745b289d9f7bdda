import type { Change } from '../../domain/partners/service';
import type { PartnerAction } from '../../domain/commands/parse';
import { InvalidValue } from '../../domain/errors';
import { parseDay } from '../../domain/dates';
import { MAX_NOTE_LENGTH, matchStage, matchTier, parseHealth } from '../../domain/partners/model';
import { renderChangeReply } from '../blocks/change';
import type { EditMetadata } from '../blocks/edit-partner-modal';
import { message, section } from '../blocks/text';
import { companyToday, type SlackDeps } from '../deps';
import { IDS } from '../ids';
import { deliverFormChanges } from '../notices';
import type { Form } from '../boundary';
import { fieldBlock, read, type Values } from './form-values';

const B = IDS.editBlock;

/** Form values → the same actions the command line produces, so the same rules apply. */
function actionsFrom(v: Values, tiers: Parameters<typeof matchTier>[1], today: string): PartnerAction[] {
  const actions: PartnerAction[] = [];
  const tier = read(v, B.tier)?.selected_option?.value;
  if (tier) actions.push({ kind: 'tier', tier: matchTier(tier, tiers) });
  const stage = read(v, B.stage)?.selected_option?.value;
  if (stage) actions.push({ kind: 'stage', stage: matchStage(stage) });
  const owner = read(v, B.owner)?.selected_user;
  if (owner) actions.push({ kind: 'owner', userId: owner });
  const channel = read(v, B.channel)?.selected_conversation;
  if (channel) actions.push({ kind: 'channel', channelId: channel });
  const health = read(v, B.health)?.value?.trim();
  const reason = read(v, B.reason)?.value?.trim() || null;
  if (health) actions.push({ kind: 'health', score: parseHealth(health), note: reason });
  else if (reason)
    throw new InvalidValue(
      'A reason needs a health score to go with it.',
      'Fill in the health too, or clear the reason.',
      'health',
    );
  const note = read(v, B.note)?.value?.trim();
  if (note) actions.push({ kind: 'note', text: note.slice(0, MAX_NOTE_LENGTH) });
  const title = read(v, B.milestoneTitle)?.value?.trim();
  const due = read(v, B.milestoneDue)?.selected_date;
  if (title && due) actions.push({ kind: 'milestone', title, dueOn: parseDay(due, today) });
  else if (title)
    throw new InvalidValue('The milestone needs a due date.', 'Pick one, or clear the milestone title.', 'due');
  else if (due) throw new InvalidValue('The milestone needs a title.', 'Name it, or clear the date.', 'title');
  return actions;
}

/** The Update partner form: several changes at once, saved together, announced as one notice. */
export const editPartnerForm = (deps: SlackDeps): Form => ({
  fallbackBlock: B.tier,
  blockFor: fieldBlock({
    tier: B.tier,
    stage: B.stage,
    health: B.health,
    due: B.milestoneDue,
    title: B.milestoneTitle,
  }),
  async submit({ ack, body, view, client }) {
    const actor = body.user.id;
    const { partnerId } = JSON.parse(view.private_metadata) as EditMetadata; // our own JSON, written by renderEditPartnerModal
    const actions = actionsFrom(view.state.values as Values, deps.partners.tiers(), companyToday(deps));
    const changes: Change[] = await deps.partners.update(partnerId, actions, actor);
    await ack();
    deps.logger.info(
      { kind: 'view', view: IDS.partnerEditView, user: actor, outcome: 'ok', changes: changes.length },
      'view',
    );
    if (!changes.length) return;
    const replies = changes.map((c) => renderChangeReply(c));
    const confirmation = message(replies.map((r) => r.text).join('\n'), [
      section(replies.map((r) => r.text).join('\n')),
    ]);
    await deliverFormChanges(client, deps, changes, confirmation, actor);
  },
});
