/** Runs the `partneros` CLI through its bin, as `npx partneros …` does, and collects what it says. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

export const BIN = join(process.cwd(), 'src', 'cli', 'bin.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `command` defaults to the bin itself (its shebang and executable bit, as a shell runs it);
 * `cwd` defaults to an empty temp folder, so no .env of the repo is read.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string; command?: string[] } = {},
): Promise<CliRun> {
  const [file = BIN, ...pre] = options.command ?? [BIN];
  const proc = spawn(file, [...pre, ...args], {
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'partneros-cli-')),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs `main` in this process, with no terminal unless `io` gives one, and collects what it says. */
export async function runMain(args: readonly string[], env: CliIo['env'], io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    env,
    interactive: false,
    ask: async () => undefined,
    ...io,
  });
  return { code, stdout, stderr };
}
