/**
 * A fake Slack Web API on 127.0.0.1 (node:http, port 0): the app under test gets `SLACK_API_URL=${fake.apiUrl}`
 * and talks to it with its real WebClient, so retries, serialisation and error classes all run for real.
 * Every call is recorded; tests assert on `calls()` and inject faults with failNext / rateLimitNext / httpErrorNext.
 *
 * It is as strict as Slack: a call needs a token the workspace knows (`not_authed` / `invalid_auth`), and a
 * message or view over one of Slack's limits is refused with Slack's error code (slack-limits.ts). Every such
 * breach is also kept as unclaimed until a test takes it (`takeBreaches()`); tests/support/setup.ts fails any
 * test that leaves one behind, so every test checks the limits for free.
 *
 * Besides `/api/<method>` it serves `/upload/<fileId>` (files.uploadV2 step 2, recorded as method 'upload')
 * and `/respond/<id>` (response_url targets, recorded in `responses()`). Faults also apply to those two
 * pseudo-methods, e.g. `httpErrorNext('respond', 404)` for an expired response_url.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeWorkspace, str, type Params, type StoredMessage, type StoredUpload } from './fake-slack-methods';
import { TEST_IDS } from './slack-ids';
import { Guard, tokenOf, type Breach, type TokenError } from './fake-slack-guard';
import { decodeField, parseBody, readBody, reply } from './fake-slack-http';
import { FakeOAuth, type AuthorizeOptions, type OAuthClient } from './fake-slack-oauth';
import { TEST_TEAM, type FakeTeam } from './slack-ids';
import { checkCall, checkMessage } from './slack-verdicts';

export type { Breach, TokenError } from './fake-slack-guard';
export { takeUnclaimedBreaches } from './fake-slack-guard';
export type { StoredMessage, StoredUpload } from './fake-slack-methods';
export type { AuthorizeOptions, OAuthClient } from './fake-slack-oauth';

export interface RecordedCall {
  /** Web API method ('chat.postMessage'), or 'upload' for a POST to an upload URL. */
  method: string;
  /** Form fields with JSON fields (blocks, view, files, attachments, metadata) decoded; or the JSON body. */
  params: Params;
  headers: IncomingHttpHeaders;
  /** The token the call carried (Authorization: Bearer …, or a `token` param); undefined without one. */
  token: string | undefined;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status and body the fake answered with. */
  status: number;
  response: unknown;
}

export interface RecordedResponse {
  /** The id in `/respond/<id>`. */
  id: string;
  /** What Bolt's respond() POSTed (JSON). */
  body: unknown;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FailOptions {
  /** Only calls whose channel / channel_id / users param equals this. */
  channel?: string;
  /** How many matching calls fail (default 1). */
  times?: number;
}

export interface FakeSlackOptions {
  /** Tokens the workspace knows (default: TEST_BOT_TOKEN and TEST_APP_TOKEN). Add more with allowToken(). */
  tokens?: readonly string[];
}

export interface FakeSlack {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** `${url}/api/` — give this to the app as SLACK_API_URL / clientOptions.slackApiUrl. */
  readonly apiUrl: string;
  /** Recorded calls, oldest first, optionally of one method. */
  calls(method?: string): RecordedCall[];
  /** POSTs received on response URLs, optionally for one id. */
  responses(id?: string): RecordedResponse[];
  /** A response_url pointing at this fake (a fresh id unless given). */
  responseUrl(id?: string): string;
  /** Messages the bot posted in a channel (thread replies included), oldest first. */
  messages(channel: string): StoredMessage[];
  /** Files reserved, uploaded and completed through files.uploadV2. */
  uploads(): StoredUpload[];
  /**
   * A file a member shared (default U0ALICE, a CSV): files.info knows it, and its `url_private` serves its
   * bytes to a request with a known bot token. Returns the file object to put in an event or a file input.
   */
  addFile(file: {
    name: string;
    content: string | Buffer;
    user?: string;
    filetype?: string;
    mimetype?: string;
  }): Record<string, unknown>;
  /** users.lookupByEmail finds this member by this e-mail. */
  setEmail(email: string, userId: string): void;
  /** The next matching call(s) answer `{ok:false, error}`. */
  failNext(method: string, error: string, options?: FailOptions): void;
  /** The next `times` calls (to `channel`, if given) answer HTTP 429 with Retry-After and `{ok:false, error:'ratelimited'}`. */
  rateLimitNext(method: string, retryAfterSeconds: number, times?: number, channel?: string): void;
  /**
   * Like Slack's chat.postMessage limit: a call to a channel less than `minIntervalMs` after the last
   * one it accepted there answers 429 with Retry-After (whole seconds, rounded up). `undefined` turns it off.
   */
  limitPerChannel(method: string, minIntervalMs: number | undefined): void;
  /** Each call answers HTTP `status` with probability `rate`, drawn from `rng` (a seeded PRNG keeps it reproducible). */
  randomHttpErrors(method: string, options: { status: number; rate: number; rng: () => number } | undefined): void;
  /** The next matching call is carried out (a post is stored) but its answer comes `ms` later: a timeout after Slack acted. */
  delayNext(method: string, ms: number, options?: FailOptions): void;
  /** The next `times` calls answer this HTTP status (WebAPIHTTPError in the client). */
  httpErrorNext(method: string, status: number, times?: number): void;
  /** users.info answers this tz for the user (default America/New_York). */
  setUserTz(user: string, tz: string): void;
  /** Extra fields merged into conversations.info for a channel, e.g. `{ is_ext_shared: true }`. */
  setChannel(channel: string, info: Record<string, unknown>): void;
  /** What apps.connections.open returns as `url` (fake-socket-mode.ts does this for you). */
  attachSocketMode(url: string | (() => string) | undefined): void;
  /** The token is now valid (an xoxb- bot token acting for `team`, default the test workspace; or an xapp- app token). */
  allowToken(token: string, team?: FakeTeam): void;
  /** The workspace a token was issued for (revoked or not); undefined for a token the fake never knew. */
  teamOf(token: string | undefined): FakeTeam | undefined;
  /** The Slack app's client id and secret: what oauth.v2.access checks. */
  setOAuthClient(client: OAuthClient): void;
  /** Slack's authorize page after "Allow": a one-time code that oauth.v2.access trades for a new bot token of `team`. */
  authorize(team: FakeTeam, options?: AuthorizeOptions): string;
  /** This code now answers invalid_code (expired, already used elsewhere, never issued). */
  invalidateCode(code: string): void;
  /** Every later call with this token answers `error` (default invalid_auth), as after an uninstall. */
  revokeToken(token: string, error?: TokenError): void;
  /** Payloads that broke Slack's limits or a house rule, oldest first (claimed ones included). */
  breaches(): Breach[];
  /** Breaches not yet taken, which are then claimed: a test that provokes one on purpose takes it. */
  takeBreaches(): Breach[];
  /**
   * Forgets calls, responses, messages, uploads, views, breaches and pending faults; keeps tz/channel/socket/token
   * settings. A breach nobody took stays unclaimed.
   */
  reset(): void;
  close(): Promise<void>;
}

type FaultAnswer =
  | { kind: 'platform'; error: string }
  | { kind: 'ratelimit'; retryAfter: number }
  | { kind: 'http'; status: number };

interface Fault {
  method: string;
  channel: string | undefined;
  remaining: number;
  answer: FaultAnswer;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  let calls: RecordedCall[] = [];
  const guard = new Guard(options.tokens);
  let responses: RecordedResponse[] = [];
  let faults: Fault[] = [];
  let delays: { method: string; channel: string | undefined; remaining: number; ms: number }[] = [];
  const perChannel = new Map<string, { minIntervalMs: number; last: Map<string, number> }>();
  const random = new Map<string, { status: number; rate: number; rng: () => number }>();
  let responseSeq = 0;
  let workspace: FakeWorkspace | undefined;
  const oauth = new FakeOAuth((token, team) => guard.allow(token, team));
  const ws = (): FakeWorkspace => {
    if (!workspace) throw new Error('fake Slack is not listening yet');
    return workspace;
  };

  const targetOf = (params: Params): string | undefined =>
    str(params, 'channel') ?? str(params, 'channel_id') ?? str(params, 'users');

  /** Random 5xx, then the per-channel rate: faults that come from the "network", not from a queued failNext. */
  function ambientFault(method: string, params: Params): FaultAnswer | undefined {
    const chaos = random.get(method);
    if (chaos && chaos.rng() < chaos.rate) return { kind: 'http', status: chaos.status };
    const limit = perChannel.get(method);
    const channel = targetOf(params);
    if (!limit || !channel) return undefined;
    const now = Date.now();
    const last = limit.last.get(channel);
    if (last !== undefined && now - last < limit.minIntervalMs) {
      return { kind: 'ratelimit', retryAfter: Math.max(1, Math.ceil((limit.minIntervalMs - (now - last)) / 1000)) };
    }
    limit.last.set(channel, now);
    return undefined;
  }

  function takeDelay(method: string, params: Params): number | undefined {
    const target = targetOf(params);
    const delay = delays.find((d) => d.method === method && (d.channel === undefined || d.channel === target));
    if (!delay) return undefined;
    delay.remaining -= 1;
    if (delay.remaining <= 0) delays = delays.filter((d) => d !== delay);
    return delay.ms;
  }

  function takeFault(method: string, params: Params): FaultAnswer | undefined {
    const target = targetOf(params);
    const fault = faults.find((f) => f.method === method && (f.channel === undefined || f.channel === target));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
    return fault.answer;
  }

  /** Sends a fault answer if one is queued; returns what was sent so it can be recorded. */
  function answerFault(
    res: ServerResponse,
    method: string,
    params: Params,
  ): { status: number; body: unknown } | undefined {
    const fault = takeFault(method, params) ?? ambientFault(method, params);
    if (!fault) return undefined;
    if (fault.kind === 'platform') {
      const body = { ok: false, error: fault.error };
      reply(res, 200, body);
      return { status: 200, body };
    }
    if (fault.kind === 'ratelimit') {
      const body = { ok: false, error: 'ratelimited' };
      reply(res, 429, body, { 'retry-after': String(fault.retryAfter) });
      return { status: 429, body };
    }
    reply(res, fault.status, 'fake Slack HTTP error');
    return { status: fault.status, body: 'fake Slack HTTP error' };
  }

  function record(method: string, params: Params, req: IncomingMessage, status: number, response: unknown): void {
    calls.push({ method, params, headers: req.headers, token: tokenOf(req, params), at: Date.now(), status, response });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const { params, parts } = await parseBody(req.headers['content-type'] ?? '', raw);
    for (const [key, value] of url.searchParams) params[key] ??= decodeField(key, value);
    const [, area, id] = url.pathname.split('/');
    if (area === 'api' && id === 'oauth.v2.access') {
      // Authenticated by the client id and secret, not a token.
      const faulted = answerFault(res, id, params);
      if (faulted) return record(id, params, req, faulted.status, faulted.body);
      const body = oauth.access(req, params);
      reply(res, 200, body);
      return record(id, params, req, 200, body);
    }
    if (area === 'api' && id) {
      const auth = guard.authError(id, tokenOf(req, params));
      if (auth) {
        const body = { ok: false, error: auth };
        reply(res, 200, body);
        return record(id, params, req, 200, body);
      }
      const refusal = guard.note(id, checkCall(id, params));
      if (refusal) {
        const body = { ok: false, error: refusal.error, response_metadata: { messages: refusal.messages } };
        reply(res, 200, body);
        return record(id, params, req, 200, body);
      }
      const faulted = answerFault(res, id, params);
      if (faulted) return record(id, params, req, faulted.status, faulted.body);
      const body = ws().answer(id, params, guard.teamOf(tokenOf(req, params)) ?? TEST_TEAM);
      const delay = takeDelay(id, params);
      record(id, params, req, 200, body);
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      if (!res.destroyed) reply(res, 200, body);
      return;
    }
    if (area === 'upload' && id) {
      const upload = ws().uploads.get(id);
      // @slack/web-api sends the file as the multipart field `body`; anything else is stored raw, boundaries and all.
      const file = parts.find((p) => p.field === 'body');
      const recorded = {
        ...params,
        file_id: id,
        filename: upload?.filename,
        bytes: file?.bytes.length ?? raw.length,
        authorization: req.headers.authorization,
      };
      const faulted = answerFault(res, 'upload', recorded);
      if (faulted) return record('upload', recorded, req, faulted.status, faulted.body);
      if (!upload) {
        reply(res, 404, 'no such upload');
        return record('upload', recorded, req, 404, 'no such upload');
      }
      upload.bytes = file?.bytes ?? raw;
      reply(res, 200, 'OK');
      return record('upload', recorded, req, 200, 'OK');
    }
    if (area === 'files-pri' && id) {
      // Slack answers a download without a valid token with its sign-in page (HTTP 200, HTML), not an error.
      const known = guard.authError('files.info', tokenOf(req, params)) === undefined;
      const file = ws().files.get(id.replace(/^[^-]+-/, ''));
      record(
        'download',
        { file: id, authorization: req.headers.authorization },
        req,
        200,
        known && file ? 'file' : 'login',
      );
      if (!known)
        return reply(res, 200, '<!DOCTYPE html><html><body>Sign in to Slack</body></html>', {
          'content-type': 'text/html',
        });
      if (!file) return reply(res, 404, 'file not found');
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.content.length) });
      res.end(file.content);
      return;
    }
    if (area === 'respond' && id) {
      // A response_url answers like an incoming webhook: HTTP 400 with the bare error code, no details.
      const refusal = guard.note('respond', checkMessage(params));
      if (refusal?.error) return reply(res, 400, refusal.error);
      if (answerFault(res, 'respond', params)) return;
      responses.push({ id, body: params, headers: req.headers, at: Date.now() });
      return reply(res, 200, { ok: true });
    }
    reply(res, 404, { ok: false, error: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, `fake Slack failed: ${String(err)}`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo; // listen() on a TCP port always yields AddressInfo
  const url = `http://127.0.0.1:${port}`;
  workspace = new FakeWorkspace(url);

  const addFault = (method: string, answer: FaultAnswer, times = 1, channel?: string): void => {
    faults.push({ method, channel, remaining: times, answer });
  };

  return {
    url,
    apiUrl: `${url}/api/`,
    calls: (method) => (method === undefined ? [...calls] : calls.filter((c) => c.method === method)),
    responses: (id) => (id === undefined ? [...responses] : responses.filter((r) => r.id === id)),
    responseUrl: (id) => {
      responseSeq += 1;
      return `${url}/respond/${id ?? `R${responseSeq}`}`;
    },
    messages: (channel) => [...(ws().messages.get(channel) ?? [])],
    uploads: () => [...ws().uploads.values()],
    addFile: (file) => {
      const stored = {
        id: ws().nextId('F'),
        name: file.name,
        user: file.user ?? TEST_IDS.alice,
        filetype: file.filetype ?? 'csv',
        mimetype: file.mimetype ?? 'text/csv',
        content: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content,
      };
      ws().files.set(stored.id, stored);
      return ws().fileObject(stored);
    },
    setEmail: (email, userId) => void ws().emails.set(email.toLowerCase(), userId),
    failNext: (method, error, options = {}) =>
      addFault(method, { kind: 'platform', error }, options.times, options.channel),
    rateLimitNext: (method, retryAfter, times, channel) =>
      addFault(method, { kind: 'ratelimit', retryAfter }, times, channel),
    limitPerChannel: (method, minIntervalMs) => {
      if (minIntervalMs === undefined) perChannel.delete(method);
      else perChannel.set(method, { minIntervalMs, last: new Map() });
    },
    randomHttpErrors: (method, options) => {
      if (options === undefined) random.delete(method);
      else random.set(method, options);
    },
    delayNext: (method, ms, options = {}) =>
      void delays.push({ method, channel: options.channel, remaining: options.times ?? 1, ms }),
    httpErrorNext: (method, status, times) => addFault(method, { kind: 'http', status }, times),
    setUserTz: (user, tz) => void ws().userTz.set(user, tz),
    setChannel: (channel, info) => void ws().channelInfo.set(channel, { ...ws().channelInfo.get(channel), ...info }),
    attachSocketMode: (socketUrl) => {
      ws().socketUrl = typeof socketUrl === 'string' ? () => socketUrl : socketUrl;
    },
    allowToken: (token, team) => guard.allow(token, team),
    teamOf: (token) => guard.issuedTo(token),
    setOAuthClient: (client) => oauth.setClient(client),
    authorize: (team, options) => oauth.authorize(team, options),
    invalidateCode: (code) => oauth.invalidate(code),
    revokeToken: (token, error = 'invalid_auth') => guard.revoke(token, error),
    breaches: () => guard.breaches(),
    takeBreaches: () => guard.take(),
    reset: () => {
      calls = [];
      guard.forget();
      responses = [];
      faults = [];
      delays = [];
      perChannel.clear();
      random.clear();
      ws().reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // keep-alive sockets from fetch would otherwise hold close() open
      }),
  };
}
