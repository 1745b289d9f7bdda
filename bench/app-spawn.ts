/**
 * PartnerOS exactly as `npm start` runs it (`node --import tsx src/index.ts`), as a child process:
 * its pid is the Node process itself, so /proc/<pid>/stat is the app's CPU time. It runs in a temp
 * folder (no `.env` or `partneros.yml` of the worktree is read) and its JSON log lines are kept.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tests/support/free-port';

export interface SpawnedApp {
  readonly pid: number;
  readonly port: number;
  /** The JSON log lines so far, parsed. */
  logs(): Record<string, unknown>[];
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export async function spawnApp(env: Record<string, string>, cwd: string): Promise<SpawnedApp> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', TSX, ENTRY], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  let errors = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        errors += `${line}\n`;
      }
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`PartnerOS exited at start (${proc.exitCode}): ${errors.slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`PartnerOS did not become healthy within 60 s: ${errors.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (proc.pid === undefined) throw new Error('PartnerOS has no pid');
  return {
    pid: proc.pid,
    port,
    logs: () => lines,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
