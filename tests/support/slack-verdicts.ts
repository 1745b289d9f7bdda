/**
 * What Slack answers to a whole payload: a message (chat.*, a response_url POST, a slash command's ack), a view
 * (views.*, a view_submission's update/push), or a file's comment. Refused payloads get Slack's error code and
 * one `[ERROR] … [json-pointer:…]` line per broken rule; the rules and numbers are in slack-limits.ts.
 */
import { blockTextChars, checkBlocks, isObject, Problems, SLACK_LIMITS, type Json } from './slack-limits';

/** What Slack would answer: an error code and its details, or nothing to object to. */
export interface Verdict {
  /** Slack's error code; undefined when Slack accepts the payload. */
  error: string | undefined;
  /** Slack-style details, `[ERROR] <rule> [json-pointer:<where>]`, one per broken rule. */
  messages: string[];
  /** Accepted by Slack but against the house rules (a `text` fallback with blocks). */
  warnings: string[];
}

const accepted = (warnings: string[] = []): Verdict => ({ error: undefined, messages: [], warnings });
const refused = (error: string, messages: string[]): Verdict => ({ error, messages, warnings: [] });

/**
 * A message body: chat.postMessage / postEphemeral / update / scheduleMessage params, a response_url POST,
 * or a slash command's ack body. `text` is the fallback; `blocks` may be absent.
 */
export function checkMessage(body: Json): Verdict {
  const text = typeof body.text === 'string' ? body.text : '';
  if (text.length > SLACK_LIMITS.messageText)
    return refused('msg_too_long', [
      `[ERROR] must be less than ${SLACK_LIMITS.messageText + 1} characters (got ${text.length}) [json-pointer:/text]`,
    ]);
  if (body.blocks === undefined) return accepted();
  const p = new Problems();
  checkBlocks(p, body.blocks, '/blocks', SLACK_LIMITS.messageBlocks);
  if (p.list.length) return refused('invalid_blocks', p.list);
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  // markdown blocks have their own documented budget (checked above) and are not what fails this way.
  const chars = blockTextChars(blocks.filter((b) => !isObject(b) || b.type !== 'markdown'));
  if (chars > SLACK_LIMITS.messageBlockChars)
    return refused('msg_blocks_too_long', [
      `[ERROR] the blocks' text must total less than ${SLACK_LIMITS.messageBlockChars + 1} characters (got ${chars}) [json-pointer:/blocks]`,
    ]);
  return accepted(
    blocks.length > 0 && !text.trim()
      ? ['[WARN] blocks without a plain-text `text` fallback for notifications [json-pointer:/text]']
      : [],
  );
}

/**
 * A view for views.open / push / update / publish (`kind` 'home' for publish), or one returned in a
 * view_submission ack (`response_action: 'update' | 'push'`). Slack answers `invalid_arguments`.
 */
export function checkView(view: unknown, kind: 'modal' | 'home' | 'any' = 'any', base = '/view'): Verdict {
  if (!isObject(view)) return refused('invalid_arguments', [`[ERROR] missing required field [json-pointer:${base}]`]);
  const bytes = Buffer.byteLength(JSON.stringify(view), 'utf8');
  if (bytes > SLACK_LIMITS.viewBytes)
    return refused('view_too_large', [
      `[ERROR] view is ${bytes} bytes, over ${SLACK_LIMITS.viewBytes} [json-pointer:${base}]`,
    ]);
  const p = new Problems();
  if (kind !== 'any' && view.type !== kind) p.add(`${base}/type`, `must be ${kind}`);
  if (view.type === 'modal') {
    p.text(view.title, `${base}/title`, SLACK_LIMITS.viewTitle, { plain: true });
    p.text(view.submit, `${base}/submit`, SLACK_LIMITS.viewButton, { required: false, plain: true });
    p.text(view.close, `${base}/close`, SLACK_LIMITS.viewButton, { required: false, plain: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined)
      p.add(`${base}/submit`, 'must provide submit when the view has input blocks');
  } else if (view.type !== 'home') {
    p.add(`${base}/type`, 'must be modal or home');
  }
  p.string(view.private_metadata, `${base}/private_metadata`, SLACK_LIMITS.privateMetadata);
  p.string(view.callback_id, `${base}/callback_id`, SLACK_LIMITS.id);
  p.string(view.external_id, `${base}/external_id`, SLACK_LIMITS.id);
  checkBlocks(p, view.blocks, `${base}/blocks`, SLACK_LIMITS.viewBlocks);
  return p.list.length ? refused('invalid_arguments', p.list) : accepted();
}

const VIEW_KIND: Record<string, 'modal' | 'home'> = {
  'views.open': 'modal',
  'views.push': 'modal',
  'views.update': 'modal',
  'views.publish': 'home',
};

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.scheduleMessage']);

/** What Slack would say about a Web API call's payload, for the methods that carry messages or views. */
export function checkCall(method: string, params: Json): Verdict {
  if (MESSAGE_METHODS.has(method)) return checkMessage(params);
  const kind = VIEW_KIND[method];
  // views.update may change a Home tab too; its kind is whatever the view says.
  if (kind) return checkView(params.view, method === 'views.update' ? 'any' : kind);
  if (method === 'files.completeUploadExternal') {
    const comment = params.initial_comment;
    const verdict = checkMessage({
      ...(typeof comment === 'string' ? { text: comment } : {}),
      ...(params.blocks === undefined ? {} : { blocks: params.blocks }),
    });
    return { ...verdict, warnings: [] }; // a file needs no fallback text
  }
  return accepted();
}

/**
 * An HTTP ack body as the test sender receives it: a slash command's reply (a message), or a view_submission's
 * `response_action` (a view for update/push). Other acks carry nothing Slack would show.
 */
export function checkAckBody(kind: 'command' | 'interactive', body: unknown): Verdict {
  if (typeof body === 'string') return body ? checkMessage({ text: body }) : accepted();
  if (!isObject(body)) return accepted();
  if (kind === 'command') return checkMessage(body);
  if (body.response_action === 'update' || body.response_action === 'push')
    return checkView(body.view, 'modal', '/view');
  return accepted();
}

/** One line per problem, for an error message a failing test shows. */
export function describeVerdict(where: string, verdict: Verdict): string {
  const head = verdict.error
    ? `Slack would refuse ${where}: ${verdict.error}`
    : `${where} breaks a house rule Slack lets through`;
  return [head, ...verdict.messages, ...verdict.warnings].map((l, i) => (i ? `  ${l}` : l)).join('\n');
}
