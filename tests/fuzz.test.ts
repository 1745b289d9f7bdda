/**
 * Random `/partner` lines through the real app (signed HTTP in, fake Slack Web API out). Whatever a user or
 * Slack sends, the answer is a 200 with a readable ack inside Slack's Block Kit limits, and the app keeps serving.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run tests/fuzz.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMAND_WORDS } from '../src/domain/commands/catalogue';
import { MAX_NOTE_LENGTH } from '../src/domain/partners/model';
import { LIMITS } from '../src/slack/blocks/text';
import type { SlackHttpResponse } from './support/signed-requests';
import { startTestApp, type TestApp } from './support/test-app';
import { prng } from './support/prng';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026) >>> 0;
const CASES = 300;
const BATCH = 5;
const ACK_DEADLINE_MS = 3000;

const TYPOS = [
  'shwo',
  'lsit',
  'ad',
  'mileston',
  'helth',
  'tire',
  'archve',
  'SHOW',
  'List',
  'HeLp',
  'qbr_held',
  'show!',
  '/partner',
];
const NAMES = [
  'Acme Corp',
  '"Acme Corp"',
  '“Acme Corp”',
  "'Acme Corp'",
  '«Acme Corp»',
  'Acme',
  'AT&amp;T',
  'Société Générale',
  'SOCIÉTÉ GÉNÉRALE',
  '株式会社アクメ',
  '🤝 Partners',
  "O'Reilly",
  'Zürich Ltd',
  'שותפים בע״מ',
  'شركاء',
  'Booking.com',
  '<http://Booking.com|Booking.com>',
];
const VALUES = [
  'Gold',
  'gold',
  'Silver',
  'Bronze',
  'Platinum',
  '72',
  '0',
  '100',
  '101',
  '-5',
  '7.5',
  '72%',
  '0x10',
  'NaN',
  '2026-12-15',
  '2028-02-29',
  '2026-02-29',
  '15/12/2026',
  'at risk',
  'At-Risk',
  'onboarding',
  'exited',
  'reseller',
  'tech',
  'mine',
  'lost the champion',
];
const OPTIONS = [
  'tier=',
  'tier=Gold',
  'tier="Strategic Plus"',
  'tier=“Gold”',
  'type=si',
  'type=',
  'owner=<@U0BOB|bob>',
  'owner=<@U0BOB>',
  'owner=ana',
  'channel=<#C0ACME|acme>',
  'channel=<#C0ACME>',
  'channel=#acme',
  'vertical=Healthcare',
  'page=2',
  'page=0',
  'page=99999999999999999999',
  'stage=at_risk',
  'foo=bar',
  '=',
  '==',
  '=Gold',
  'tier==Gold',
];
const WIRE = [
  '&amp;',
  '&lt;',
  '&gt;',
  '&amp;lt;',
  '&',
  '<',
  '>',
  '<>',
  '<@',
  '<@>',
  '<@U0BOB|bob>',
  '<@U0BOB>',
  '<#',
  '<#C|',
  '<#C0ACME|acme>',
  '<#C0ACME>',
  '<!',
  '<!here>',
  '<!channel>',
  '<!everyone>',
  '<!subteam^S1|@team>',
  '<!date^1392734382^{date}|Feb 18>',
  '<mailto:a@b.co|a@b.co>',
  '<http://x.com>',
  '<|>',
  '<@U1|<b>>',
  '&lt;@U0BOB&gt;',
  '<@U0BOB|bob',
  '|',
  '^',
];
const QUOTES = ['"', '“', '”', '‘', '’', "'", '«', '»', '„', '""', '“”', "''", '"“', '«»»'];
const UNICODE = [
  '🤝',
  '👩‍💻',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇫🇷',
  '\u200d',
  '\u200b',
  '\u2060',
  '\ufeff',
  'e\u0301\u0301\u0301\u0301',
  'Z̸̢͎̈́a̵̛l̷g̶o',
  '\u202e',
  '\u202dabc\u202c',
  'שלום',
  'مرحبا',
  '中文名称',
  '한국어',
  'ｆｕｌｌ',
  '\u3000',
  '\u00a0',
  '\u2028',
  '\u2029',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\ufffd',
];
const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\f',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u0000\u0001',
];
/** Partners the suite adds first, as a user would type their names. */
const SEEDED_NAMES = [
  '"Acme Corp"',
  'Acme Corp',
  'Acme',
  '“Société Générale”',
  'AT&amp;T',
  '株式会社アクメ',
  '"O\'Reilly"',
  '<http://Booking.com|Booking.com>',
];
const AIMED_SUBS = [
  'show',
  'note',
  'note',
  'health',
  'milestone',
  'done',
  'tier',
  'stage',
  'owner',
  'channel',
  'list',
  'add',
];
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', ''];

function generator(random: () => number) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

  /** Cut at a code point, never inside a surrogate pair (Slack would never send a lone surrogate). */
  const cut = (s: string, max: number): string => Array.from(s).slice(0, max).join('');

  const piece = (): string => {
    const r = random();
    if (r < 0.2) return pick(NAMES);
    if (r < 0.35) return pick(VALUES);
    if (r < 0.5) return pick(OPTIONS);
    if (r < 0.65) return pick(WIRE);
    if (r < 0.75) return pick(QUOTES);
    if (r < 0.87) return pick(UNICODE);
    if (r < 0.93) return pick(CONTROL);
    return pick([...SUBCOMMAND_WORDS, ...TYPOS]);
  };

  const long = (): string => {
    const unit = Array.from({ length: 1 + int(4) }, piece).join(pick([' ', '', '\n']));
    const length = 500 + int(4501);
    return cut(unit.repeat(Math.ceil(length / Math.max(1, unit.length))), length);
  };

  /** A well-formed start (a real subcommand and a partner that exists) followed by junk, to reach records and changes. */
  const aimed = (): string => {
    const args = Array.from({ length: int(5) }, () => (random() < 0.1 ? long() : piece())).join(pick(SEPARATORS));
    return `${pick(AIMED_SUBS)} ${pick(SEEDED_NAMES)} ${args}`;
  };

  return (): string => {
    if (random() < 0.35) return cut(aimed(), 5000);
    const words: string[] = [];
    const head = random();
    if (head < 0.75) words.push(pick(SUBCOMMAND_WORDS));
    else if (head < 0.85) words.push(pick(TYPOS));
    const count = int(8);
    for (let i = 0; i < count; i++) words.push(random() < 0.05 ? long() : piece());
    let text = '';
    for (const w of words) text += (text ? pick(SEPARATORS) : '') + w;
    // Now and then a glued-together word: quotes and wire marks in the middle of a token.
    if (random() < 0.15) text += pick(QUOTES) + pick(NAMES) + pick(WIRE);
    if (random() < 0.05) text = pick([' ', '\n', '\t']) + text + pick([' ', '\n']);
    return cut(text, 5000);
  };
}

interface Block {
  type?: string;
  text?: { text?: string };
  fields?: { text?: string }[];
  elements?: { text?: string }[];
}

const chars = (s: string): number => Array.from(s).length;

/** Everything wrong with one Slack message body (ack or Web API post), per docs.slack.dev Block Kit limits. */
function problemsWith(body: Record<string, unknown> | undefined): string[] {
  if (!body) return ['the body is not a JSON object'];
  const problems: string[] = [];
  if (typeof body.text !== 'string' || body.text.trim() === '') problems.push(`no text (${JSON.stringify(body.text)})`);
  else if (chars(body.text) > 40_000) problems.push(`text is ${chars(body.text)} characters`);
  if (body.blocks === undefined) return problems;
  if (!Array.isArray(body.blocks)) return [...problems, 'blocks is not an array'];
  const blocks = body.blocks as Block[];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (limit 50)`);
  let total = 0;
  blocks.forEach((b, i) => {
    const text = b.text?.text;
    if (b.type === 'section') {
      if (text !== undefined && (chars(text) < 1 || chars(text) > 3000))
        problems.push(`section ${i} text is ${chars(text)} characters (1–3000)`);
      if (text === undefined && !b.fields?.length) problems.push(`section ${i} has neither text nor fields`);
      for (const f of b.fields ?? [])
        if (chars(f.text ?? '') > 2000) problems.push(`section ${i} has a field of ${chars(f.text ?? '')} characters`);
      if ((b.fields?.length ?? 0) > 10) problems.push(`section ${i} has ${b.fields?.length} fields`);
    }
    if (b.type === 'header' && (text === undefined || chars(text) < 1 || chars(text) > 150))
      problems.push(`header ${i} text is ${chars(text ?? '')} characters (1–150)`);
    if (b.type === 'context' && (b.elements?.length ?? 0) > 10)
      problems.push(`context ${i} has ${b.elements?.length} elements`);
    total +=
      chars(text ?? '') +
      (b.fields ?? []).reduce((n, f) => n + chars(f.text ?? ''), 0) +
      (b.elements ?? []).reduce((n, e) => n + chars(e.text ?? ''), 0);
  });
  // Undocumented: Slack refuses ~12k characters of block text as msg_blocks_too_long (bolt-js #2509).
  if (total > 12_000) problems.push(`${total} characters of block text (msg_blocks_too_long above ~12k)`);
  return problems;
}

const shown = (text: string): string => {
  const json = JSON.stringify(text);
  return json.length > 400 ? `${json.slice(0, 400)}… (${chars(text)} chars)` : json;
};

describe('/partner under random input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    // A few partners, so names resolve and changes, records and channel notices are exercised too.
    for (const line of [
      'add "Acme Corp" tier=Gold channel=<#C0ACME|acme>',
      'add Acme',
      'add "Société Générale" tier=Silver',
      'add AT&amp;T type=reseller',
      'add 株式会社アクメ',
      'add "O\'Reilly"',
      'add <http://Booking.com|Booking.com>',
    ]) {
      const res = await t.send.command(line);
      expect(res.status, line).toBe(200);
      expect(res.json?.text, line).toMatch(/added/);
    }
  });

  afterAll(async () => {
    await t?.stop();
  });

  it(`answers ${CASES} random lines with a 200 and a readable ack within Slack's limits (seed ${SEED})`, async () => {
    const next = generator(prng(SEED));
    const lines = Array.from({ length: CASES }, next);
    const failures: string[] = [];
    for (let i = 0; i < lines.length; i += BATCH) {
      const batch = lines.slice(i, i + BATCH);
      const answers = await Promise.all(
        batch.map(async (line) => {
          const started = performance.now();
          const res = await t.send.command(line).catch((e: unknown) => e);
          return { res, ms: performance.now() - started };
        }),
      );
      answers.forEach(({ res, ms }, j) => {
        const line = batch[j] ?? '';
        const where = `FUZZ_SEED=${SEED} case ${i + j}: ${shown(line)}`;
        if (!(res && typeof res === 'object' && 'status' in res)) {
          failures.push(`${where} → request failed: ${String(res)}`);
          return;
        }
        const r = res as SlackHttpResponse;
        const problems = r.status === 200 ? problemsWith(r.json) : [`HTTP ${r.status} ${r.text.slice(0, 200)}`];
        // Slack shows the user a timeout when the ack takes more than 3 s (a slow line also stalls its batch).
        if (ms > ACK_DEADLINE_MS)
          problems.push(`acked after ${Math.round(ms)} ms (Slack gives up at ${ACK_DEADLINE_MS})`);
        for (const p of problems) failures.push(`${where} → ${p}`);
      });
    }
    // What went out after the acks (change notices in partner channels, respond() posts) obeys the same limits.
    for (const call of t.slack.calls('chat.postMessage')) {
      for (const p of problemsWith(call.params))
        failures.push(`FUZZ_SEED=${SEED} chat.postMessage to ${String(call.params.channel)} → ${p}`);
    }
    for (const response of t.slack.responses()) {
      const body = response.body as Record<string, unknown> | undefined;
      for (const p of problemsWith(body)) failures.push(`FUZZ_SEED=${SEED} response_url post → ${p}`);
    }
    expect(
      failures.slice(0, 10),
      `${failures.length} problem(s); first ones:\n${failures.slice(0, 10).join('\n')}`,
    ).toEqual([]);
  });

  it('still answers help and /healthz afterwards', async () => {
    const help = await t.send.command('help');
    expect(help.status).toBe(200);
    expect(help.json?.text).toContain('PartnerOS commands');
    const health = await fetch(`http://127.0.0.1:${t.running.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
  });
});

/** Total characters of text in a message's blocks (what msg_blocks_too_long counts). */
function blockChars(body: Record<string, unknown> | undefined): number {
  const blocks = (Array.isArray(body?.blocks) ? body.blocks : []) as Block[];
  return blocks.reduce(
    (n, b) =>
      n +
      chars(b.text?.text ?? '') +
      (b.fields ?? []).reduce((m, f) => m + chars(f.text ?? ''), 0) +
      (b.elements ?? []).reduce((m, e) => m + chars(e.text ?? ''), 0),
    0,
  );
}

describe('/partner with long or unquoted lines (cases the fuzzer led to)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.send.command('add "Acme Corp" tier=Gold')).json?.text).toMatch(/added/);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('answers a note without text for an unquoted, existing partner with what is missing', async () => {
    const res = await t.send.command('note Acme Corp');
    expect(res.status).toBe(200);
    // Not "No partner called “Acme”. Did you mean “Acme Corp”?": the user typed the exact name.
    expect(res.json?.text).toContain('`note` needs the text of the note');
  });

  it('answers a too-long note for an unquoted, existing partner with the length limit', async () => {
    const res = await t.send.command(`note Acme Corp ${'x '.repeat(MAX_NOTE_LENGTH / 2 + 10)}`);
    expect(res.status).toBe(200);
    expect(res.json?.text).toContain(`the limit is ${MAX_NOTE_LENGTH}`);
    expect(res.json?.text).not.toContain('No partner called “Acme Corp x');
  });

  it('names an unknown partner without the words of the note', async () => {
    const res = await t.send.command('note Zeta met the VP');
    expect(res.status).toBe(200);
    expect(res.json?.text).toContain('Zeta');
    expect(res.json?.text).not.toContain('“Zeta met the”');
  });

  it('keeps a partner record with five long notes within the message budget', async () => {
    for (let i = 0; i < 5; i++) {
      const note = await t.send.command(`note "Acme Corp" ${`note ${i} `.repeat(MAX_NOTE_LENGTH / 7)}`);
      expect(note.json?.text).toMatch(/note added/);
    }
    const res = await t.send.command('show "Acme Corp"');
    expect(res.status).toBe(200);
    // LIMITS.messageChars: Slack refuses ~12k characters of block text as msg_blocks_too_long (bolt-js #2509, #2867).
    expect(blockChars(res.json)).toBeLessThanOrEqual(LIMITS.messageChars);
  });

  it('acks a 300-word note for an unknown partner within Slack’s 3 s, with 100 partners on file', async () => {
    for (let i = 0; i < 100; i++) await t.send.command(`add "Partner Company ${i}"`);
    const words = Array.from({ length: 300 }, (_, i) => `w${i % 10}`).join(' '); // a 900-character note
    const started = performance.now();
    const res = await t.send.command(`note Zeta ${words}`);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.json?.text).toMatch(/No partner called/);
    expect(ms).toBeLessThan(ACK_DEADLINE_MS);
  });
});
