/**
 * The same run with the LLM engine: the real app and the real `openai` SDK against a local fake
 * OpenAI-compatible server that streams and returns structured output, and again with that server
 * failing, hanging or answering nonsense, where the guided engine takes over and says so once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import type { Playbook } from '../../src/domain/playbooks/schema';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { ThreadDriver, answerFor, headerOf, questionLines, textOf } from './thread-driver';
import { rows } from '../support/sql';

const ACME = 'C0PARTNER_ACME';
const templateIds = new Set(loadTemplates([BUILTIN_TEMPLATES_DIR]).templates.map((t) => t.id));
const recruit = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds).playbooks.find(
  (p) => p.id === 'recruit',
) as Playbook;
const ADVICE = 'Acme sells to mid-market retailers, so lead with the shared customers. Would a joint pilot help?';

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

/** Raw answers for every field of a step, as the model would extract them from one free-text reply. */
function extracted(step: Playbook['steps'][number]): Record<string, unknown> {
  return {
    values: Object.fromEntries(step.fields.map((f) => [f.id, answerFor(f).replace(/^<mailto:[^|]*\|(.*)>$/, '$1')])),
    skipped: [],
  };
}

async function start(): Promise<{ d: ThreadDriver; rootTs: string }> {
  t = await startTestApp({
    env: { OPENAI_API_KEY: 'test-llm-key', OPENAI_BASE_URL: llm.baseUrl },
    coachTimeouts: { extractMs: 1500, replyMs: 1500, firstTokenMs: 1500 },
  });
  await t.send.command(`add "Acme Corp" tier=Gold channel=<#${ACME}|partner-acme>`);
  await t.send.command('health "Acme Corp" 72 pipeline slipped');
  await t.send.command('recruit "Acme Corp"');
  const d = new ThreadDriver(t, ACME);
  const root = await d.root('Recruit');
  await d.step(root.ts, 1);
  return { d, rootTs: root.ts };
}

/** The coach's final text for the reply typed at `sentAfter`: the last edit of its placeholder. */
async function finalReply(d: ThreadDriver, rootTs: string, from: number): Promise<string> {
  const placeholder = await until(() =>
    d
      .thread(rootTs)
      .slice(from)
      .find((m) => m.bot_id && !headerOf(m)),
  );
  return until(
    () => (placeholder.text.includes('thinking') || placeholder.text.endsWith(' …') ? '' : placeholder.text),
    { timeoutMs: 8000 },
  );
}

describe('the LLM coach in a run thread', () => {
  it('fills every field of a step from one free-text reply and streams advice tailored to the partner', async () => {
    const { d, rootTs } = await start();
    const step = recruit.steps[0] as Playbook['steps'][number];
    llm.extract(extracted(step));
    llm.reply(ADVICE);
    llm.chunkDelay(30);
    const from = d.thread(rootTs).length;
    const updatesBefore = t.slack.calls('chat.update').length;
    await t.send.event({
      type: 'message',
      channel: ACME,
      channel_type: 'channel',
      user: 'U0ALICE',
      text: 'They are mid-market, EMEA, 40 people, about 12 shared customers',
      ts: '1790000001.000100',
      thread_ts: rootTs,
    });
    const text = await finalReply(d, rootTs, from);
    expect(text).toContain('lead with the shared customers');
    expect(text).not.toContain('?');
    // Streamed: the placeholder was edited with partial text before the final edit.
    const edits = t.slack
      .calls('chat.update')
      .slice(updatesBefore)
      .map((c) => String(c.params.text ?? ''));
    expect(
      edits.some((e) => e.endsWith(' …') && ADVICE.startsWith(e.slice(0, -2))),
      edits.join('\n---\n'),
    ).toBe(true);
    const answered = (await rows(t.store, 'SELECT DISTINCT field_id FROM run_answers')) as { field_id: string }[];
    expect(answered.map((a) => a.field_id).sort()).toEqual(step.fields.map((f) => f.id).sort());
    // The model saw the company, the partner's tier and health, and the step.
    const prompt = llm.requests('reply')[0]?.system ?? '';
    expect(prompt).toContain('Acme Corp');
    expect(prompt).toContain('Gold');
    expect(prompt).toContain('72');
    expect(prompt).toContain(step.name);
    expect(llm.requests('reply')[0]?.headers.authorization).toBe('Bearer test-llm-key');
    // Every field answered: no question left in the step message.
    const stepMessage = await d.step(rootTs, 1);
    await until(
      () =>
        questionLines(textOf(t.slack.messages(ACME).find((m) => m.ts === stepMessage.ts) ?? stepMessage)).length === 0,
    );
  });

  for (const [what, fault] of [
    ['answers HTTP 500', (f: FakeOpenAI) => f.failNext(500, 10)],
    [
      'times out',
      (f: FakeOpenAI) => {
        f.hangNext(5000, 'extract');
        f.hangNext(5000, 'reply');
      },
    ],
    ['returns invalid JSON', (f: FakeOpenAI) => f.invalidJsonNext('extract')],
  ] as const) {
    it(`carries on with the guided coach when the model ${what}, and says so once`, async () => {
      const { d, rootTs } = await start();
      const field = recruit.steps[0]?.fields[0];
      if (!field) throw new Error('recruit step 1 has no field');
      fault(llm);
      const from = d.thread(rootTs).length;
      await t.send.event({
        type: 'message',
        channel: ACME,
        channel_type: 'channel',
        user: 'U0ALICE',
        text: answerFor(field),
        ts: '1790000002.000100',
        thread_ts: rootTs,
      });
      const text = await finalReply(d, rootTs, from);
      expect(text).toMatch(/guided coach takes over/);
      expect(text).toContain('✅ Recorded');
      // A second failure in the same run is not announced again.
      llm.failNext(500, 10);
      const next = recruit.steps[0]?.fields[1];
      const from2 = d.thread(rootTs).length;
      await t.send.event({
        type: 'message',
        channel: ACME,
        channel_type: 'channel',
        user: 'U0ALICE',
        text: next ? answerFor(next) : 'ok',
        ts: '1790000002.000200',
        thread_ts: rootTs,
      });
      const second = await finalReply(d, rootTs, from2);
      expect(second).not.toMatch(/guided coach takes over/);
    }, 20_000);
  }

  it('answers an @mention with the partner’s memory', async () => {
    await start();
    llm.reply('Open with the slipped pipeline and agree two joint deals for the quarter.');
    await t.send.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> how should I prep the Acme Corp QBR?',
      channel: 'C0GENERAL',
      ts: '1790000003.000100',
    });
    const answer = await until(() =>
      t.slack
        .messages('C0GENERAL')
        .find((m) => m.thread_ts === '1790000003.000100' && m.text.includes('joint deals') && !m.text.endsWith(' …')),
    );
    expect(answer.text).toContain('two joint deals');
    const prompt = llm.requests('reply').at(-1)?.system ?? '';
    expect(prompt).toContain('Acme Corp');
    expect(prompt).toContain('pipeline slipped');
  });

  it('keeps health and notes out of what it knows in a channel shared with the partner', async () => {
    await start();
    t.slack.setChannel('C0SHARED', { is_ext_shared: true });
    llm.reply('Agree the agenda with their alliance lead.');
    await t.send.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@UBOT> what should the Acme Corp QBR cover',
      channel: 'C0SHARED',
      ts: '1790000004.000100',
    });
    await until(() =>
      t.slack.messages('C0SHARED').find((m) => m.text.includes('alliance lead') && !m.text.endsWith(' …')),
    );
    const prompt = llm.requests('reply').at(-1)?.system ?? '';
    expect(prompt).toContain('Acme Corp');
    expect(prompt).not.toContain('pipeline slipped');
    expect(prompt).not.toMatch(/health[^\n]*72/i);
  });
});
