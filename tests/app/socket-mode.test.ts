import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { startFakeSocketMode, type FakeSocketMode } from '../support/fake-socket-mode';
import { commandBody } from '../support/slack-payloads';
import { startTestApp, type TestApp } from '../support/test-app';

let slack: FakeSlack;
let socket: FakeSocketMode;
let t: TestApp;

beforeAll(async () => {
  slack = await startFakeSlack();
  socket = await startFakeSocketMode({ slack });
  t = await startTestApp({ slack, env: { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: '' } });
  await socket.waitForConnection();
});
afterAll(async () => {
  await t?.stop();
  await socket?.close();
  await slack?.close();
});

it('answers /partner over Socket Mode, with no signing secret and no public URL', async () => {
  const added = await socket.sendEnvelope('slash_commands', {
    ...commandBody('add "Socket Corp" tier=Silver', slack.responseUrl()),
  });
  expect(JSON.stringify(added.payload)).toContain('Socket Corp');
  const shown = await socket.sendEnvelope('slash_commands', {
    ...commandBody('show "socket corp"', slack.responseUrl()),
  });
  expect(shown.payload).toMatchObject({ response_type: 'ephemeral' });
  expect(JSON.stringify(shown.payload)).toContain('Silver');
  expect((await t.store.partners.findByName('Socket Corp'))?.tier).toBe('Silver');
});

it('still serves /healthz on PORT for the load balancer or orchestrator', async () => {
  const res = await fetch(`http://127.0.0.1:${t.running.port}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true });
});
