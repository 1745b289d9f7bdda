/**
 * What the fake Slack Web API answers, method by method, and the little workspace state those answers
 * need (posted messages, uploads, views, per-user time zones). Shapes follow docs.slack.dev/reference/methods;
 * only the fields our code and @slack/web-api read are filled in. The HTTP side lives in fake-slack.ts.
 */
import { TEST_IDS, TEST_TEAM, channelNameFor, userNameFor, type FakeTeam } from './slack-ids';

export type Params = Record<string, unknown>;
export type SlackJson = Record<string, unknown>;

/** A message the bot posted, as `conversations.history` would return it (plus its channel). */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  thread_ts?: string;
  blocks?: unknown;
  metadata?: unknown;
}

/** One `files.uploadV2` file: reserved by getUploadURLExternal, bytes POSTed to the upload URL, then completed. */
export interface StoredUpload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Buffer | undefined;
  title: string | undefined;
  channelId: string | undefined;
  threadTs: string | undefined;
  completed: boolean;
}

/** A file someone shared (a CSV dropped in a DM, or picked in a form's file input). */
export interface StoredFile {
  id: string;
  name: string;
  user: string;
  filetype: string;
  mimetype: string;
  content: Buffer;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A param as a string: form fields arrive as strings, JSON bodies may carry numbers. */
export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  if (typeof v === 'string') return v;
  return typeof v === 'number' ? String(v) : undefined;
}

function flag(p: Params, key: string): boolean {
  const v = p[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Orders Slack timestamps ('1700000000.000100') without losing the micro part to float rounding. */
export function compareTs(a: string, b: string): number {
  const [as = '0', af = ''] = a.split('.');
  const [bs = '0', bf = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}

/** UTC offset in seconds of an IANA zone right now, as users.info's `tz_offset`. */
function tzOffsetSeconds(tz: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

export class FakeWorkspace {
  readonly messages = new Map<string, StoredMessage[]>();
  readonly uploads = new Map<string, StoredUpload>();
  readonly userTz = new Map<string, string>();
  readonly channelInfo = new Map<string, SlackJson>();
  readonly viewIdsByExternalId = new Map<string, string>();
  readonly files = new Map<string, StoredFile>();
  /** E-mail → member id, for users.lookupByEmail (default: none known). */
  readonly emails = new Map<string, string>();
  socketUrl: (() => string) | undefined;
  private lastMicros = 0;
  private seq = 0;

  constructor(readonly baseUrl: string) {}

  /** Forgets messages, uploads and views; keeps configuration (time zones, channel info, socket URL). */
  reset(): void {
    this.messages.clear();
    this.uploads.clear();
    this.viewIdsByExternalId.clear();
    this.files.clear();
  }

  /** The file object as Slack shows it (events, files.info, a file input's state). */
  fileObject(file: StoredFile): SlackJson {
    const path = `${file.id}/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      created: Math.floor(Date.now() / 1000),
      name: file.name,
      title: file.name,
      mimetype: file.mimetype,
      filetype: file.filetype,
      pretty_type: file.filetype.toUpperCase(),
      user: file.user,
      user_team: TEST_IDS.teamId,
      mode: 'hosted',
      is_external: false,
      size: file.content.length,
      url_private: `${this.baseUrl}/files-pri/${TEST_IDS.teamId}-${path}`,
      url_private_download: `${this.baseUrl}/files-pri/${TEST_IDS.teamId}-${file.id}/download/${encodeURIComponent(file.name)}`,
      permalink: `https://${TEST_IDS.teamDomain}.slack.com/files/${file.user}/${path}`,
    };
  }

  /** A unique, increasing message ts in Slack's 'seconds.micros' form, near the real time. */
  nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, Date.now() * 1000);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  storeMessage(message: StoredMessage): void {
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    list.sort((a, b) => compareTs(a.ts, b.ts));
    this.messages.set(message.channel, list);
  }

  /** Slack's answer to `method`, called with a token of `team`'s. */
  answer(method: string, p: Params, team: FakeTeam = TEST_TEAM): SlackJson {
    const handler = HANDLERS[method];
    return handler ? handler(this, p, team) : fail('unknown_method');
  }
}

type Handler = (w: FakeWorkspace, p: Params, team: FakeTeam) => SlackJson;

const ok = (body: SlackJson = {}): SlackJson => ({ ok: true, ...body });
const fail = (error: string): SlackJson => ({ ok: false, error });

/** The message as the API shows it (the channel is a sibling field, not part of the message). */
function visible(m: StoredMessage, withMetadata = true): SlackJson {
  const { channel: _channel, metadata, ...rest } = m;
  return withMetadata && metadata !== undefined ? { ...rest, metadata } : rest;
}

function postMessage(w: FakeWorkspace, p: Params, team: FakeTeam): SlackJson {
  const channel = str(p, 'channel');
  if (!channel) return fail('channel_not_found');
  const text = str(p, 'text') ?? '';
  if (!text && p.blocks === undefined && p.attachments === undefined) return fail('no_text');
  const message: StoredMessage = {
    type: 'message',
    channel,
    ts: w.nextTs(),
    text,
    user: team.botUserId,
    bot_id: team.botId,
    thread_ts: str(p, 'thread_ts'),
    blocks: p.blocks,
    metadata: p.metadata,
  };
  w.storeMessage(message);
  return ok({ channel, ts: message.ts, message: visible(message) });
}

/**
 * Lenient on purpose: a ts the fake never saw (e.g. a message handed to `blockAction` by a test) is
 * stored as if it had been posted, so update flows need no seeding. Real Slack says message_not_found.
 */
function updateMessage(w: FakeWorkspace, p: Params): SlackJson {
  const channel = str(p, 'channel');
  const ts = str(p, 'ts');
  if (!channel || !ts) return fail('invalid_arguments');
  let message = w.findMessage(channel, ts);
  if (!message) {
    message = { type: 'message', channel, ts, text: '', user: TEST_IDS.botUserId, bot_id: TEST_IDS.botId };
    w.storeMessage(message);
  }
  if (typeof p.text === 'string') message.text = p.text;
  if (p.blocks !== undefined) message.blocks = p.blocks;
  if (p.metadata !== undefined) message.metadata = p.metadata;
  return ok({ channel, ts, text: message.text, message: visible(message) });
}

function history(w: FakeWorkspace, p: Params): SlackJson {
  const channel = str(p, 'channel');
  if (!channel) return fail('channel_not_found');
  const oldest = str(p, 'oldest');
  const latest = str(p, 'latest');
  const limit = Number(str(p, 'limit') ?? 100) || 100;
  const messages = (w.messages.get(channel) ?? [])
    .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts) // replies live in conversations.replies
    .filter((m) => (!oldest || compareTs(m.ts, oldest) > 0) && (!latest || compareTs(m.ts, latest) < 0))
    .slice()
    .reverse();
  const page = messages.slice(0, limit).map((m) => visible(m, flag(p, 'include_all_metadata')));
  return ok({
    messages: page,
    has_more: messages.length > limit,
    pin_count: 0,
    response_metadata: { next_cursor: '' },
  });
}

function replies(w: FakeWorkspace, p: Params): SlackJson {
  const channel = str(p, 'channel') ?? '';
  const ts = str(p, 'ts') ?? '';
  if (!w.findMessage(channel, ts)) return fail('thread_not_found');
  const thread = (w.messages.get(channel) ?? []).filter((m) => m.ts === ts || m.thread_ts === ts);
  return ok({ messages: thread.map((m) => visible(m, flag(p, 'include_all_metadata'))), has_more: false });
}

function viewMethod(kind: 'publish' | 'open' | 'update' | 'push'): Handler {
  return (w, p, team) => {
    const view = p.view;
    if (!isObject(view)) return fail('invalid_arguments');
    if (kind === 'publish' && !str(p, 'user_id')) return fail('invalid_arguments');
    const externalId = typeof view.external_id === 'string' ? view.external_id : str(p, 'external_id');
    const known = externalId ? w.viewIdsByExternalId.get(externalId) : undefined;
    const id = str(p, 'view_id') ?? known ?? w.nextId('V');
    if (externalId) w.viewIdsByExternalId.set(externalId, id);
    return ok({
      view: {
        type: kind === 'publish' ? 'home' : 'modal',
        ...view,
        id,
        team_id: team.teamId,
        hash: w.nextId('H'),
        state: { values: {} },
        root_view_id: id,
        app_id: TEST_IDS.appId,
        bot_id: team.botId,
      },
    });
  };
}

function usersInfo(w: FakeWorkspace, p: Params, team: FakeTeam): SlackJson {
  const id = str(p, 'user');
  if (!id) return fail('user_not_found');
  const tz = w.userTz.get(id) ?? 'America/New_York';
  const name = userNameFor(id);
  const realName = name.charAt(0).toUpperCase() + name.slice(1);
  return ok({
    user: {
      id,
      team_id: team.teamId,
      name,
      real_name: realName,
      deleted: false,
      is_bot: false,
      tz,
      tz_label: tz,
      tz_offset: tzOffsetSeconds(tz),
      profile: { real_name: realName, display_name: name, email: `${name}@example.com`, team: team.teamId },
    },
  });
}

function completeUpload(w: FakeWorkspace, p: Params): SlackJson {
  const files = Array.isArray(p.files) ? p.files.filter(isObject) : [];
  if (files.length === 0) return fail('invalid_arguments');
  const done: SlackJson[] = [];
  for (const file of files) {
    const upload = typeof file.id === 'string' ? w.uploads.get(file.id) : undefined;
    if (!upload) return fail('file_not_found');
    upload.completed = true;
    upload.title = typeof file.title === 'string' ? file.title : upload.filename;
    upload.channelId = str(p, 'channel_id');
    upload.threadTs = str(p, 'thread_ts');
    done.push({
      id: upload.fileId,
      title: upload.title,
      name: upload.filename,
      size: upload.bytes?.length ?? upload.length,
      permalink: `https://${TEST_IDS.teamDomain}.slack.com/files/${TEST_IDS.botUserId}/${upload.fileId}/${upload.filename}`,
      shares: {}, // shared asynchronously by real Slack (platform notes trap 9)
    });
  }
  return ok({ files: done });
}

const HANDLERS: Record<string, Handler> = {
  // Who the token is: its workspace, or for an org-wide install its organisation.
  'auth.test': (_w, _p, team) =>
    ok({
      url: `https://${team.orgWide && team.enterprise ? `${team.enterprise.id.toLowerCase()}.enterprise` : team.teamDomain}.slack.com/`,
      team: team.orgWide && team.enterprise ? team.enterprise.name : team.teamName,
      user: TEST_IDS.botName,
      team_id: team.orgWide && team.enterprise ? team.enterprise.id : team.teamId,
      user_id: team.botUserId,
      bot_id: team.botId,
      ...(team.enterprise ? { enterprise_id: team.enterprise.id } : {}),
      is_enterprise_install: team.orgWide,
    }),
  'chat.postMessage': postMessage,
  'chat.update': updateMessage,
  'chat.postEphemeral': (w, p) => (str(p, 'channel') ? ok({ message_ts: w.nextTs() }) : fail('channel_not_found')),
  'chat.delete': (w, p) => {
    const channel = str(p, 'channel') ?? '';
    const ts = str(p, 'ts') ?? '';
    const list = w.messages.get(channel) ?? [];
    w.messages.set(
      channel,
      list.filter((m) => m.ts !== ts),
    );
    return ok({ channel, ts });
  },
  'chat.getPermalink': (_w, p) =>
    ok({
      channel: str(p, 'channel'),
      permalink: `https://${TEST_IDS.teamDomain}.slack.com/archives/${str(p, 'channel')}/p${(str(p, 'message_ts') ?? '').replace('.', '')}`,
    }),
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.open': (_w, p) => {
    const users = (str(p, 'users') ?? '').split(',').filter(Boolean);
    if (users.length === 0)
      return str(p, 'channel') ? ok({ channel: { id: str(p, 'channel') } }) : fail('users_list_not_supplied');
    return ok({ channel: { id: users.length === 1 ? `D${users[0]}` : `G${users.join('')}` } });
  },
  'conversations.info': (w, p) => {
    const id = str(p, 'channel');
    if (!id) return fail('channel_not_found');
    const isIm = id.startsWith('D');
    return ok({
      channel: {
        id,
        name: channelNameFor(id),
        is_channel: !isIm,
        is_im: isIm,
        is_private: false,
        is_archived: false,
        is_member: true,
        is_ext_shared: false,
        ...w.channelInfo.get(id),
      },
    });
  },
  'users.info': usersInfo,
  'views.publish': viewMethod('publish'),
  'views.open': viewMethod('open'),
  'views.update': viewMethod('update'),
  'views.push': viewMethod('push'),
  'files.getUploadURLExternal': (w, p) => {
    const filename = str(p, 'filename');
    if (!filename) return fail('invalid_arguments');
    const fileId = w.nextId('F');
    w.uploads.set(fileId, {
      fileId,
      filename,
      length: Number(str(p, 'length') ?? 0),
      bytes: undefined,
      title: undefined,
      channelId: undefined,
      threadTs: undefined,
      completed: false,
    });
    return ok({ upload_url: `${w.baseUrl}/upload/${fileId}`, file_id: fileId });
  },
  'files.completeUploadExternal': completeUpload,
  'files.info': (w, p) => {
    const file = w.files.get(str(p, 'file') ?? '');
    return file ? ok({ file: w.fileObject(file) }) : fail('file_not_found');
  },
  'users.lookupByEmail': (w, p, team) => {
    const id = w.emails.get((str(p, 'email') ?? '').toLowerCase());
    return id ? usersInfo(w, { user: id }, team) : fail('users_not_found');
  },
  // not_authed is one of the errors @slack/socket-mode treats as unrecoverable, so a test that forgot to
  // attach the socket fake fails at once instead of retrying for minutes.
  'apps.connections.open': (w) => (w.socketUrl ? ok({ url: w.socketUrl() }) : fail('not_authed')),
};
