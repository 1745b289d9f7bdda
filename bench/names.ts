/**
 * `npx tsx bench/names.ts` (also the last part of `npm run bench`): what finding a partner by the
 * name a user typed costs at 10,000 partners, on the event loop. Every look-up is answered by the
 * SQLite indexes (exact key, search-key and word-run ranges, trigram postings); nothing is cached in
 * the process. The last row is the previous way, Fuse over every name, for comparison.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { parseCommand } from '../src/domain/commands/parse';
import { CompanyConfigSchema } from '../src/config/schema';
import { COMMON_WORDS } from '../src/domain/coach/related';
import { DomainError } from '../src/domain/errors';
import { partnerNames } from '../src/domain/partners/names';
import { tokenize } from '../src/slack/commands/tokenize';
import { openStore } from '../tests/support/open-store';
import { partnerNames as seedNames } from './seed';
import { ms, pick, prng, round3, roundSummary, summarize, table, type Summary } from './stats';
import { benchDatabase, type EngineKind, enginesFromArgs, stopPostgres } from './engines';
import { benchTempDir } from './tempdir';

const PARTNERS = 10_000;
const N = 500;
const SEED = 20_261_206;
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

interface Row {
  call: string;
  note: string;
  summary: Summary;
  /** CPU time (user + system) per call, averaged: what a busy machine's preemption does not inflate. */
  cpuMs: number;
}

/** Times n calls (after a warm-up), yielding to the event loop between calls, never inside one. */
async function time(call: string, n: number, run: (i: number) => Promise<string> | string): Promise<Row> {
  for (let i = 0; i < Math.min(50, n); i++) await run(i);
  const samples: number[] = [];
  let note = '';
  let cpuMicros = 0;
  for (let i = 0; i < n; i++) {
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    note = await run(i);
    samples.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuMicros += cpu.user + cpu.system;
  }
  return { call, note, summary: summarize(samples), cpuMs: cpuMicros / n / 1000 };
}

/** A misspelling (one letter dropped, two swapped) that is not itself a name. */
function typo(rng: () => number, name: string): string {
  const chars = [...name];
  chars.splice(1 + Math.floor(rng() * (chars.length - 2)), 1);
  const swap = 1 + Math.floor(rng() * (chars.length - 3));
  [chars[swap], chars[swap + 1]] = [chars[swap + 1] ?? '', chars[swap] ?? ''];
  return chars.join('');
}

const outcome = async (fn: () => Promise<string>): Promise<string> => {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}: ${error.message.slice(0, 60)}`;
    throw error;
  }
};

export async function benchNames(kind: EngineKind = 'sqlite'): Promise<Record<string, unknown>> {
  const dir = await benchTempDir();
  const database = await benchDatabase(kind, dir.path, 'names');
  const store = await openStore(database.target, { now: () => new Date().toISOString() });
  try {
    const rng = prng(SEED);
    const names = seedNames(PARTNERS, rng);
    const seeded = performance.now();
    await store.transaction(async (tx) => {
      for (const name of names)
        await tx.partners.insert({
          name,
          type: null,
          tier: 'Bronze',
          stage: 'active',
          owner_user_id: 'U0OWNER',
          channel_id: null,
          vertical: null,
          created_by: 'U0OWNER',
          at: new Date().toISOString(),
        });
    });
    const seedMs = performance.now() - seeded;
    const finder = partnerNames(store);
    const company = CompanyConfigSchema.parse({});

    // Names cut two letters short that fit exactly one partner (a unique prefix hit).
    const prefixes: string[] = [];
    while (prefixes.length < 200) {
      const cut = pick(rng, names).slice(0, -2).trim();
      if ((await store.partners.fitting(cut, { prefix: true, limit: 2 })).length === 1) prefixes.push(cut);
    }
    const misses: string[] = [];
    while (misses.length < 200) {
      const t = typo(rng, pick(rng, names));
      if (
        !(await store.partners.findByName(t)) &&
        (await store.partners.fitting(t, { prefix: true, limit: 1 })).length === 0
      )
        misses.push(t);
    }
    // A note about a misspelt partner, typed without quotes, whose first word fits no one either: every
    // reading misses, and the did-you-mean scores the shortest three.
    const firstWordMisses: string[] = [];
    for (const m of misses)
      if ((await store.partners.fitting(m.split(' ')[0] ?? '', { prefix: true, limit: 1 })).length === 0)
        firstWordMisses.push(m);
    const noteLines = firstWordMisses.slice(0, 50).map((name) => {
      const tokens = tokenize(`note ${name} call went well`);
      if (!tokens.ok) throw tokens.error;
      const parsed = parseCommand(tokens.value, { tiers: company.tiers, today: '2026-11-25' });
      if (!parsed.ok || parsed.value.sub !== 'partner') throw new Error('unexpected parse');
      return parsed.value.splits;
    });
    const at = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;
    const fuse = new Fuse(
      names.map((name) => ({ name })),
      { keys: ['name'], threshold: 0.4, ignoreLocation: true, includeScore: true },
    );

    const rows: Row[] = [
      await time('hit: exact name', N, (i) =>
        outcome(async () => (await finder.find(at(names, i).toLowerCase())).partner.name),
      ),
      await time('hit: unique prefix (“Cobalt Analytics Gm”)', N, (i) =>
        outcome(async () => `${at(prefixes, i)} → ${(await finder.find(at(prefixes, i))).partner.name}`),
      ),
      await time('ambiguous: first word (“Cobalt”)', N, (i) =>
        outcome(async () => (await finder.find(at(names, i).split(' ')[0] ?? '')).partner.name),
      ),
      await time('miss: typo → did you mean', N, (i) =>
        outcome(async () => (await finder.find(at(misses, i))).partner.name),
      ),
      await time('miss: unquoted note line (“note Emebr Ventures Pty call went well”)', N, (i) =>
        outcome(async () => (await finder.resolve(at(noteLines, i))).partner.name),
      ),
      await time('coach: partner in a question', N, (i) =>
        outcome(
          async () =>
            (await finder.mentionedIn(`how should I prep the ${at(prefixes, i)} QBR?`, COMMON_WORDS))?.name ??
            'no partner',
        ),
      ),
      await time('before: Fuse over all 10,000 names (a miss)', 50, (i) => {
        const found = fuse.search(at(misses, i), { limit: 9 });
        return `${found.length} results`;
      }),
    ];

    // Other work on the machine shows up as p99 and max outliers (wall time): the load average says how
    // busy it was, and CPU time per call is the cost itself.
    const load = loadavg().map((x) => x.toFixed(1));
    log(
      `\nPartner names (${kind}): ${PARTNERS.toLocaleString('en')} partners (seeded in ${ms(seedMs)} ms), ms per call; load average ${load.join(' ')}`,
    );
    log(
      table(
        ['call', 'n', 'CPU/call', 'mean', 'p50', 'p95', 'p99', 'max', 'last result'],
        rows.map((r) => [
          r.call,
          String(r.summary.n),
          ms(r.cpuMs),
          ms(r.summary.mean),
          ms(r.summary.p50),
          ms(r.summary.p95),
          ms(r.summary.p99),
          ms(r.summary.max),
          r.note.slice(0, 70),
        ]),
      ),
    );
    const result = {
      engine: kind,
      partners: PARTNERS,
      seed: SEED,
      loadAverage: load,
      rows: rows.map((r) => ({ call: r.call, note: r.note, cpuMs: round3(r.cpuMs), ms: roundSummary(r.summary) })),
    };
    await mkdir(join('bench', 'results'), { recursive: true });
    await writeFile(join('bench', 'results', `names-${kind}.json`), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await store.close();
    await database.drop();
    await dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    for (const kind of enginesFromArgs(process.argv, ['sqlite'])) await benchNames(kind);
  } finally {
    await stopPostgres();
  }
}
