import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { circuitBreaker } from '../../src/domain/coach/breaker';
import type { CoachEngine, CoachTurn } from '../../src/domain/coach/engine';
import { extractionRequest } from '../../src/domain/coach/extraction';
import { llmCoach, type AnswerValidator, type CoachTimeouts } from '../../src/domain/coach/llm';
import { err, ok } from '../../src/domain/result';
import { coachFromConfig } from '../../src/llm/coach';
import { openAiClient } from '../../src/llm/openai-client';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { coachReplyBody, streamingText } from '../../src/slack/blocks/coach';
import { freePort } from '../support/free-port';
import { makeAskContext, makeStepContext } from './context';

/**
 * The LLM coach through the real `openai` SDK against a fake chat API on 127.0.0.1. The guided engine and its
 * answer parser are being written elsewhere: small stand-ins below play the other side of the boundary.
 */

const GUIDED_TURN: CoachTurn = {
  values: {},
  skipped: [],
  problems: [],
  hints: [['The QBR date is a date written YYYY-MM-DD.']],
};
const GUIDED_ANSWER = [['Try ', { code: '/partner qbr "Globex Systems"' }, ' to prepare it step by step.']];
const guided: CoachEngine = {
  kind: 'guided',
  turn: async () => GUIDED_TURN,
  ask: async () => ({ lines: GUIDED_ANSWER }),
};

/** The shape of the guided parser: a value of the field's type, or a statement saying what is expected. */
const validate: AnswerValidator = (field, text) => {
  switch (field.type) {
    case 'number':
      return /^\d+$/.test(text) ? ok(Number(text)) : err(`The ${field.id} must be a number.`);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? ok(text) : err(`The ${field.id} must be a date written YYYY-MM-DD.`);
    case 'user':
      return /^<@U[A-Z0-9]+>$/.test(text)
        ? ok(text.slice(2, -1))
        : err(`The ${field.id} must be a person, like @Dana.`);
    case 'choice':
      return field.choices?.includes(text.toLowerCase())
        ? ok(text.toLowerCase())
        : err(`The ${field.id} is one of ${field.choices?.join(' / ')}.`);
    case 'url':
      return URL.canParse(text) ? ok(text) : err(`The ${field.id} must be a URL.`);
    default:
      return ok(text);
  }
};

const FAST: CoachTimeouts = { extractMs: 5000, replyMs: 5000 };

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function coach(timeouts: CoachTimeouts = FAST, baseUrl = fake.baseUrl): CoachEngine {
  const client = openAiClient({ apiKey: 'test-key', baseUrl, model: 'fake-model', timeoutMs: 10_000 });
  return llmCoach({ client, guided, validate, timeouts, breaker: circuitBreaker(systemClock) });
}

const message = (text: string) => ({ text, userId: 'U0ALICE' });

describe('the LLM coach in a run thread', () => {
  it('records several fields picked out of free text, typed by the validator', async () => {
    fake.extract({
      values: {
        meeting_date: '2026-12-04',
        pipeline_value: '250000',
        exec_sponsor: '<@U0DANA>',
        focus: 'Growth',
        deck_url: null,
      },
      skipped: ['deck_url'],
    });
    const turn = await coach().turn(
      makeStepContext(),
      message('QBR is next Friday, they sourced 250k, <@U0DANA> sponsors it, focus on growth, no deck'),
    );

    expect(turn.fellBack).toBeUndefined();
    expect(turn.values).toEqual({
      meeting_date: '2026-12-04',
      pipeline_value: 250000,
      exec_sponsor: 'U0DANA',
      focus: 'growth',
    });
    expect(turn.skipped).toEqual(['deck_url']);
    expect(turn.problems).toEqual([]);
    const [extraction] = fake.requests('extract');
    expect(extraction?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'field_values', strict: true },
    });
    expect(JSON.stringify(extraction?.body.response_format)).toContain('meeting_date');
    expect(extraction?.system).toContain('Today is 2026-11-24 (time zone America/New_York)');
    expect(extraction?.user).toContain('next Friday');
  });

  it('turns a value the validator refuses into a problem, and skips only optional fields', async () => {
    fake.extract({
      values: {
        meeting_date: 'someday soon',
        pipeline_value: '40000',
        exec_sponsor: null,
        focus: null,
        deck_url: 'none',
      },
      skipped: ['exec_sponsor'],
    });
    const turn = await coach().turn(makeStepContext(), message('someday soon, 40000, skip the sponsor, no deck'));

    expect(turn.values).toEqual({ pipeline_value: 40000 });
    expect(turn.problems).toEqual([
      { fieldId: 'meeting_date', message: 'The meeting_date must be a date written YYYY-MM-DD.' },
      { fieldId: 'exec_sponsor', message: 'The exec sponsor is required, so it cannot be skipped.' },
    ]);
    expect(turn.skipped).toEqual(['deck_url']);
  });

  it('streams the reply: the sink sees growing text before the model has finished', async () => {
    fake.reply('Open with the overdue certification. Then ask Dana for the joint roadmap draft this week.');
    fake.chunkDelay(25);
    const seen: { text: string; at: number }[] = [];
    const turn = await coach().turn(makeStepContext(), message('how should I open the QBR?'), (text) =>
      seen.push({ text, at: Date.now() }),
    );

    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.text.startsWith(seen[i - 1]?.text ?? '')).toBe(true);
    const [reply] = fake.requests('reply');
    expect(seen[0]?.at).toBeLessThan(reply?.finishedAt ?? 0);
    expect(seen[0]?.text.length).toBeLessThan(turn.advice?.length ?? 0);
    expect(turn.advice).toBe(
      'Open with the overdue certification. Then ask Dana for the joint roadmap draft this week.',
    );
  });

  it('puts the company, the partner memory and the step in the system prompt', async () => {
    await coach().turn(makeStepContext(), message('anything to watch for'));
    const [reply] = fake.requests('reply');
    expect(reply?.headers.authorization).toBe('Bearer test-key');
    expect(reply?.body.model).toBe('fake-model');
    const system = reply?.system ?? '';
    for (const fact of [
      'Company: Acme Cloud (acme.example)',
      'Product: Acme Data Platform',
      'One governed copy of every customer record',
      'Partner: Globex Systems, a reseller partner in fintech',
      'Tier: Gold (QBR every 3 months; last QBR 2026-08-20)',
      'Stage: active',
      'Health: 62/100 (yellow), down 20 since 2026-10-01',
      'their champion left',
      'Owner: <@U0OWNER>',
      '"Certify two engineers" due 2026-11-01 (OVERDUE)',
      'New VP of partnerships, Dana',
      'onboard (completed, 2026-03-01)',
      'Current step 1 of 2: Prepare the QBR',
      'Collect the sourced pipeline',
      'Pull the sourced pipeline from the CRM.',
      'Note for Gold partners: Gold partners get an executive sponsor',
      'meeting_date (date, required)',
      'still missing (the app is asking for this now)',
      'Slack mrkdwn',
      'at most 120 words',
      'never write a question mark',
      'Drafts are drafts',
    ])
      expect(system, fact).toContain(fact);
    expect(system).not.toContain('Keep the QBR to 30 minutes'); // the default note is for tiers not named
    expect(reply?.user).toBe('<@U0ALICE> wrote: anything to watch for');
  });

  it('uses the default tier note for a tier the step does not name', async () => {
    const context = makeStepContext();
    await coach().turn(
      { ...context, memory: { ...context.memory, partner: { ...context.memory.partner, tier: 'Bronze' } } },
      message('ok'),
    );
    expect(fake.requests('reply')[0]?.system).toContain('Note for Bronze partners: Keep the QBR to 30 minutes.');
  });

  it('never returns a question mark, even when the model asks questions', async () => {
    fake.reply('Have you booked the room? Send the deck first?! Then confirm the agenda?');
    const seen: string[] = [];
    const turn = await coach().turn(makeStepContext(), message('what next'), (text) => seen.push(text));
    // The engine hands the model's words over as they are; the Slack edge makes them statements.
    expect(turn.advice).toBe('Have you booked the room? Send the deck first?! Then confirm the agenda?');
    expect(coachReplyBody({ turn, fields: makeStepContext().fields })).toBe(
      'Have you booked the room. Send the deck first. Then confirm the agenda.',
    );
    expect(seen.map(streamingText).join('')).not.toContain('?');
  });

  it('skips extraction on a step without fields and still advises', async () => {
    const turn = await coach().turn(makeStepContext({ stepIndex: 1, fields: [], pending: null }), message('done'));
    expect(fake.requests('extract')).toHaveLength(0);
    expect(turn).toMatchObject({ values: {}, skipped: [], problems: [] });
    expect(turn.advice).not.toBe('');
  });
});

describe('falling back to the guided engine', () => {
  const cases: {
    name: string;
    arrange: () => Promise<string | undefined> | string | undefined;
    reason: string;
    timeouts?: CoachTimeouts;
  }[] = [
    {
      name: 'HTTP 500',
      arrange: () => {
        fake.failNext(500, 4);
        return undefined;
      },
      reason: 'the model service answered HTTP 500',
    },
    {
      name: 'an extraction slower than its deadline',
      arrange: () => {
        fake.hangNext(3000, 'extract');
        return undefined;
      },
      reason: 'the model timed out',
      timeouts: { extractMs: 300, replyMs: 5000 },
    },
    {
      name: 'a reply that does not start in time',
      arrange: () => {
        fake.hangNext(3000, 'reply');
        return undefined;
      },
      reason: 'the model did not start answering in time',
      timeouts: { extractMs: 5000, replyMs: 5000, firstTokenMs: 300 },
    },
    {
      name: 'invalid JSON',
      arrange: () => {
        fake.invalidJsonNext();
        return undefined;
      },
      reason: 'the model answered with invalid JSON',
    },
    {
      name: 'JSON that does not fit the schema',
      arrange: () => {
        fake.extract({ values: { meeting_date: 42 } });
        return undefined;
      },
      reason: 'the model answered with invalid JSON',
    },
    {
      name: 'connection refused',
      arrange: async () => `http://127.0.0.1:${await freePort()}/v1`,
      reason: 'the model service could not be reached',
    },
  ];

  it.each(cases)('answers with the guided turn on $name', async ({ arrange, reason, timeouts }) => {
    const baseUrl = await arrange();
    const started = Date.now();
    const turn = await coach(timeouts ?? FAST, baseUrl ?? fake.baseUrl).turn(
      makeStepContext(),
      message('QBR on 2026-12-04'),
    );
    expect(turn).toEqual({ ...GUIDED_TURN, fellBack: reason });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('replaces a reply that had started streaming when the deadline passes', async () => {
    fake.reply('one two three four five six seven eight nine ten eleven twelve');
    fake.chunkDelay(100);
    const seen: string[] = [];
    const turn = await coach({ extractMs: 5000, replyMs: 350 }).turn(makeStepContext(), message('tips'), (text) =>
      seen.push(text),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(turn).toEqual({ ...GUIDED_TURN, fellBack: 'the model timed out' });
  });

  it('logs why, without the message text', async () => {
    fake.failNext(503, 4);
    const lines: Record<string, unknown>[] = [];
    const client = openAiClient({
      apiKey: 'test-key',
      baseUrl: fake.baseUrl,
      model: 'fake-model',
      timeoutMs: 10_000,
      maxRetries: 0,
    });
    const engine = llmCoach({
      client,
      guided,
      validate,
      timeouts: FAST,
      breaker: circuitBreaker(systemClock),
      logger: { warn: (fields) => lines.push(fields) },
    });
    await engine.turn(makeStepContext(), message('secret pricing 40% off'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      coach: 'llm',
      op: 'turn',
      kind: 'http',
      status: 503,
      reason: 'the model service answered HTTP 503',
    });
    expect(JSON.stringify(lines)).not.toContain('secret pricing');
  });
});

describe('a failing model is not hammered', () => {
  it('while it fails, each reply calls it once and never retries; after 3 failing replies, not at all', async () => {
    // A server of its own: a call cancelled in flight can still arrive after its reply has returned, and must
    // not take the next test's fault or count in another reply.
    const model = await startFakeOpenAI();
    try {
      // The SDK would retry a healthy extraction after ~0.5 s; a slow machine can take that long to see the
      // advice fail. Two seconds keeps "the advice failed first" true however loaded the machine is.
      model.failNext(500, 100, undefined, { 'retry-after-ms': '2000' });
      const engine = coach(FAST, model.baseUrl);
      const text = (i: number) => `QBR on 2026-12-04 — reply ${i}`;
      for (let i = 0; i < 5; i++) {
        const turn = await engine.turn(makeStepContext(), message(text(i)));
        expect(turn.fellBack).toBeDefined();
      }
      const counts = [0, 1, 2, 3, 4].map((i) => model.requests().filter((r) => r.user.includes(text(i))).length);
      // The first failing reply makes a healthy reply's two calls (extraction and advice, in parallel; the
      // extraction may be cancelled before it is sent) and no retry. Then one call each, then none.
      expect(counts[0]).toBeGreaterThanOrEqual(1);
      expect(counts[0]).toBeLessThanOrEqual(2);
      expect(counts.slice(1)).toEqual([1, 1, 0, 0]);
      expect(model.requests().every((r) => r.headers['x-stainless-retry-count'] === '0')).toBe(true);
    } finally {
      await model.close();
    }
  });

  it('keeps the SDK’s retry inside the deadline: no attempt starts after the caller gave up', async () => {
    const client = openAiClient({ apiKey: 'test-key', baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 10_000 });
    const request = extractionRequest(makeStepContext(), message('QBR on 2026-12-04'));
    if (!request) throw new Error('the QBR step has fields');
    // The service asks for 400 ms before a retry; the caller's deadline is 100 ms.
    fake.failNext(503, 1, 'extract', { 'retry-after-ms': '400' });
    await expect(
      client.extract(request.messages, request.schema, { signal: AbortSignal.timeout(100) }),
    ).rejects.toMatchObject({ kind: 'aborted' });
    expect(fake.requests('extract')).toHaveLength(1);
    // With time to spare, the same failure is retried once, and the retry succeeds.
    fake.failNext(503, 1, 'extract', { 'retry-after-ms': '50' });
    await client.extract(request.messages, request.schema, { signal: AbortSignal.timeout(5000) });
    expect(fake.requests('extract').map((r) => r.status)).toEqual([503, 503, 200]);
  });
});

describe('free questions to the LLM coach', () => {
  it('streams an answer with the partner memory in the system prompt', async () => {
    fake.reply('Lead with the health drop from 82 to 62. Is the champion replaced?');
    const seen: string[] = [];
    const answer = await coach().ask(makeAskContext(), 'how should I prep the Globex QBR?', (text) => seen.push(text));
    expect(answer).toEqual({ lines: [], advice: 'Lead with the health drop from 82 to 62. Is the champion replaced?' });
    expect(seen.length).toBeGreaterThan(1);
    const [request] = fake.requests('reply');
    expect(request?.system).toContain('Health: 62/100 (yellow), down 20 since 2026-10-01');
    expect(request?.system).toContain('Tier: Gold (QBR every 3 months');
    expect(request?.user).toBe('how should I prep the Globex QBR?');
  });

  it('answers in general terms when no partner is named', async () => {
    await coach().ask(makeAskContext({ memory: null }), 'what makes a good referral program');
    expect(fake.requests('reply')[0]?.system).toContain('names no partner PartnerOS knows');
    expect(fake.requests('reply')[0]?.system).not.toContain('Globex');
  });

  it('falls back to the guided answer when the model fails', async () => {
    fake.failNext(500, 2);
    const answer = await coach().ask(makeAskContext(), 'prep tips');
    expect(answer).toEqual({ lines: GUIDED_ANSWER, fellBack: 'the model service answered HTTP 500' });
  });
});

describe('choosing the coach from the configuration', () => {
  it('runs guided without an API key, and the LLM engine with one', async () => {
    expect(
      coachFromConfig({ apiKey: undefined, baseUrl: undefined, model: 'gpt-4o-mini' }, guided, validate, {
        clock: systemClock,
      }),
    ).toBe(guided);
    const engine = coachFromConfig(
      { apiKey: 'test-key', baseUrl: fake.baseUrl, model: 'fake-model' },
      guided,
      validate,
      { clock: systemClock },
    );
    expect(engine.kind).toBe('llm');
    fake.reply('Book the room.');
    expect(await engine.ask(makeAskContext(), 'next')).toEqual({ lines: [], advice: 'Book the room.' });
  });
});
