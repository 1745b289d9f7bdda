/**
 * Which partner a free question to the coach is about: the same name resolution as commands, so
 * "the Acme QBR" brings Acme Corp's memory. The real app and the real `openai` SDK against the
 * local fake model; the system prompt of the reply says what the coach was told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';

let llm: FakeOpenAI;
let t: TestApp;
let ts = 0;

beforeAll(async () => {
  llm = await startFakeOpenAI();
  t = await startTestApp({
    env: { OPENAI_API_KEY: 'test-llm-key', OPENAI_BASE_URL: llm.baseUrl },
    coachTimeouts: { extractMs: 1500, replyMs: 1500, firstTokenMs: 1500 },
  });
  for (const command of [
    'add "Acme Corp" tier=Gold',
    'health "Acme Corp" 72 pipeline slipped',
    'add "Helix Labs Group"',
    'add "Helix Systems"',
    'add "Summit Partners"',
  ])
    expect((await t.send.command(command)).status).toBe(200);
});
afterAll(async () => {
  await t?.stop();
  await llm.close();
});

/** Asks the coach with an @mention and returns the system prompt its answer was written from. */
async function promptFor(question: string): Promise<string> {
  ts += 1;
  const thread = `1790000100.${String(ts).padStart(6, '0')}`;
  const before = llm.requests('reply').length;
  llm.reply('Start from the open milestones.');
  await t.send.event({
    type: 'app_mention',
    user: 'U0ALICE',
    text: `<@UBOT> ${question}`,
    channel: 'C0GENERAL',
    ts: thread,
  });
  await until(() =>
    t.slack
      .messages('C0GENERAL')
      .find((m) => m.thread_ts === thread && m.text.includes('open milestones') && !m.text.endsWith(' …')),
  );
  expect(llm.requests('reply')).toHaveLength(before + 1);
  return llm.requests('reply').at(-1)?.system ?? '';
}

describe('a question to the coach that names a partner by part of its name', () => {
  it('“how should I prep the Acme QBR?” brings Acme Corp’s memory', async () => {
    const prompt = await promptFor('how should I prep the Acme QBR?');
    expect(prompt).toContain('Partner: Acme Corp');
    expect(prompt).toContain('pipeline slipped');
  });

  it('finds whole words inside a name: “the labs group renewal”', async () => {
    expect(await promptFor('what matters for the labs group renewal?')).toContain('Partner: Helix Labs Group');
  });

  it('brings no partner when the words fit several (“Helix”), or only as an everyday word (“partners”)', async () => {
    const ambiguous = await promptFor('how should I prep the Helix QBR?');
    expect(ambiguous).not.toContain('Partner: Helix');
    const everyday = await promptFor('how do partners usually prep a QBR?');
    expect(everyday).not.toContain('Partner: Summit Partners');
  });
});
