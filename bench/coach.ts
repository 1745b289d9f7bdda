/**
 * `npm run bench` (coach part): how long a person waits for the coach in a run thread, on loopback.
 *
 *   1. Guided engine: from a thread reply's signed event arriving to the coach's answer being posted
 *      (the fake Slack's chat.postMessage for it), over 200 replies: p50 / p99.
 *   2. The guided engine alone, in process: one thread reply read and its reply rendered, over 2,000 replies
 *      (what the rules cost, without Slack or SQLite).
 *   3. LLM engine against a local fake OpenAI-compatible server that streams one word every 40 ms:
 *      time to the placeholder, and to the first visible words (the first chat.update with model text).
 *
 * The whole app runs as in production (Bolt's HTTP receiver, SQLite file, the run service); only Slack's
 * Web API and the model are local fakes, so the figures are PartnerOS's own overhead plus loopback.
 */
import { guidedCoach } from '../src/domain/coach/guided';
import { coachReplyBody } from '../src/slack/blocks/coach';
import { library, makeContext } from '../tests/coach/factories';
import { startFakeOpenAI } from '../tests/support/fake-openai';
import { startTestApp, type TestApp } from '../tests/support/test-app';
import { until } from '../tests/support/until';
import { ms, summarize, table } from './stats';

const REPLIES = 200;
const LLM_REPLIES = 30;
const CHANNEL = 'C0PARTNER_BENCH';
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

let seq = 0;
const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(100000 + seq++).padStart(6, '0')}`;

async function startRun(t: TestApp): Promise<string> {
  await t.send.command(`add "Bench Corp" tier=Gold channel=<#${CHANNEL}|partner-bench>`);
  await t.send.command('recruit "Bench Corp"');
  const root = await until(() => t.slack.messages(CHANNEL).find((m) => !m.thread_ts), { timeoutMs: 10_000 });
  await until(() => t.slack.messages(CHANNEL).some((m) => m.thread_ts === root.ts && m.ts !== root.ts));
  return root.ts;
}

/** Sends one reply; resolves with the fake-Slack calls made for it, and when the reply was sent. */
async function reply(t: TestApp, rootTs: string, text: string, done: (since: number) => boolean): Promise<number> {
  const sent = Date.now();
  await t.send.event({
    type: 'message',
    channel: CHANNEL,
    channel_type: 'channel',
    user: 'U0ALICE',
    text,
    ts: nextTs(),
    thread_ts: rootTs,
  });
  await until(() => done(sent), { timeoutMs: 30_000, intervalMs: 1 });
  return sent;
}

const ANSWERS = [
  'Mid-market SaaS in EMEA',
  'actually the segment is enterprise retail',
  'skip',
  'what matters most here?',
  '200',
  'next friday',
];

const TURN_MESSAGES = [
  'next friday',
  'size: 200; region: EMEA',
  'actually the size is 300',
  'what should the budget be?',
  'in 2 weeks',
];

/** The guided engine's cost per reply, rules and rendering, in process. */
async function benchGuidedTurns(): Promise<number[]> {
  const coach = guidedCoach(library);
  const context = makeContext({ answers: { partner_size: 1 } });
  const samples: number[] = [];
  for (let i = 0; i < 2200; i++) {
    const started = performance.now();
    const turn = await coach.turn(context, { text: TURN_MESSAGES[i % TURN_MESSAGES.length] ?? '', userId: 'U0ALICE' });
    coachReplyBody({ turn, fields: context.fields });
    // The first 200 warm the JIT up.
    if (i >= 200) samples.push(performance.now() - started);
  }
  return samples;
}

export async function benchCoach(): Promise<{
  turn: ReturnType<typeof summarize>;
  guided: ReturnType<typeof summarize>;
  placeholder: ReturnType<typeof summarize>;
  firstWords: ReturnType<typeof summarize>;
}> {
  const guidedSamples: number[] = [];
  {
    const t = await startTestApp();
    try {
      const rootTs = await startRun(t);
      for (let i = 0; i < REPLIES; i++) {
        const before = t.slack.calls('chat.postMessage').length;
        const sent = await reply(
          t,
          rootTs,
          ANSWERS[i % ANSWERS.length] ?? 'ok',
          () => t.slack.calls('chat.postMessage').length > before,
        );
        const posted = t.slack.calls('chat.postMessage')[before];
        if (posted) guidedSamples.push(posted.at - sent);
      }
    } finally {
      await t.stop();
    }
  }

  const placeholderSamples: number[] = [];
  const firstWordSamples: number[] = [];
  const llm = await startFakeOpenAI();
  llm.chunkDelay(40);
  llm.reply(
    'Lead with the joint customers you already share and the margin they would earn in the first two quarters, then agree the next meeting.',
  );
  try {
    const t = await startTestApp({ env: { OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: llm.baseUrl } });
    try {
      const rootTs = await startRun(t);
      for (let i = 0; i < LLM_REPLIES; i++) {
        // This reply's own placeholder (found by time), then the first edit of that message with the model's words.
        let since = 0;
        const placeholderOf = () =>
          t.slack
            .calls('chat.postMessage')
            .find((c) => c.at >= since && String(c.params.text ?? '').includes('thinking'));
        const placeholderTs = () => (placeholderOf()?.response as { ts?: string } | undefined)?.ts;
        const editsOfPlaceholder = () => t.slack.calls('chat.update').filter((c) => c.params.ts === placeholderTs());
        const wordsShown = () => editsOfPlaceholder().find((c) => String(c.params.text ?? '').startsWith('Lead'));
        since = Date.now();
        const sent = await reply(t, rootTs, ANSWERS[i % ANSWERS.length] ?? 'ok', () => wordsShown() !== undefined);
        const placeholder = placeholderOf();
        if (placeholder) placeholderSamples.push(placeholder.at - sent);
        const first = wordsShown();
        if (first) firstWordSamples.push(first.at - sent);
        // Let the reply finish before the next one, as a person would.
        await until(
          () =>
            editsOfPlaceholder().some(
              (c) =>
                String(c.params.text ?? '').includes('agree the next meeting') && !String(c.params.text).endsWith('…'),
            ),
          { timeoutMs: 30_000 },
        );
      }
    } finally {
      await t.stop();
    }
  } finally {
    await llm.close();
  }
  return {
    turn: summarize(await benchGuidedTurns()),
    guided: summarize(guidedSamples),
    placeholder: summarize(placeholderSamples),
    firstWords: summarize(firstWordSamples),
  };
}

export function printCoach(r: Awaited<ReturnType<typeof benchCoach>>): void {
  log('Coach in a run thread (reply event in → coach visible in Slack), loopback');
  log(
    table(
      ['what', 'n', 'p50', 'p99', 'max'],
      [
        [
          'guided: one turn in process (rules + render)',
          String(r.turn.n),
          ms(r.turn.p50),
          ms(r.turn.p99),
          ms(r.turn.max),
        ],
        ['guided: answer posted', String(r.guided.n), ms(r.guided.p50), ms(r.guided.p99), ms(r.guided.max)],
        [
          'LLM: placeholder posted',
          String(r.placeholder.n),
          ms(r.placeholder.p50),
          ms(r.placeholder.p99),
          ms(r.placeholder.max),
        ],
        [
          'LLM: first words (40 ms/word stream)',
          String(r.firstWords.n),
          ms(r.firstWords.p50),
          ms(r.firstWords.p99),
          ms(r.firstWords.max),
        ],
      ],
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printCoach(await benchCoach());
}
