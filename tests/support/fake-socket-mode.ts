/**
 * A stand-in for Slack's Socket Mode endpoint (`ws` on 127.0.0.1; Node 20 has no WebSocket server).
 * The protocol, as @slack/socket-mode 3.x speaks it (SocketModeClient.js onWebSocketMessage/send):
 *   1. the client calls apps.connections.open (through slackApiUrl) and opens the returned ws:// URL;
 *   2. the server sends {"type":"hello"} — only then does `start()` resolve;
 *   3. the server sends envelopes {envelope_id, type, payload, accepts_response_payload, retry_attempt, retry_reason};
 *   4. the client acks with {envelope_id, payload} (a string ack body becomes {text}).
 * {"type":"disconnect"} makes the client reconnect. The client pings every 5 s; `ws` answers pongs itself.
 * An ack body Slack would show (a slash command's reply, a view_submission's update/push view) is held to
 * Slack's limits like the HTTP sender's: one over a limit rejects sendEnvelope with the broken rules.
 * Stop the app before closing this fake, or the client's reconnect timers keep vitest alive.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './fake-slack';
import { TEST_IDS } from './slack-ids';
import { checkAckBody, describeVerdict } from './slack-verdicts';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface SocketAck {
  envelope_id: string;
  /** The ack body: `{}` for a bare ack, `{text:'pong'}` for `ack('pong')`, the object for `ack({...})`. */
  payload: unknown;
}

export interface EnvelopeOptions {
  /** Default 5000 ms; the promise rejects if no ack arrives in time. */
  timeoutMs?: number;
  retryAttempt?: number;
  retryReason?: string;
  /** Default true for slash_commands and interactive, false for events_api (as Slack sends them). */
  acceptsResponsePayload?: boolean;
  /**
   * Which open connection gets it, oldest first (default: the newest). Slack hands each envelope to
   * one of an app's connections, and a retry may go to another.
   */
  connection?: number;
}

export interface FakeSocketMode {
  /** ws://127.0.0.1:PORT — apps.connections.open hands out `${url}/link/?ticket=…`. */
  readonly url: string;
  /** Sends an envelope on one open connection (the newest, unless told) and resolves with the client's ack. */
  sendEnvelope(type: EnvelopeType, payload: Record<string, unknown>, options?: EnvelopeOptions): Promise<SocketAck>;
  /** Resolves once `count` clients (default 1) are connected and greeted (immediately if they already are). */
  waitForConnection(timeoutMs?: number, count?: number): Promise<void>;
  /** Open connections right now. */
  connectionCount(): number;
  /** Every JSON message clients sent (acks), oldest first. */
  received(): unknown[];
  /** Asks connected clients to reconnect, as Slack does when recycling a socket. */
  disconnect(reason?: 'warning' | 'refresh_requested' | 'too_many_websockets'): void;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}

export interface FakeSocketModeOptions {
  /** The fake Web API whose apps.connections.open should hand out this server's URL. */
  slack?: FakeSlack;
}

function parse(data: unknown): unknown {
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : String(data);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function envelopeIdOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || !('envelope_id' in message)) return undefined;
  return typeof message.envelope_id === 'string' ? message.envelope_id : undefined;
}

export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo; // a TCP listener always reports AddressInfo
  const url = `ws://127.0.0.1:${port}`;
  const open: WebSocket[] = [];
  const received: unknown[] = [];
  const waiters = new Map<string, (ack: SocketAck) => void>();
  const connectionListeners = new Set<() => void>();
  let ticket = 0;

  server.on('connection', (socket) => {
    open.push(socket);
    socket.on('message', (data: unknown) => {
      const message = parse(data);
      received.push(message);
      const id = envelopeIdOf(message);
      const resolve = id === undefined ? undefined : waiters.get(id);
      if (id !== undefined && resolve && typeof message === 'object' && message !== null) {
        waiters.delete(id);
        resolve({ envelope_id: id, payload: 'payload' in message ? message.payload : undefined });
      }
    });
    socket.on('close', () => {
      const index = open.indexOf(socket);
      if (index >= 0) open.splice(index, 1);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: open.length,
        debug_info: { host: 'fake-socket-mode', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: TEST_IDS.appId },
      }),
    );
    for (const listener of connectionListeners) listener();
  });

  options.slack?.attachSocketMode(() => {
    ticket += 1;
    return `${url}/link/?ticket=fake-${ticket}&app_id=${TEST_IDS.appId}`;
  });

  return {
    url,
    sendEnvelope(type, payload, envelopeOptions = {}) {
      const socket = open[envelopeOptions.connection ?? open.length - 1];
      if (!socket)
        return Promise.reject(
          new Error(
            envelopeOptions.connection === undefined
              ? 'fake Socket Mode: no client connected (await waitForConnection())'
              : `fake Socket Mode: no connection #${envelopeOptions.connection} (${open.length} open)`,
          ),
        );
      const envelopeId = randomUUID();
      const timeoutMs = envelopeOptions.timeoutMs ?? 5000;
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(envelopeId);
          reject(new Error(`fake Socket Mode: no ack for ${type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(envelopeId, (ack) => {
          clearTimeout(timer);
          if (type === 'events_api') return resolve(ack);
          const kind = type === 'slash_commands' ? 'command' : 'interactive';
          const verdict = checkAckBody(kind, ack.payload);
          if (verdict.error || verdict.warnings.length)
            reject(new Error(describeVerdict(`the ${type} ack payload`, verdict)));
          else resolve(ack);
        });
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: envelopeOptions.acceptsResponsePayload ?? type !== 'events_api',
            ...(envelopeOptions.retryAttempt === undefined
              ? {}
              : {
                  retry_attempt: envelopeOptions.retryAttempt,
                  retry_reason: envelopeOptions.retryReason ?? 'timeout',
                }),
          }),
        );
      });
    },
    waitForConnection(timeoutMs = 5000, count = 1) {
      if (open.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (): void => {
          if (open.length < count) return;
          clearTimeout(timer);
          connectionListeners.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          connectionListeners.delete(done);
          reject(new Error(`fake Socket Mode: ${open.length} of ${count} client(s) connected after ${timeoutMs} ms`));
        }, timeoutMs);
        connectionListeners.add(done);
      });
    },
    connectionCount: () => open.length,
    received: () => [...received],
    disconnect(reason = 'refresh_requested') {
      for (const socket of open)
        socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-socket-mode' } }));
    },
    async close() {
      options.slack?.attachSocketMode(undefined);
      // A clean close handshake: Bolt's app.stop() returns before its close frame is answered, and a bare
      // terminate() makes the client log "WebSocket error" (code 1006). Terminate only the stragglers.
      await Promise.all(
        [...server.clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => socket.terminate(), 1000);
              socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              socket.close(1000, 'fake Socket Mode closing');
            }),
        ),
      );
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
