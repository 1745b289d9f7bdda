import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { TEST_BOT_TOKEN } from '../support/slack-ids';

/**
 * `partneros run` with SLACK_BOT_TOKEN set: what the app does in Slack after a command (the change
 * notice, a playbook's thread) is done from the terminal too, against the fake Slack on loopback.
 */

const BIN = join(process.cwd(), 'src', 'cli', 'bin.mjs');
const ME = 'U0TESTER1';

let slack: FakeSlack;
let dir: string;
beforeAll(async () => {
  slack = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'partneros-cli-slack-'));
});
afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    PARTNEROS_DB: join(dir, 'partneros.db'),
    PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
  };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 60_000 }, (_e, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

const posts = () => slack.calls().filter((c) => c.method === 'chat.postMessage');

describe('partneros run with a bot token', () => {
  it('posts the change notice in the partner channel, as from Slack', async () => {
    const r = await cli(['run', 'add Globex channel=#C0GLOBEX1', '--as', ME]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✅ Globex: added/);
    expect(r.stdout).not.toMatch(/skipped/);
    const notices = posts().filter((c) => c.params.channel === 'C0GLOBEX1');
    expect(notices).toHaveLength(1);
    expect(JSON.stringify(notices[0]?.params)).toContain('Globex');
  }, 60_000);

  it('gives a run started from the terminal its thread in the partner channel', async () => {
    const before = posts().length;
    const r = await cli(['run', 'run onboard Globex', '--as', ME]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Started the Onboard playbook for Globex/);
    const roots = posts()
      .slice(before)
      .filter((c) => c.params.channel === 'C0GLOBEX1');
    // The root and the first step.
    expect(roots.length).toBeGreaterThanOrEqual(2);
    const runs = await cli(['run', 'runs Globex', '--as', ME]);
    expect(runs.stdout).not.toMatch(/no thread yet/);
  }, 60_000);

  it('leaves the demo’s run threadless until its partner has a channel, then posts its thread at its step', async () => {
    expect((await cli(['demo', '--as', ME])).code).toBe(0);
    const before = posts().length;
    const waiting = await cli(['run', 'run onboard "Meadowgate Partners"', '--as', ME]);
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout).toMatch(/already under way, without a thread yet/);
    expect(waiting.stdout).toMatch(/no partner channel to post it in/);
    expect(posts().length).toBe(before);

    expect((await cli(['run', 'channel "Meadowgate Partners" #C0MEADOW1', '--as', ME])).code).toBe(0);
    const opened = await cli(['run', 'run onboard "Meadowgate Partners"', '--as', ME]);
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/Onboard for Meadowgate Partners has its thread now/);
    const runs = await cli(['run', 'runs "Meadowgate Partners"', '--as', ME]);
    expect(runs.stdout).toMatch(/Step 2 of \d+/);
    expect(runs.stdout).not.toMatch(/no thread yet/);
  }, 180_000);
});
