/**
 * Part 2: the domain calls behind the commands, timed directly (no HTTP, no Slack, no rendering),
 * against the seeded store.
 */
import { CompanyConfigSchema } from '../src/config/schema';
import { systemClock } from '../src/domain/clock';
import { UnknownPartner } from '../src/domain/errors';
import { partnerService } from '../src/domain/partners/service';
import type { Partner } from '../src/domain/partners/model';
import { parseCommand, type NameSplit } from '../src/domain/commands/parse';
import { tokenize } from '../src/slack/commands/tokenize';
import type { Store } from '../src/store';
import type { Seeded } from './seed';
import { pick, prng, summarize, type Summary } from './stats';

export interface QueryResult {
  call: string;
  /** What the call returned, to show it did real work (rows, suggestions…). */
  note: string;
  summary: Summary;
}

interface Case {
  call: string;
  n: number;
  run: (i: number) => Promise<string>;
}

/** Lets timers and signal handlers (Ctrl-C → cleanup) run between calls; never inside a timed call. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Times `n` calls after a short warm-up; the last call's note is reported. */
async function time(c: Case): Promise<QueryResult> {
  const warmup = Math.min(20, Math.ceil(c.n / 10));
  for (let i = 0; i < warmup; i++) await c.run(i);
  const samples: number[] = [];
  let note = '';
  for (let i = 0; i < c.n; i++) {
    await breathe();
    const t0 = performance.now();
    note = await c.run(i);
    samples.push(performance.now() - t0);
  }
  return { call: c.call, note, summary: summarize(samples) };
}

/** A misspelling of an existing name (one letter dropped, two swapped) that is not itself a partner. */
function typo(rng: () => number, name: string): string {
  const chars = [...name];
  const drop = 1 + Math.floor(rng() * (chars.length - 2));
  chars.splice(drop, 1);
  const swap = 1 + Math.floor(rng() * (chars.length - 3));
  [chars[swap], chars[swap + 1]] = [chars[swap + 1] ?? '', chars[swap] ?? ''];
  return chars.join('');
}

export interface QueryPlan {
  /** Repetitions of the cheap calls. */
  fast: number;
  /** Repetitions of resolve(unknown name). */
  fuzzy: number;
  /** Repetitions of resolve(unknown name) with 4 readings (an unquoted `/partner note` line). */
  fuzzyMulti: number;
  seed: number;
}

export async function benchQueries(store: Store, seeded: Seeded, plan: QueryPlan): Promise<QueryResult[]> {
  const company = CompanyConfigSchema.parse({});
  const service = partnerService({ store, clock: systemClock, company });
  const rng = prng(plan.seed);

  const partners: Partner[] = [];
  for (let i = 0; i < plan.fast; i++) partners.push(await service.findPartner(pick(rng, seeded.names)));
  const heaviest = await service.findPartner(seeded.heaviest.name);
  const unknown: string[] = [];
  while (unknown.length < plan.fuzzy) {
    const candidate = typo(rng, pick(rng, seeded.names));
    // A real miss: not a name, and its first word fits none either (else it names the partners it fits).
    const first = candidate.split(' ')[0] ?? '';
    if (
      !(await store.partners.findByName(candidate)) &&
      (await store.partners.fitting(first, { prefix: true, limit: 1 })).length === 0
    )
      unknown.push(candidate);
  }
  const show = { kind: 'show' } as const;
  // What the real tokenizer and parser make of an unquoted note about a misspelt partner.
  const noteLines: NameSplit[][] = unknown.slice(0, plan.fuzzyMulti).map((name) => {
    const tokens = tokenize(`note ${name} call went well`);
    if (!tokens.ok) throw tokens.error;
    const parsed = parseCommand(tokens.value, { tiers: company.tiers, today: '2026-11-24' });
    if (!parsed.ok || parsed.value.sub !== 'partner') throw new Error(`unexpected parse of a note line for ${name}`);
    return parsed.value.splits;
  });
  const owner = seeded.busiestOwner.userId;
  const at = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

  const cases: Case[] = [
    {
      call: 'list({}, 1)',
      n: plan.fast,
      run: async () => {
        const page = await service.list({}, 1);
        return `${page.partners.length} of ${page.total}`;
      },
    },
    {
      call: "list({ tier: 'Gold' }, 3)",
      n: plan.fast,
      run: async () => {
        const page = await service.list({ tier: 'Gold' }, 3);
        return `page ${page.page}/${page.pages}, ${page.partners.length} of ${page.total}`;
      },
    },
    {
      call: 'list({ ownerUserId }, 1)',
      n: plan.fast,
      run: async () => {
        const page = await service.list({ ownerUserId: owner }, 1);
        return `${page.partners.length} of ${page.total} (busiest owner)`;
      },
    },
    {
      call: 'record(random partner)',
      n: plan.fast,
      run: async (i) => {
        const r = await service.record(at(partners, i));
        return `${r.noteCount} notes, ${r.openMilestones.length} open milestones (last)`;
      },
    },
    {
      call: 'record(heaviest partner)',
      n: plan.fast,
      run: async () => {
        const r = await service.record(heaviest);
        return `${r.noteCount} notes, ${r.openMilestones.length} open milestones`;
      },
    },
    {
      call: 'resolve(exact name)',
      n: plan.fast,
      run: async (i) => (await service.resolve([{ name: at(partners, i).name, action: show }])).partner.name,
    },
    {
      call: 'resolve(unknown name) → did you mean',
      n: plan.fuzzy,
      run: async (i) => {
        const name = at(unknown, i);
        try {
          await service.resolve([{ name, action: show }]);
          return 'resolved (unexpected)';
        } catch (error) {
          if (!(error instanceof UnknownPartner)) throw error;
          return `“${name}” → ${error.suggestions.length} suggestions: ${error.suggestions
            .slice(0, 1)
            .map((s) => `“${s}”`)
            .join('')}…`;
        }
      },
    },
    // `/partner note Emebr Venures Pty call went well` (no quotes) parses into one reading per possible name
    // length that leaves some note text (here 5). When none is a partner, resolve() scores every reading.
    {
      call: 'resolve(unknown, unquoted note line)',
      n: plan.fuzzyMulti,
      run: async (i) => {
        const splits = at(noteLines, i);
        try {
          await service.resolve(splits);
          return 'resolved (unexpected)';
        } catch (error) {
          if (!(error instanceof UnknownPartner)) throw error;
          return `${splits.length} readings → ${error.suggestions.length} suggestions`;
        }
      },
    },
  ];
  const results: QueryResult[] = [];
  for (const c of cases) results.push(await time(c));
  return results;
}
