import type { WebClient } from '@slack/web-api';
import type { StreamSink } from '../../domain/coach/engine';
import type { Logger } from '../../logging';
import { slackErrorCode } from '../errors';
import { streamingText } from '../blocks/coach';

/** chat.update is Tier 3 (about 50 a minute per workspace): at most one edit a second per message. */
export const STREAM_EDIT_INTERVAL_MS = 1000;
const PLACEHOLDER = '_The coach is thinking…_';

export interface StreamingReply {
  readonly sink: StreamSink;
  /** The placeholder's ts once posted (null if it could not be). */
  readonly ts: Promise<string | null>;
  /** Stops streaming edits; the caller makes the final edit. */
  close(): Promise<void>;
}

/**
 * A placeholder reply posted at once, then edited as the model streams: the first words show as soon
 * as they arrive, later ones at most once a second, and the final text is the caller's last edit.
 */
export function streamingReply(
  client: WebClient,
  logger: Logger,
  where: { channel: string; threadTs?: string },
): StreamingReply {
  const ts = client.chat
    .postMessage({
      channel: where.channel,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      text: PLACEHOLDER,
    })
    .then((r) => r.ts ?? null)
    .catch((error: unknown) => {
      logger.warn({ kind: 'coach', error: slackErrorCode(error) }, 'placeholder not posted');
      return null;
    });
  let latest = '';
  let shown = '';
  let lastEdit = 0;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<unknown> = Promise.resolve();
  let closed = false;

  const edit = () => {
    timer = undefined;
    if (closed || latest === shown) return;
    const text = latest;
    shown = text;
    lastEdit = Date.now();
    inflight = inflight.then(async () => {
      const at = await ts;
      if (!at || closed) return;
      await client.chat
        .update({ channel: where.channel, ts: at, text: streamingText(text) })
        .catch((error: unknown) => logger.debug({ kind: 'coach', error: slackErrorCode(error) }, 'stream edit failed'));
    });
  };

  const sink: StreamSink = (textSoFar) => {
    if (closed) return;
    latest = textSoFar;
    if (timer) return;
    const wait = Math.max(0, lastEdit + STREAM_EDIT_INTERVAL_MS - Date.now());
    if (wait === 0) edit();
    else timer = setTimeout(edit, wait);
  };

  return {
    sink,
    ts,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await inflight;
    },
  };
}
