import type { WebClient } from '@slack/web-api';
import type { Partner } from '../domain/partners/model';
import type { Template } from '../domain/templates/schema';
import type { FilledDocument } from '../domain/templates/service';
import { esc } from './blocks/text';
import type { SlackDeps } from './deps';
import { slackErrorCode } from './errors';
import { CHANNEL_REFUSED, dmChannel, postBytes } from './files';

/** Where a document should land: a channel, or a thread in it. */
export interface Destination {
  channelId: string;
  threadTs?: string;
}

export type Upload =
  | { ok: true; channelId: string; permalink: string | null; movedToDm: boolean; movedBecause?: string }
  | { ok: false; error: string };

export interface DeliveredDocument {
  filled: FilledDocument;
  upload: Upload;
}

/**
 * Slack's external upload flow, one step at a time (files.getUploadURLExternal, POST the bytes,
 * files.completeUploadExternal), so the file id is recorded as soon as Slack gives it and a refused
 * channel only repeats the last step — into the requester's DM.
 */
async function upload(
  client: WebClient,
  deps: SlackDeps,
  filled: FilledDocument,
  to: Destination,
  actor: string,
): Promise<Upload> {
  const { document, fileName } = filled;
  const content = filled.rendered.markdown;
  let fileId: string;
  try {
    const reserved = await client.files.getUploadURLExternal({
      filename: fileName,
      length: Buffer.byteLength(content),
    });
    if (!reserved.upload_url || !reserved.file_id) throw new Error('files.getUploadURLExternal gave no upload URL');
    await postBytes(reserved.upload_url, fileName, content, client.token);
    fileId = reserved.file_id;
    await deps.templates.documents.uploaded(document.id, fileId);
  } catch (error) {
    return failed(deps, document.id, error);
  }
  const complete = async (channelId: string, threadTs?: string) => {
    const done = await client.files.completeUploadExternal({
      files: [{ id: fileId, title: `${document.title}.md` }],
      channel_id: channelId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      initial_comment: `📄 ${esc(document.title)} — filled from \`${filled.template.id}\` for <@${actor}>`,
    });
    // The share itself is asynchronous (no message ts yet); the permalink is what we can link to now.
    const permalink = done.files?.[0]?.permalink ?? null;
    await deps.templates.documents.shared(document.id, { channelId, threadTs: threadTs ?? null, permalink });
    return permalink;
  };
  try {
    return {
      ok: true,
      channelId: to.channelId,
      permalink: await complete(to.channelId, to.threadTs),
      movedToDm: false,
    };
  } catch (error) {
    const code = slackErrorCode(error);
    if (!CHANNEL_REFUSED.has(code)) return failed(deps, document.id, error);
    try {
      const dm = await dmChannel(client, actor);
      return {
        ok: true,
        channelId: dm,
        permalink: await complete(dm),
        movedToDm: true,
        movedBecause: code,
      };
    } catch (dmError) {
      return failed(deps, document.id, dmError);
    }
  }
}

async function failed(deps: SlackDeps, documentId: number, error: unknown): Promise<Upload> {
  const code = slackErrorCode(error);
  await deps.templates.documents.failed(documentId, code);
  deps.logger.warn({ kind: 'document_upload', document: documentId, error: code }, 'document upload failed');
  return { ok: false, error: code };
}

/** Answers of `user` fields are Slack user ids; a document shows the person's name (the id when unknown). */
async function withPeopleNamed(
  client: WebClient,
  deps: SlackDeps,
  answers: Readonly<Record<string, string | number | null>>,
): Promise<Record<string, string | number | null>> {
  const named = await Promise.all(
    Object.entries(answers).map(async ([id, value]): Promise<[string, string | number | null]> => {
      if (deps.templates.fields.get(id)?.type !== 'user' || typeof value !== 'string') return [id, value];
      return [id, (await deps.names.user(client, value)) ?? value];
    }),
  );
  return Object.fromEntries(named);
}

/** Looks up the names a document shows, renders and records it, then uploads it. Runs after the ack. */
export async function deliverDocument(
  client: WebClient,
  deps: SlackDeps,
  request: {
    template: Template;
    partner: Partner;
    actor: string;
    to: Destination;
    answers?: Record<string, string | number | null>;
    runId?: number;
  },
): Promise<DeliveredDocument> {
  const { template, partner, actor } = request;
  const [user, owner, channel, answers] = await Promise.all([
    deps.names.user(client, actor),
    deps.names.user(client, partner.ownerUserId),
    deps.names.channel(client, partner.channelId),
    withPeopleNamed(client, deps, request.answers ?? (await deps.templates.known(partner.id))),
  ]);
  const filled = await deps.templates.fill({
    template,
    partner,
    actor,
    names: { user, owner, channel },
    answers,
    ...(request.runId ? { runId: request.runId } : {}),
  });
  return { filled, upload: await upload(client, deps, filled, request.to, actor) };
}
