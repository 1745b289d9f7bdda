/** Where figures go (bench/results/<part>.json, gitignored) and the small summaries the reports share. */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { ms } from './stats';

export type ReportFile = string;

export function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Writes `bench/results/<name>.json` with the machine and the load average; returns its path. */
export async function writeResults(name: string, figures: Record<string, unknown>): Promise<ReportFile> {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const body = {
    when: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim(),
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
    ...figures,
  };
  await writeFile(new URL(`${name}.json`, dir), `${JSON.stringify(body, null, 2)}\n`, 'utf8');
  return `bench/results/${name}.json`;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** `min–max` of the runs. */
export function spread(xs: readonly number[]): string {
  if (xs.length === 0) return '—';
  return `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
}
