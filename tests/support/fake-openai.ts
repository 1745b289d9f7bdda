/**
 * A fake OpenAI-compatible chat API on 127.0.0.1 (node:http, port 0): the coach's real `openai` SDK client
 * gets `baseUrl` (ending in /v1) and talks to it, so request building, SSE parsing, structured-output parsing,
 * retries and error classes all run for real.
 *
 * `POST /v1/chat/completions` answers
 * - `response_format: json_schema` (an extraction) with the scripted object as the message content;
 * - `stream: true` (a reply) as SSE, one chunk per word, `chunkDelayMs` apart, then `data: [DONE]`;
 * - anything else with the scripted reply as one plain completion.
 * Faults (failNext, hangNext, invalidJsonNext) are queued and taken by the next matching request.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LlmRequestKind = 'extract' | 'reply' | 'complete';

export interface RecordedLlmRequest {
  kind: LlmRequestKind;
  /** The JSON body the SDK sent (model, messages, response_format, stream…). */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The system message's content ('' when none). */
  system: string;
  /** The last user message's content ('' when none). */
  user: string;
  /** Date.now() when the request arrived, and when its answer ended (undefined while still answering). */
  at: number;
  finishedAt: number | undefined;
  status: number | undefined;
}

type Script<T> = T | ((request: RecordedLlmRequest) => T);

export interface FakeOpenAI {
  /** http://127.0.0.1:PORT/v1 — the SDK's baseURL / OPENAI_BASE_URL. */
  readonly baseUrl: string;
  /** What replies say (streamed or not). Default: a short statement. */
  reply(text: Script<string>): void;
  /** What extractions return (serialised as the message content). Default: null / [] for every field of the requested schema. */
  extract(value: Script<unknown>): void;
  /** Time between two stream chunks (default 0). */
  chunkDelay(ms: number): void;
  /**
   * The next `times` matching requests answer HTTP `status` with an OpenAI-style error body (and `headers`,
   * e.g. `{ 'retry-after-ms': '800' }` to ask the client to wait before retrying).
   */
  failNext(status: number, times?: number, only?: LlmRequestKind, headers?: Record<string, string>): void;
  /** The next matching request is answered `ms` late (or never, if the client gave up or close() came first). */
  hangNext(ms: number, only?: LlmRequestKind): void;
  /** The next matching request (default: an extraction) answers 200 with content that is not JSON. */
  invalidJsonNext(only?: LlmRequestKind): void;
  /** Requests received, oldest first, optionally of one kind. */
  requests(kind?: LlmRequestKind): RecordedLlmRequest[];
  /** Forgets requests, scripts and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

type Fault = { only: LlmRequestKind | undefined; remaining: number } & (
  | { type: 'status'; status: number; headers: Record<string, string> }
  | { type: 'hang'; ms: number }
  | { type: 'invalid_json' }
);

const DEFAULT_REPLY = 'Keep the partner close this week. Share the enablement plan with their team lead.';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The "nothing found" value of a JSON schema: null where allowed, [] for arrays, each property of an object. */
export function emptyFor(schema: unknown): unknown {
  if (!isObject(schema)) return null;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (
    types.includes('null') ||
    (Array.isArray(schema.anyOf) && schema.anyOf.some((s) => isObject(s) && s.type === 'null'))
  )
    return null;
  if (types.includes('array')) return [];
  if (types.includes('object') && isObject(schema.properties)) {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, emptyFor(v)]));
  }
  if (types.includes('string')) return '';
  if (types.includes('number') || types.includes('integer')) return 0;
  if (types.includes('boolean')) return false;
  return null;
}

function kindOf(body: Record<string, unknown>): LlmRequestKind {
  if (body.stream === true) return 'reply';
  return isObject(body.response_format) && body.response_format.type === 'json_schema' ? 'extract' : 'complete';
}

function contentOf(body: Record<string, unknown>, role: string): string {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const found = messages.filter((m) => m.role === role).at(role === 'system' ? 0 : -1);
  return typeof found?.content === 'string' ? found.content : '';
}

const completion = (content: string) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion',
  created: 0,
  model: 'fake',
  choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'fake',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits `ms`, or less if the client hangs up first (so a hung answer never outlives its test). */
const waitUnlessClosed = (res: ServerResponse, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req as AsyncIterable<Buffer>) parts.push(part);
  const parsed: unknown = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}');
  return isObject(parsed) ? parsed : {};
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let requests: RecordedLlmRequest[] = [];
  let faults: Fault[] = [];
  let replyScript: Script<string> = DEFAULT_REPLY;
  let extractScript: Script<unknown> | undefined;
  let delayMs = 0;

  const run = <T>(script: Script<T>, request: RecordedLlmRequest): T =>
    typeof script === 'function' ? (script as (r: RecordedLlmRequest) => T)(request) : script; // a Script<T> is a T or a function of the request

  function takeFault(kind: LlmRequestKind): Fault | undefined {
    const fault = faults.find((f) => f.only === undefined || f.only === kind);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  }

  function send(
    res: ServerResponse,
    record: RecordedLlmRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    record.status = status;
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body), () => {
      record.finishedAt = Date.now();
    });
  }

  async function stream(res: ServerResponse, record: RecordedLlmRequest, text: string): Promise<void> {
    record.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const write = (data: unknown) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    write(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
      if (delayMs > 0) await wait(delayMs);
      if (res.destroyed) return; // the client gave up (its deadline): stop like a real server would
      write(chunk({ content: piece }, null));
    }
    write(chunk({}, 'stop'));
    write('[DONE]');
    res.end(() => {
      record.finishedAt = Date.now();
    });
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url?.replace(/\?.*$/, '') !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `the fake serves POST /v1/chat/completions, not ${req.method} ${req.url}`,
            type: 'invalid_request_error',
          },
        }),
      );
      return;
    }
    const body = await readJson(req);
    const kind = kindOf(body);
    const record: RecordedLlmRequest = {
      kind,
      body,
      headers: req.headers,
      system: contentOf(body, 'system'),
      user: contentOf(body, 'user'),
      at: Date.now(),
      finishedAt: undefined,
      status: undefined,
    };
    requests.push(record);
    const fault = takeFault(kind);
    if (fault?.type === 'status') {
      send(
        res,
        record,
        fault.status,
        { error: { message: `fake failure ${fault.status}`, type: 'server_error', code: null } },
        fault.headers,
      );
      return;
    }
    if (fault?.type === 'hang') await waitUnlessClosed(res, fault.ms);
    if (res.destroyed) return;
    if (fault?.type === 'invalid_json') return send(res, record, 200, completion('{"values": {not json'));
    if (kind === 'reply') return stream(res, record, run(replyScript, record));
    if (kind === 'complete') return send(res, record, 200, completion(run(replyScript, record)));
    const schema =
      isObject(body.response_format) && isObject(body.response_format.json_schema)
        ? body.response_format.json_schema.schema
        : undefined;
    const value = extractScript === undefined ? emptyFor(schema) : run(extractScript, record);
    send(res, record, 200, completion(JSON.stringify(value)));
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: `fake-openai: ${err instanceof Error ? err.message : String(err)}` } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listen() on a TCP port always yields an AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    reply: (text) => {
      replyScript = text;
    },
    extract: (value) => {
      extractScript = value;
    },
    chunkDelay: (ms) => {
      delayMs = ms;
    },
    failNext: (status, times = 1, only, headers = {}) => {
      faults.push({ type: 'status', status, headers, remaining: times, only });
    },
    hangNext: (ms, only) => {
      faults.push({ type: 'hang', ms, remaining: 1, only });
    },
    invalidJsonNext: (only = 'extract') => {
      faults.push({ type: 'invalid_json', remaining: 1, only });
    },
    requests: (kind) => requests.filter((r) => kind === undefined || r.kind === kind),
    reset: () => {
      requests = [];
      faults = [];
      replyScript = DEFAULT_REPLY;
      extractScript = undefined;
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // hung and keep-alive connections would hold close() open
        server.close(() => resolve());
      }),
  };
}
