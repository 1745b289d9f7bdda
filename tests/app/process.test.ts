import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { slackSender } from '../support/signed-requests';
import { until } from '../support/until';
import { freePort } from '../support/free-port';

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

  it('serves, shuts down cleanly on SIGTERM, and keeps its data across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partneros-proc-'));
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-process',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      PARTNEROS_DB: join(dir, 'db', 'partneros.db'),
      PARTNEROS_CONFIG: join(dir, 'partneros.yml'),
    };
    const healthz = async () => await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    const send = slackSender({
      baseUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      apiFake: slack,
    });

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

    const t0 = Date.now();
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);

    const second = start(env, dir);
    await until(async () => (await healthz())?.status === 200, { timeoutMs: 60_000, message: () => second.out() });
    const shown = await send.command('show "société générale"');
    expect(shown.json?.text).toContain('Société Générale');
    second.proc.kill('SIGINT');
    expect(await second.exited).toBe(0);
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
