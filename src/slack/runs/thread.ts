import type { WebClient } from '@slack/web-api';
import type { RunStart } from '../../domain/playbooks/runs';
import type { RunView } from '../../domain/playbooks/run-model';
import { renderRunRoot, renderStep, stepTitle } from '../blocks/run';
import { esc, message, section, type Message } from '../blocks/text';
import type { SlackDeps } from '../deps';
import { slackErrorCode } from '../errors';

/** Slack's answers meaning the app cannot post in that channel (it was not invited, or the channel is gone). */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'no_permission',
]);

export async function update(
  client: WebClient,
  deps: SlackDeps,
  channel: string,
  ts: string | null,
  body: Message | { text: string },
  what: string,
): Promise<void> {
  if (!ts) return;
  await client.chat
    .update({ channel, ts, ...body })
    .catch((error: unknown) =>
      deps.logger.warn({ kind: 'run', what, error: slackErrorCode(error) }, 'message not updated'),
    );
}

/** The step message, with the advice of the documents the step fills. */
export function stepMessage(deps: SlackDeps, v: RunView): Message {
  const documents = v.step.templates.flatMap((id) => {
    try {
      const t = deps.templates.template(id);
      return [{ id: t.id, title: t.title, guidance: t.guidance }];
    } catch {
      return [];
    }
  });
  return renderStep(v, documents);
}

/** Posts the run's current step as a reply in its thread and remembers it. */
export async function postStep(client: WebClient, deps: SlackDeps, v: RunView): Promise<void> {
  if (!v.channelId || !v.threadTs) return;
  try {
    const posted = await client.chat.postMessage({
      channel: v.channelId,
      thread_ts: v.threadTs,
      ...stepMessage(deps, v),
    });
    await deps.runs.setMessages(v.id, { stepTs: posted.ts ?? null, question: null });
  } catch (error) {
    deps.logger.warn({ kind: 'run', run: v.id, step: v.step.id, error: slackErrorCode(error) }, 'step not posted');
  }
}

/** The root's last line says where the run is. */
export async function refreshRoot(client: WebClient, deps: SlackDeps, v: RunView, state?: string): Promise<void> {
  if (!v.channelId || !v.threadTs) return;
  const line =
    state ??
    (v.status === 'paused'
      ? `⏸ Paused at ${stepTitle(v)}.`
      : `▶ Now at ${stepTitle(v)}. Reply in this thread to work with the coach.`);
  await update(client, deps, v.channelId, v.threadTs, renderRunRoot(v.playbook, v.partner, v.startedBy, line), 'root');
}

const invite = (channelId: string, code: string): Message =>
  message(`PartnerOS cannot post in that channel (${code}).`, [
    section(`⚠️ I could not start the thread in <#${channelId}> (Slack said \`${code}\`), so nothing was started.`),
    section(
      `To fix it, open <#${channelId}> and type \`/invite @PartnerOS\`, then run the command again. To use another channel, link it first: \`/partner channel "<partner>" #channel\`.`,
    ),
  ]);

/**
 * After the ack of `/partner run`: the root post, its permalink, the first step. When the app may not
 * post there, the run is forgotten and the user is told how to invite it.
 */
async function startRunThread(
  client: WebClient,
  deps: SlackDeps,
  start: Extract<RunStart, { kind: 'start' }>,
  actor: string,
): Promise<Message> {
  const { runId, playbook, partner, channelId } = start;
  let rootTs: string;
  let postedIn = channelId;
  try {
    const root = await client.chat.postMessage({ channel: channelId, ...renderRunRoot(playbook, partner, actor) });
    if (!root.ts) throw new Error('chat.postMessage gave no ts');
    rootTs = root.ts;
    // Posting to a user id lands in the DM, whose D… id is what thread replies will carry.
    postedIn = root.channel ?? channelId;
  } catch (error) {
    await deps.runs.abandonStart(runId);
    const code = slackErrorCode(error);
    deps.logger.warn(
      { kind: 'run', run: runId, playbook: playbook.id, channel: channelId, error: code },
      'run root not posted',
    );
    if (CANNOT_POST.has(code)) return invite(channelId, code);
    return message('The playbook could not be started.', [
      section(`⚠️ Slack refused the thread (\`${code}\`), so nothing was started. Try again in a moment.`),
    ]);
  }
  const permalink = await client.chat
    .getPermalink({ channel: postedIn, message_ts: rootTs })
    .then((r) => r.permalink ?? null)
    .catch(() => null);
  const v = await deps.runs.begin(runId, { channelId: postedIn, threadTs: rootTs, permalink });
  await postStep(client, deps, v);
  deps.logger.info({ kind: 'run', run: runId, playbook: playbook.id, partner: partner.id, outcome: 'started' }, 'run');
  const link = permalink ? `<${permalink}|open the thread>` : 'see the thread';
  if (start.threadless)
    return message(`${playbook.name} for ${partner.name} has its thread now.`, [
      section(
        `🧭 The *${esc(playbook.name)}* playbook for *${esc(partner.name)}* has its thread now, in <#${postedIn}>, at ${esc(stepTitle(v))}: ${link}. Reply in the thread to work with the coach.`,
      ),
    ]);
  return message(`Started ${playbook.name} for ${partner.name}.`, [
    section(
      `🧭 Started the *${esc(playbook.name)}* playbook for *${esc(partner.name)}* in <#${postedIn}>: ${link}. Reply in the thread to work with the coach.`,
    ),
  ]);
}

/** A paused run resumed from a command: its step message gets its buttons back. */
async function showResumed(client: WebClient, deps: SlackDeps, v: RunView): Promise<void> {
  if (!v.channelId) return;
  if (v.stepTs) await update(client, deps, v.channelId, v.stepTs, stepMessage(deps, v), 'step');
  else await postStep(client, deps, v);
  await refreshRoot(client, deps, v);
}

/** After the ack of `/partner run`: post the new thread, or bring a resumed one back; the reply replaces the ack. */
export async function afterRunStart(
  client: WebClient,
  deps: SlackDeps,
  start: RunStart,
  actor: string,
): Promise<Message | null> {
  if (start.kind === 'start') return startRunThread(client, deps, start, actor);
  if (start.kind === 'resumed') await showResumed(client, deps, start.view);
  return null;
}
