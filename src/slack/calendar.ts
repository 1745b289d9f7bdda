import type { WebClient } from '@slack/web-api';
import type { QbrInvite } from '../domain/calendar/invites';
import { inviteWhen } from './blocks/reports';
import { esc } from './blocks/text';
import type { SlackDeps } from './deps';
import { shareFiles, type Shared } from './files';

/**
 * A QBR calendar file goes to the DM of whoever asked for it (the Add to calendar button, or
 * `/partner qbr-invite`): it is for their own calendar, so it neither adds a reply to the reminder's
 * channel or thread for everyone else nor leaves the company through a shared channel.
 */
export async function sendInvite(
  client: WebClient,
  deps: SlackDeps,
  invite: QbrInvite,
  actor: string,
): Promise<Shared> {
  const shared = await shareFiles(
    client,
    [
      {
        fileName: invite.event.fileName,
        title: `QBR — ${invite.partner.name}`,
        content: invite.event.ics,
        type: 'text/calendar',
      },
    ],
    null,
    {
      actor,
      comment: `📅 QBR — ${esc(invite.partner.name)}, ${inviteWhen(invite)}. Open the file to add it to your calendar.`,
      dmBecause: 'personal',
    },
  );
  deps.logger.info(
    {
      kind: 'qbr_invite',
      user: actor,
      partner: invite.partner.id,
      moved: invite.moved ?? 'no',
      upload: shared.ok ? 'ok' : shared.error,
    },
    'qbr invite',
  );
  return shared;
}
