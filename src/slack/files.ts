import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from './errors';

/**
 * Files through Slack's external upload flow (files.getUploadURLExternal, POST the bytes,
 * files.completeUploadExternal), one step at a time, so a refused channel repeats only the last step —
 * into the requester's DM. documents.ts records each step of a template document; shareFiles is the
 * same flow for files kept nowhere else (reports, calendar files), several shared in one message.
 */

/** Slack's answers that mean "not this channel" rather than "not at all": the file goes to the user's DM instead. */
export const CHANNEL_REFUSED = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Step 2 exactly as @slack/web-api's filesUploadV2 sends it: one multipart field `body`, with the bot token. */
export async function postBytes(
  url: string,
  fileName: string,
  content: string | Uint8Array,
  token: string | undefined,
  type = 'text/markdown',
): Promise<void> {
  const form = new FormData();
  const bytes = typeof content === 'string' ? content : new Uint8Array(content);
  form.append('body', new Blob([bytes], { type }), fileName);
  const res = await fetch(url, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok)
    throw Object.assign(new Error(`upload answered HTTP ${res.status}`), { code: `upload_http_${res.status}` });
}

export interface OutgoingFile {
  readonly fileName: string;
  readonly title: string;
  readonly content: string | Uint8Array;
  /** MIME type of the bytes (`text/markdown`, `image/png`, `text/calendar`). */
  readonly type: string;
  /** For an image: what it shows, read by screen readers. */
  readonly altText?: string;
}

export type Shared =
  | { ok: true; channelId: string; permalinks: (string | null)[]; movedToDm: boolean; movedBecause?: string }
  | { ok: false; error: string };

/** The requester's DM with the app. */
export async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const dm = await client.conversations.open({ users: userId });
  if (!dm.channel?.id) throw new Error('conversations.open gave no channel');
  return dm.channel.id;
}

async function reserve(client: WebClient, file: OutgoingFile): Promise<string> {
  const length = typeof file.content === 'string' ? Buffer.byteLength(file.content) : file.content.byteLength;
  const reserved = await client.files.getUploadURLExternal({
    filename: file.fileName,
    length,
    ...(file.altText ? { alt_text: file.altText.slice(0, 1000) } : {}),
  });
  if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal gave no upload URL');
  await postBytes(reserved.upload_url, file.fileName, file.content, client.token, file.type);
  return reserved.file_id;
}

/**
 * Uploads the files and shares them together in one message with `comment`: in `to` (a thread if
 * `threadTs`), or in `actor`'s DM when `to` is null (the caller decided so) or the channel refuses them.
 */
export async function shareFiles(
  client: WebClient,
  files: readonly [OutgoingFile, ...OutgoingFile[]],
  to: { channelId: string; threadTs?: string } | null,
  options: { actor: string; comment: string; dmBecause?: string },
): Promise<Shared> {
  let ids: string[];
  try {
    ids = [];
    // One at a time: the order of the ids is the order Slack shows the files in.
    for (const file of files) ids.push(await reserve(client, file));
  } catch (error) {
    return { ok: false, error: slackErrorCode(error) };
  }
  const complete = async (channelId: string, threadTs?: string) => {
    const done = await client.files.completeUploadExternal({
      files: ids.map((id, i) => ({ id, title: files[i]?.title ?? '' })) as [{ id: string; title: string }],
      channel_id: channelId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      initial_comment: options.comment,
    });
    // The share itself is asynchronous (no message ts yet); permalinks are what we can link to now.
    return ids.map((id) => done.files?.find((f) => f.id === id)?.permalink ?? null);
  };
  const toDm = async (because: string): Promise<Shared> => {
    try {
      const channelId = await dmChannel(client, options.actor);
      return { ok: true, channelId, permalinks: await complete(channelId), movedToDm: true, movedBecause: because };
    } catch (error) {
      return { ok: false, error: slackErrorCode(error) };
    }
  };
  if (!to) return toDm(options.dmBecause ?? 'direct');
  try {
    return {
      ok: true,
      channelId: to.channelId,
      permalinks: await complete(to.channelId, to.threadTs),
      movedToDm: false,
    };
  } catch (error) {
    const code = slackErrorCode(error);
    return CHANNEL_REFUSED.has(code) ? toDm(code) : { ok: false, error: code };
  }
}
