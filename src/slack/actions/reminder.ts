import type { ReminderAction } from '../../domain/reminders/actions';
import { renderPartnerRecord } from '../blocks/partner';
import { renderReminderResolved } from '../blocks/reminder';
import { renderInviteDelivered } from '../blocks/reports';
import { sendInvite } from '../calendar';
import { message, section } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';
import type { ActionArgs } from '../boundary';

export type ActionHandler = (args: ActionArgs) => Promise<void>;

const buttonValue = (action: ActionArgs['action']): string =>
  'value' in action && typeof action.value === 'string' ? action.value : '';

/**
 * Done / Snooze 1 day / Snooze 1 week on a reminder. The domain acts once per message (a double
 * click or a replayed payload finds the key taken); the original post is then edited in place so
 * everyone in the channel sees who handled it, and the buttons are gone.
 */
export const reminderButton =
  (deps: SlackDeps, what: ReminderAction): ActionHandler =>
  async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = body.user.id;
    const key = buttonValue(action);
    const result = await deps.reminders.act(key, what, actor);
    deps.logger.info({ kind: 'action', action: action.action_id, user: actor, key, outcome: result.status }, 'action');
    if (result.status === 'already') {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...message('This reminder was already handled.', [
          section('This reminder was already handled; nothing changed.'),
        ]),
      }).catch(() => undefined);
      return;
    }
    const channel = body.channel?.id ?? body.container?.channel_id;
    const ts = body.message?.ts ?? body.container?.message_ts;
    if (channel && ts) {
      await client.chat
        .update({ channel, ts, ...renderReminderResolved(result, deps.clock.now()) })
        .catch((error: unknown) =>
          deps.logger.warn(
            { kind: 'action', action: action.action_id, error: slackErrorCode(error) },
            'reminder message not updated',
          ),
        );
    }
  };

/** Open partner: the partner's card, visible only to whoever clicked. */
export const openPartnerFromReminder =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, action, body, respond }) => {
    await ack();
    const partner = await deps.partners.findById(Number(buttonValue(action)));
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      ...renderPartnerRecord(await deps.partners.record(partner)),
    });
    deps.logger.info({ kind: 'action', action: action.action_id, user: body.user.id, outcome: 'ok' }, 'action');
  };

/**
 * Add to calendar on a QBR reminder: the QBR's calendar file, in the DM of whoever clicked, and a line
 * under the reminder (only they see it) saying so. The value names the occurrence, looked up among this
 * workspace's reminders only; it changes nothing, so a second click simply sends the file again.
 */
export const addToCalendar =
  (deps: SlackDeps): ActionHandler =>
  async ({ ack, action, body, client, respond }) => {
    await ack();
    const actor = body.user.id;
    const invite = await deps.reminders.inviteForOccurrence(buttonValue(action));
    const shared = await sendInvite(client, deps, invite, actor);
    deps.logger.info(
      { kind: 'action', action: action.action_id, user: actor, outcome: shared.ok ? 'ok' : shared.error },
      'action',
    );
    await respond({ response_type: 'ephemeral', replace_original: false, ...renderInviteDelivered(invite, shared) });
  };
