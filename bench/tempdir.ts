/**
 * The bench's temp directory, removed even when the process is killed outright. tsx relays Ctrl-C to this
 * process and SIGKILLs it if it does not answer within ~60 ms — which it cannot while seeding or running a
 * fuzzy search synchronously — so a `finally` alone is not enough. A tiny detached watchdog process removes
 * the directory as soon as this process is gone; on a normal exit we remove it ourselves and stop the watchdog.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WATCHDOG = `
const { rmSync } = require('node:fs');
const [dir, pid] = process.argv.slice(1);
setInterval(() => {
  try { process.kill(Number(pid), 0); } catch { rmSync(dir, { recursive: true, force: true }); process.exit(0); }
}, 250);
`;

export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function benchTempDir(): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'partneros-bench-'));
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, path, String(process.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return {
    path,
    async remove() {
      await rm(path, { recursive: true, force: true });
      if (watchdog.exitCode === null && watchdog.pid !== undefined) watchdog.kill();
    },
  };
}
