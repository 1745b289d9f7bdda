import type { WebClient } from '@slack/web-api';
import { announceable } from '../domain/partners/privacy';
import type { Change } from '../domain/partners/service';
import { renderChangesNotice, renderNoticeFailed, renderNoticeWithheld } from './blocks/change';
import type { Message } from './blocks/text';
import type { SlackDeps } from './deps';
import { slackErrorCode } from './errors';
import { publishHome } from './home';

export type Announcement =
  | { status: 'none' }
  | { status: 'posted'; channelId: string; withheld: number }
  | { status: 'withheld'; channelId: string }
  | { status: 'failed'; channelId: string; error: string };

/**
 * Posts changes as one notice in the partner's channel. In a channel shared outside the company,
 * internal changes (health, notes) are left out unless the company config allows them.
 */
export async function announce(client: WebClient, deps: SlackDeps, changes: readonly Change[]): Promise<Announcement> {
  const real = changes.filter((c) => !c.unchanged);
  const channelId = real[0]?.partner.channelId;
  if (!channelId) return { status: 'none' };
  const shared = await deps.isSharedChannel(client, channelId);
  const visible = announceable(real, shared, deps.config.company.privacy.internal_details_in_shared_channels);
  if (visible.length === 0) return { status: 'withheld', channelId };
  try {
    await client.chat.postMessage({ channel: channelId, ...renderChangesNotice(visible), unfurl_links: false });
    return { status: 'posted', channelId, withheld: real.length - visible.length };
  } catch (error) {
    const code = slackErrorCode(error);
    deps.logger.warn({ kind: 'notice', channel: channelId, error: code }, 'change notice not posted');
    return { status: 'failed', channelId, error: code };
  }
}

/** What the person who made the change should hear about its notice, if anything. */
export function announcementProblem(a: Announcement): Message | undefined {
  if (a.status === 'failed') return renderNoticeFailed(a.channelId, a.error);
  if (a.status === 'withheld' || (a.status === 'posted' && a.withheld > 0)) return renderNoticeWithheld(a.channelId);
  return undefined;
}

/**
 * After a form is submitted the modal is gone, so the confirmation (and any problem with the
 * notice) goes to the user's DM with the app, and the user's Home is refreshed.
 */
export async function deliverFormChanges(
  client: WebClient,
  deps: SlackDeps,
  changes: readonly Change[],
  confirmation: Message,
  actor: string,
): Promise<void> {
  const dm = async (body: Message) =>
    client.chat
      .postMessage({ channel: actor, ...body, unfurl_links: false })
      .catch((error: unknown) => deps.logger.warn({ kind: 'view', error: slackErrorCode(error) }, 'DM not sent'));
  await dm(confirmation);
  const problem = announcementProblem(await announce(client, deps, changes));
  if (problem) await dm(problem);
  await publishHome(client, deps, actor).catch((error: unknown) =>
    deps.logger.warn({ kind: 'view', error: slackErrorCode(error) }, 'home not refreshed'),
  );
}
