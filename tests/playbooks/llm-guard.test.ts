/**
 * The LLM coach's floor, through the real app, the real `openai` SDK against the fake OpenAI server, and the
 * fake Slack: the model's words never mention or ping anyone, and a failing model is called at most once per
 * reply, then not at all for a cool-down (a circuit breaker, driven here by the injected clock).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import type { RecordedCall } from '../support/fake-slack';
import { adversarial } from '../support/adversarial';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { prng } from '../support/prng';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver } from './thread-driver';

const ACME = 'C0PARTNER_ACME';
let llm: FakeOpenAI;
let t: TestApp;
beforeAll(async () => {
  llm = await startFakeOpenAI();
});
afterAll(async () => {
  await llm.close();
});
afterEach(async () => {
  await t?.stop();
  llm.reset();
});

const clock = fixedClock('2026-11-24T15:00:00Z');

async function start(): Promise<string> {
  clock.set('2026-11-24T15:00:00Z');
  t = await startTestApp({
    clock,
    env: { OPENAI_API_KEY: 'test-llm-key', OPENAI_BASE_URL: llm.baseUrl },
    coachTimeouts: { extractMs: 2000, replyMs: 2000, firstTokenMs: 2000 },
  });
  await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`);
  await t.send.command('recruit "Acme Corp"');
  const d = new ThreadDriver(t, ACME);
  const root = await d.root('Recruit');
  await d.step(root.ts, 1);
  return root.ts;
}

let seq = 0;
/**
 * Types a reply in the run thread and waits for the coach's final answer: the last edit of the reply's
 * "thinking" placeholder (streamed edits end with " …", the final one does not). Returns the Slack calls
 * made meanwhile.
 */
async function reply(rootTs: string, text: string): Promise<{ calls: RecordedCall[]; final: string }> {
  const from = t.slack.calls().length;
  seq += 1;
  await t.send.event({
    type: 'message',
    channel: ACME,
    channel_type: 'channel',
    user: 'U0ALICE',
    text,
    ts: `1790000100.${String(100000 + seq)}`,
    thread_ts: rootTs,
  });
  const since = () => t.slack.calls().slice(from);
  const final = await until(
    () => {
      const placeholder = since().find(
        (c) => c.method === 'chat.postMessage' && String(c.params.text ?? '').includes('thinking'),
      );
      const ts = (placeholder?.response as { ts?: string } | undefined)?.ts;
      return since()
        .filter((c) => c.method === 'chat.update' && c.params.ts === ts)
        .map((c) => String(c.params.text ?? ''))
        .find((s) => !s.endsWith(' …'));
    },
    { timeoutMs: 8000, message: `the coach's final answer to “${text}”` },
  );
  return { calls: since(), final };
}

/** Everything a call would show in Slack: its text and every string in its blocks. */
const shown = (c: RecordedCall): string => JSON.stringify([c.params.text ?? '', c.params.blocks ?? []]);

describe('the model’s words, through the real app', () => {
  it('never ping or mention anyone, streamed or final, whatever the model writes', async () => {
    const rootTs = await start();
    llm.chunkDelay(2);
    const random = prng(11);
    const written = [
      'Heads up <!chan?nel> and <!?here>, ping ‹!every？one> now',
      'Ask <@U0BOB> in <#C0GENERAL|general>, or <!subteam^S0TEAM|@partners>',
      '[Open the portal](https://evil.example/login?next=1) or <https://evil.example|the bank>',
      '＜!channel＞ ＜@U0BOB＞ @here @channel',
      ...Array.from({ length: 12 }, () => adversarial(random)),
    ];
    for (const [i, text] of written.entries()) {
      llm.reply(text);
      const { calls, final } = await reply(rootTs, `answer ${i}`);
      const sent = calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
      expect(sent.length, text).toBeGreaterThan(0);
      for (const c of sent) {
        expect(shown(c), text).not.toMatch(/<[!@#]|<https?:|@(?:here|channel|everyone)\b/i);
      }
      expect(final, text).not.toMatch(/guided coach/);
    }
    // The model did write it, and it is shown as text.
    const all = t.slack.calls('chat.update').map((c) => String(c.params.text ?? ''));
    expect(all.some((s) => s.includes('&lt;!channel&gt;'))).toBe(true);
    expect(all.some((s) => s.includes('Open the portal (https://evil.example/login…)'))).toBe(true);
  }, 60_000);

  it('never ping anyone in an answer to an @mention either', async () => {
    await start();
    llm.reply('<!chan?nel> <@U0BOB> [x](https://evil.example) all set');
    await t.send.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> how should I prep the Acme Corp QBR?',
      channel: 'C0GENERAL',
      ts: '1790000200.000100',
    });
    const answer = await until(() =>
      t.slack.messages('C0GENERAL').find((m) => m.text.includes('all set') && !m.text.endsWith(' …')),
    );
    expect(answer.text).toBe('&lt;!channel&gt; &lt;@U0BOB&gt; x (https://evil.example) all set');
  });
});

describe('a failing model, through the real app', () => {
  it('is called at most once per reply while it fails, then left alone; the breaker half-opens after the cool-down', async () => {
    const rootTs = await start();
    llm.failNext(500, 1000);
    const requestsFor = async (text: string): Promise<{ n: number; final: string }> => {
      const before = llm.requests().length;
      const { final } = await reply(rootTs, text);
      return { n: llm.requests().length - before, final };
    };

    // The first failing reply makes a healthy reply's two calls (extraction and advice at once, no retries);
    // the next two, one each; then the breaker opens and the model is not called at all.
    const first = await requestsFor('Mid-market SaaS in EMEA');
    expect(first.n).toBe(2);
    expect(first.final).toContain('the guided coach takes over');
    expect((await requestsFor('40 people')).n).toBe(1);
    expect((await requestsFor('about 12 shared customers')).n).toBe(1);
    for (const text of ['EMEA', 'skip', 'next friday']) {
      const resting = await requestsFor(text);
      expect(resting.n, text).toBe(0);
      expect(resting.final, text).not.toBe(''); // the guided coach still answers
    }
    // An @mention while the breaker is open is answered by the guided coach, without a call.
    const beforeMention = llm.requests().length;
    await t.send.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> what does the Acme Corp QBR need',
      channel: 'C0GENERAL',
      ts: '1790000300.000100',
    });
    const mention = await until(() => t.slack.messages('C0GENERAL').find((m) => m.text.includes('tried again in')));
    expect(mention.text).toContain('the model failed 3 times in a row');
    expect(llm.requests().length).toBe(beforeMention);

    // After the 30 s cool-down, one reply probes with a single call; it fails, and the cool-down doubles.
    clock.advance(30_000);
    expect((await requestsFor('still failing')).n).toBe(1);
    clock.advance(30_000);
    expect((await requestsFor('resting')).n).toBe(0);
    clock.advance(30_000);
    // The model is back: the probe succeeds (extraction, then advice), and the next reply is a healthy one.
    llm.reset();
    llm.reply('Good to have you back. Lead with the shared customers.');
    const probe = await requestsFor('back again');
    expect(probe.n).toBe(2);
    expect(probe.final).toContain('Lead with the shared customers');
    const healthy = await requestsFor('and again');
    expect(healthy.n).toBe(2);
    expect(llm.requests().every((r) => r.status === 200)).toBe(true);
  }, 60_000);
});
