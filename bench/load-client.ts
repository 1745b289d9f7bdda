/**
 * The load generator. Runs in its own process (see bench/client.ts) so that building, signing and timing
 * requests shares neither an event loop nor the CPU-time count with the servers being measured. Requests are signed exactly as
 * Slack signs them, with the test rig's helpers, and sent over keep-alive connections (one pool per target).
 */
import { Agent, request } from 'node:http';
import { commandBody } from '../tests/support/slack-payloads';
import { FORM_CONTENT_TYPE, signedHeaders } from '../tests/support/signed-requests';
import { fakeTeam, TEST_TEAM } from '../tests/support/slack-ids';
import type { ClientMessage, ClientSetup, RunRequest, RunResult } from './protocol';
import { prng } from './stats';

const REQUEST_TIMEOUT_MS = 15_000;

let setup: ClientSetup = { names: [], signingSecret: '', responseBase: '' };
const agents = new Map<string, Agent>();
let bodySeq = 0;
/** Open-loop runs told to stop. */
const stopped = new Set<number>();

function agentFor(url: string, concurrency: number): Agent {
  let agent = agents.get(url);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    agents.set(url, agent);
  }
  return agent;
}

interface Reply {
  status: number;
  text: string;
}

function post(url: URL, agent: Agent, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no response in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function run(job: RunRequest): Promise<RunResult> {
  const url = new URL(job.url);
  const agent = agentFor(job.url, job.concurrency);
  const rng = prng(job.seed);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let wrongReplies = 0;
  let bytes = 0;
  let sample: string | undefined;
  let next = 0;

  const one = async (): Promise<void> => {
    // The same draw as pick(): the same names as before teams existed, for the same seed.
    const index = Math.floor(rng() * setup.names.length);
    const name = setup.names[index] ?? '';
    const teamId = setup.teams?.[index];
    bodySeq += 1;
    const fields = commandBody(
      `show "${name}"`,
      `${setup.responseBase}B${bodySeq}`,
      {},
      teamId ? fakeTeam(teamId) : TEST_TEAM,
    );
    const body = new URLSearchParams({ ...fields }).toString();
    const headers = signedHeaders(body, FORM_CONTENT_TYPE, setup.signingSecret);
    const started = performance.now();
    try {
      const reply = await post(url, agent, body, headers);
      latencies.push(performance.now() - started);
      statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
      bytes += Buffer.byteLength(reply.text);
      if (reply.status !== 200) sample ??= `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`;
      else if (job.expectName && !reply.text.includes(name)) {
        wrongReplies += 1;
        sample ??= `reply without “${name}”: ${reply.text.slice(0, 200)}`;
      }
    } catch (error) {
      statuses.error = (statuses.error ?? 0) + 1;
      sample ??= `transport error: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  const lane = async (): Promise<void> => {
    while (next < job.count) {
      next += 1;
      await one();
    }
  };

  const t0 = performance.now();
  if (job.gapMs === undefined) {
    await Promise.all(Array.from({ length: Math.min(job.concurrency, job.count) }, lane));
  } else {
    const inflight = new Set<Promise<void>>();
    for (let i = 0; i < job.count && !stopped.has(job.id); i++) {
      if (inflight.size < job.concurrency) {
        const p: Promise<void> = one().finally(() => inflight.delete(p));
        inflight.add(p);
      }
      await new Promise((resolve) => setTimeout(resolve, job.gapMs));
    }
    await Promise.all(inflight);
    stopped.delete(job.id);
  }
  const wallMs = performance.now() - t0;
  return { id: job.id, latencies, wallMs, statuses, bytes, wrongReplies, ...(sample === undefined ? {} : { sample }) };
}

const reply = (message: RunResult | { id: number; fatal: string }): void => void process.send?.(message);

process.on('message', (message: ClientMessage) => {
  if (message === 'close') {
    for (const agent of agents.values()) agent.destroy();
    process.disconnect();
    return;
  }
  if ('setup' in message) {
    setup = message.setup;
    return;
  }
  if ('stop' in message) {
    stopped.add(message.stop);
    return;
  }
  run(message).then(reply, (error: unknown) => reply({ id: message.id, fatal: String(error) }));
});
