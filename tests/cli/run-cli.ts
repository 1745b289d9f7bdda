import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** `npx partneros …` as a user runs it: the package's bin in its own process, with only the env given. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = join(process.cwd(), 'src', 'cli', 'bin.mjs');

export function runCli(args: readonly string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
