/**
 * The `partneros` command line as a person meets it: help, usage mistakes (exit 2), and that
 * `npx partneros` runs from a fresh clone (package.json `bin`, the shebang, the executable bit).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli';

const ROOT = process.cwd();

describe('partneros (the bin)', () => {
  it('--help lists migrate-db; migrate-db --help shows --to and an example (exit 0)', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: partneros');
    expect(help.stdout).toContain('migrate-db');
    const command = await runCli(['migrate-db', '--help']);
    expect(command.code).toBe(0);
    expect(command.stdout).toContain('Usage: partneros migrate-db');
    expect(command.stdout).toContain('--to <target>');
    expect(command.stdout).toContain('npx partneros migrate-db --to postgres://');
  });

  it('no arguments, an unknown command, a missing --to: usage on stderr, exit 2', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: partneros');
    const unknown = await runCli(['migrate-everything']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'migrate-everything'");
    expect(unknown.stderr).toContain('Usage: partneros');
    const missing = await runCli(['migrate-db']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--to <target>' not specified");
    expect(missing.stderr).toContain('Usage: partneros migrate-db');
  });

  it('is what `npx partneros` runs from a fresh clone: bin, shebang, executable bit in git', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    expect(pkg.bin?.partneros).toBe('src/cli/bin.mjs');
    expect(readFileSync(BIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    // What a clone gets is git's mode, not this checkout's.
    expect(execFileSync('git', ['ls-files', '-s', 'src/cli/bin.mjs'], { cwd: ROOT, encoding: 'utf8' })).toMatch(
      /^100755 /,
    );
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
    const viaNpx = await runCli(['--help'], {}, { cwd: ROOT, command: ['npx', '--no-install', 'partneros'] });
    expect(viaNpx.code, viaNpx.stderr).toBe(0);
    expect(viaNpx.stdout).toContain('migrate-db');
    const usage = await runCli(['nonsense'], {}, { cwd: ROOT, command: ['npx', '--no-install', 'partneros'] });
    expect(usage.code).toBe(2);
  });
});
