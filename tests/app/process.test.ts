import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { slackSender } from '../support/signed-requests';
import { until } from '../support/until';
import { freePort } from '../support/free-port';
import { healthStatus, startChild, stopChildren } from '../support/child-app';
import { dropDatabase, freshDatabase, onPostgres, testEngine } from '../support/database';
import { textObjectsOf } from '../commands/front-door';

/** The real `npm start` entry point as a child process: what an operator runs. */
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const SECRET = 'process-test-secret';

interface Child {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string | undefined>, cwd = mkdtempSync(join(tmpdir(), 'partneros-proc-'))): Child {
  const proc = spawn(TSX, [join(process.cwd(), 'src', 'index.ts')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, out: () => out, exited };
}

let slack: FakeSlack;
beforeAll(async () => {
  // The tokens these processes run with are the ones the fake workspace knows.
  slack = await startFakeSlack({ tokens: ['xoxb-process', 'xoxb-p'] });
});
afterAll(async () => {
  await slack.close();
});

describe('npm start', () => {
  it('stops with one clear message, no stack trace, when a setting is missing', async () => {
    const child = start({ SLACK_SIGNING_SECRET: SECRET });
    expect(await child.exited).not.toBe(0);
    expect(child.out()).toContain('SLACK_BOT_TOKEN');
    expect(child.out()).toContain('OAuth & Permissions');
    expect(child.out()).not.toMatch(/\n\s+at /);
  });

  it('stops naming SLACK_BOT_TOKEN when Slack refuses the token', async () => {
    slack.revokeToken('xoxb-revoked');
    const child = start({
      SLACK_BOT_TOKEN: 'xoxb-revoked',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
    });
    expect(await child.exited).not.toBe(0);
    expect(child.out()).toMatch(/SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)/);
    expect(child.out()).not.toMatch(/\n\s+at /);
  });

  it('stops naming SLACK_APP_TOKEN and where to get one when Slack refuses it in Socket Mode', async () => {
    slack.failNext('apps.connections.open', 'invalid_auth');
    const dir = mkdtempSync(join(tmpdir(), 'partneros-proc-'));
    const child = start(
      {
        SLACK_BOT_TOKEN: 'xoxb-process',
        SLACK_APP_TOKEN: 'xapp-1-mistyped',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        PARTNEROS_DB: join(dir, 'p.db'),
      },
      dir,
    );
    expect(await child.exited).not.toBe(0);
    expect(child.out()).toContain('SLACK_APP_TOKEN was refused by Slack (invalid_auth)');
    expect(child.out()).toContain('Basic Information → App-Level Tokens');
    expect(child.out()).toContain('connections:write');
    expect(child.out()).not.toMatch(/\n\s+at /);
    expect(child.out()).not.toContain('xapp-1-mistyped');
  });

  it(`serves, shuts down cleanly on SIGTERM, and keeps its data across a SIGTERM and a SIGKILL restart (${testEngine})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partneros-proc-'));
    const port = await freePort();
    const db = onPostgres ? await freshDatabase() : join(dir, 'db', 'partneros.db');
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-process',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      PARTNEROS_DB: db,
      PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
    };
    const healthz = async () => await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    const send = slackSender({
      baseUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      apiFake: slack,
    });
    const shown = async () => {
      const res = await send.command('show "société générale"');
      return [String(res.json?.text ?? ''), ...textObjectsOf(res.json?.blocks)].join('\n');
    };

    try {
      const first = start(env, dir);
      const up = await until(async () => (await healthz())?.status === 200, {
        timeoutMs: 60_000,
        message: () => first.out(),
      });
      expect(up).toBe(true);
      const health = (await (await healthz())?.json()) as Record<string, unknown>;
      expect(health).toMatchObject({ ok: true, database: 'reachable' });
      expect(typeof health.version).toBe('string');
      const added = await send.command('add "Société Générale" tier=Gold');
      expect(added.json?.text).toContain('Société Générale');
      // Structured logs: one JSON line for the command, and never the token.
      await until(() => first.out().includes('"kind":"command"'));
      expect(first.out()).not.toContain('xoxb-process');
      expect(first.out()).toContain(`"engine":"${testEngine}"`);

      const t0 = Date.now();
      first.proc.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(15_000);

      // Restarted after SIGTERM: what the first wrote is there; then one more write, and a SIGKILL.
      const second = startChild(env, dir);
      await until(async () => (await healthStatus(port)) === 200, { timeoutMs: 60_000, message: () => second.out() });
      expect(await shown()).toContain('Gold');
      expect(await send.command('note "Société Générale" Signed the reseller agreement')).toMatchObject({
        status: 200,
      });
      expect(await send.command('health "Société Générale" 64 pipeline slipped')).toMatchObject({ status: 200 });
      second.proc.kill('SIGKILL');
      expect(await second.exited).toBeNull();

      // Restarted after SIGKILL: every acknowledged write survived.
      const third = startChild(env, dir);
      await until(async () => (await healthStatus(port)) === 200, { timeoutMs: 60_000, message: () => third.out() });
      const after = await shown();
      expect(after).toContain('Société Générale');
      expect(after).toContain('Gold');
      expect(after).toContain('Signed the reseller agreement');
      expect(after).toContain('64');
      third.proc.kill('SIGINT');
      expect(await third.exited).toBe(0);
    } finally {
      stopChildren();
      await dropDatabase(db);
    }
  }, 150_000);
});

describe('npm start, operator mistakes', () => {
  it('names PORT when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, () => resolve((blocker.address() as { port: number }).port)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'partneros-proc-'));
    const child = start(
      {
        SLACK_BOT_TOKEN: 'xoxb-p',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        PARTNEROS_DB: join(dir, 'p.db'),
      },
      dir,
    );
    expect(await child.exited).not.toBe(0);
    blocker.close();
    expect(child.out()).toContain(`PORT ${port} is already in use`);
    expect(child.out()).not.toMatch(/\n\s+at /);
  });

  it('names PARTNEROS_DB when the file cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partneros-proc-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    const child = start(
      {
        SLACK_BOT_TOKEN: 'xoxb-p',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        PARTNEROS_DB: join(dir, 'a-file', 'p.db'),
      },
      dir,
    );
    expect(await child.exited).not.toBe(0);
    expect(child.out()).toContain('PARTNEROS_DB');
    expect(child.out()).not.toMatch(/\n\s+at /);
  });
});
