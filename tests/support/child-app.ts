/**
 * The app's entry point (or the CLI's bin) as a child process: what an operator runs. Started as
 * `node --import tsx <file>` (what `npm start` runs, minus the tsx wrapper process), so a signal
 * reaches the app itself: SIGKILL cannot be relayed by a wrapper.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { slackSender, type SlackSender } from './signed-requests';
import type { FakeSlack } from './fake-slack';

export interface ChildApp {
  proc: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  out(): string;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

const ENTRY = join(process.cwd(), 'src', 'index.ts');
// The loader by absolute URL: a child running in a temp dir would not resolve a bare `tsx`.
const LOADER = pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Every child started, so a failing test leaves nothing running behind it (see stopChildren). */
const started = new Set<ChildProcess>();

export function startChild(
  env: Record<string, string>,
  cwd: string,
  args: string[] = ['--import', LOADER, ENTRY],
): ChildApp {
  const proc = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(proc);
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      started.delete(proc);
      resolve(code);
    }),
  );
  return { proc, out: () => out, exited };
}

/** SIGKILLs every child still running (an afterAll of a test that failed half-way). */
export function stopChildren(): void {
  for (const proc of started) proc.kill('SIGKILL');
}

/** The status of GET /healthz on the port, or undefined while nothing answers. */
export async function healthStatus(port: number): Promise<number | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) }).catch(
    () => undefined,
  );
  await res?.body?.cancel();
  return res?.status;
}

/** Signed requests to a child in HTTP mode on `port`. */
export const senderFor = (port: number, signingSecret: string, slack: FakeSlack): SlackSender =>
  slackSender({ baseUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret, apiFake: slack });
