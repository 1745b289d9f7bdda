/**
 * `npx tsx bench/import.ts [--rows n] [--engine sqlite|postgres|both]`: what importing a partner CSV
 * costs (default 10,000 new partners), against the floor of writing the same partners straight
 * through the store.
 *
 * - **importer**: `importService(...).apply` as `partneros import --apply` calls it (read, check,
 *   plan and apply in one transaction through the partner service), in this process. The partner
 *   service's `batch` is wrapped only to note when the transaction starts and when the write begins,
 *   which splits the wall time into parse + check + plan and apply (writes + commit).
 * - **floor**: the same rows (the importer's own plan, computed untimed) inserted with
 *   `store.partners.insertMany` in one `store.transaction`; and again with the audit rows and health
 *   events the importer writes beside them (`audit.writeMany`, `health.addMany`).
 * - **bin**: `src/cli/bin.mjs import <file> --apply` once per engine, as a user runs it: process
 *   start, tsx, opening and migrating the new database, the import and its report of every line.
 *
 * A fresh database for every measurement; 3 runs each, the median reported. Figures go to
 * `bench/results/import.json`.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompanyConfigSchema } from '../src/config/schema';
import { systemClock } from '../src/domain/clock';
import { checkRow, markDuplicates } from '../src/domain/imports/check';
import { readHeader } from '../src/domain/imports/columns';
import { readCsv } from '../src/domain/imports/csv';
import { importService } from '../src/domain/imports/service';
import { planImport, planWrites } from '../src/domain/imports/plan';
import { partnerService } from '../src/domain/partners/service';
import type { AuditEntry } from '../src/store/activity';
import { nameKey } from '../src/store/name-key';
import type { NewPartnerRow } from '../src/store/partner-batch';
import { openBenchStore } from './bulk';
import { benchDatabase, type EngineKind, enginesFromArgs, numberArg, stopPostgres } from './engines';
import { median, writeResults } from './results';
import { partnerNames } from './seed';
import { ms, pick, prng, table } from './stats';
import { benchTempDir } from './tempdir';

const RUNS = 3;
const SEED = 20_261_206;
const ACTOR = 'cli';
const company = CompanyConfigSchema.parse({});
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

const TIERS = ['Gold', 'Silver', 'Silver', 'Silver', 'Bronze', 'Bronze', 'Bronze', 'Bronze', 'bronze', ''];
const TYPES = ['reseller', 'referral', 'SI', 'isv', 'technology', ''];
const STAGES = ['prospect', 'recruiting', 'onboarding', 'Active', 'active', 'growing', 'at_risk', 'exited', ''];
const VERTICALS = ['Fintech', 'Healthcare', 'Retail', 'Public sector', 'Media, entertainment', 'Énergie', '', ''];
const ACCENTED = ['Zürich', 'Škoda', 'Ærø', 'Łódź', 'Café', 'São Paulo', 'Malmö', 'Kraków', 'Señor', 'Þór'];
const LEGAL = [', Inc.', ', LLC', ', Ltd.', ' & Co., KG'];

/** A cell as a spreadsheet writes it: quoted when it holds a comma, a quote or a line break. */
const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * The CSV: mixed tiers (a few lower-case or empty, left to the default), types, stages, 40 owners
 * skewed towards the first, 30 % with a channel, 70 % with a health score; ≈ 10 % of names end in
 * a legal form with a comma (quoted), ≈ 8 % start with a non-ASCII word.
 */
function partnerCsv(rows: number): string {
  const rng = prng(SEED);
  const owners = Array.from({ length: 40 }, (_, i) => `UBENCH${String(i).padStart(3, '0')}`);
  const seen = new Set<string>();
  const lines = ['name,type,tier,stage,owner,channel,vertical,health'];
  for (const base of partnerNames(rows, rng)) {
    let name = base;
    const r = rng();
    if (r < 0.08) name = `${pick(rng, ACCENTED)} ${base}`;
    else if (r < 0.18) name = `${base}${pick(rng, LEGAL)}`;
    // A prefix can make two names one; the plain name is unique.
    if (seen.has(name.toLowerCase())) name = base;
    seen.add(name.toLowerCase());
    const owner = rng() < 0.9 ? (owners[Math.floor(owners.length * rng() ** 2)] ?? '') : '';
    const channel =
      rng() < 0.3
        ? `C${Math.floor(rng() * 1e9)
            .toString(36)
            .toUpperCase()}X`
        : '';
    const health = rng() < 0.7 ? String(Math.floor(rng() * 101)) : '';
    lines.push(
      [name, pick(rng, TYPES), pick(rng, TIERS), pick(rng, STAGES), owner, channel, pick(rng, VERTICALS), health]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function fresh(kind: EngineKind, dir: string, name: string) {
  const database = await benchDatabase(kind, dir, name);
  const opened = await openBenchStore(database.target);
  return {
    ...opened,
    async close() {
      await opened.database.close();
      await database.drop();
    },
  };
}

interface ImportRun {
  totalMs: number;
  prepareMs: number;
  planMs: number;
  applyMs: number;
}

async function importOnce(kind: EngineKind, dir: string, name: string, csv: Uint8Array, rows: number) {
  const db = await fresh(kind, dir, name);
  try {
    const partners = partnerService({ store: db.store, clock: systemClock, company });
    const marks = { tx: 0, write: 0 };
    const timed: typeof partners = {
      ...partners,
      batch: (fn) =>
        partners.batch((b) => {
          marks.tx = performance.now();
          return fn({
            ...b,
            write: (...args) => {
              marks.write = performance.now();
              return b.write(...args);
            },
          });
        }),
    };
    const t0 = performance.now();
    const outcome = await importService({ partners: timed, tiers: company.tiers }).apply(csv, { actor: ACTOR });
    const end = performance.now();
    if (outcome.kind !== 'applied' || outcome.plan.counts.add !== rows || outcome.plan.counts.skipped !== 0)
      throw new Error(
        `import came back ${outcome.kind} ${JSON.stringify(outcome.kind === 'applied' && outcome.plan.counts)}`,
      );
    return { totalMs: end - t0, prepareMs: marks.tx - t0, planMs: marks.write - marks.tx, applyMs: end - marks.write };
  } finally {
    await db.close();
  }
}

/** The rows and audit/health entries the importer writes for this file, as its write step builds them. */
function floorRows(csv: Uint8Array): NewPartnerRow[] {
  const table = readCsv(csv);
  const header = readHeader(table.header);
  const checked = table.rows.map((r) => checkRow(r, header, company.tiers));
  markDuplicates(checked);
  const plan = planImport(checked, header.ignored, new Map(), new Map());
  const at = new Date().toISOString();
  const lowest = company.tiers.at(-1)?.name ?? 'Bronze';
  return planWrites(plan).flatMap((w): NewPartnerRow[] =>
    w.kind === 'add'
      ? [
          {
            name: w.name,
            type: w.set.type ?? null,
            tier: w.set.tier ?? lowest,
            stage: w.set.stage ?? 'prospect',
            owner_user_id: w.set.owner ?? null,
            channel_id: w.set.channel ?? null,
            vertical: w.set.vertical ?? null,
            health: w.set.health ?? null,
            created_by: ACTOR,
            at,
          },
        ]
      : [],
  );
}

async function floorOnce(kind: EngineKind, dir: string, name: string, rows: NewPartnerRow[], withActivity: boolean) {
  const db = await fresh(kind, dir, name);
  try {
    const t0 = performance.now();
    await db.store.transaction(async (tx) => {
      const ids = await tx.partners.insertMany(rows);
      if (!withActivity) return;
      const audit: AuditEntry[] = [];
      const health: Parameters<typeof tx.health.addMany>[0][number][] = [];
      for (const { at, ...row } of rows) {
        const id = ids.get(nameKey(row.name));
        if (id === undefined) throw new Error(`no id for ${row.name}`);
        audit.push({
          at,
          user_id: ACTOR,
          partner_id: id,
          action: 'partner.added',
          detail: { ...row, source: 'import' },
        });
        if (row.health != null) {
          health.push({ partner_id: id, score: row.health, previous: null, note: 'imported', user_id: ACTOR, at });
          audit.push({
            at,
            user_id: ACTOR,
            partner_id: id,
            action: 'partner.health',
            detail: { health: [null, row.health], note: 'imported', source: 'import' },
          });
        }
      }
      await tx.audit.writeMany(audit);
      await tx.health.addMany(health);
    });
    return performance.now() - t0;
  } finally {
    await db.close();
  }
}

const BIN = fileURLToPath(new URL('../src/cli/bin.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `partneros import <file> --apply` in a new process on a new database: wall ms from spawn to exit. */
async function binOnce(kind: EngineKind, dir: string, file: string, rows: number): Promise<number> {
  const database = await benchDatabase(kind, dir, 'bin');
  try {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!k.startsWith('SLACK_') && !k.startsWith('PARTNEROS_')) env[k] = v;
    env.PARTNEROS_DB = database.target;
    env.PARTNEROS_CONFIG = join(dir, 'missing-partneros.yml');
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, 'import', file, '--apply'], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const wall = performance.now() - t0;
    if (code !== 0 || !out.includes(`${rows} added`))
      throw new Error(`bin exited ${code}: ${err || out.slice(0, 500)}`);
    return wall;
  } finally {
    await database.drop();
  }
}

const rate = (rows: number, msTotal: number): string => Math.round(rows / (msTotal / 1000)).toLocaleString('en-US');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const rows = numberArg(argv, 'rows', 10_000);
  const engines = enginesFromArgs(argv);
  const tmp = await benchTempDir();
  const text = partnerCsv(rows);
  const csv = new TextEncoder().encode(text);
  const file = join(tmp.path, 'partners.csv');
  await writeFile(file, text, 'utf8');
  const load = loadavg().map((x) => x.toFixed(2));
  log(`Partner CSV import: ${rows} rows (${(csv.length / 1024).toFixed(0)} KB), ${RUNS} runs each, median`);
  log(`load average at start: ${load.join(' ')}`);
  const figures: Record<string, unknown> = {};
  const out: string[][] = [];
  try {
    const plain = floorRows(csv);
    for (const kind of engines) {
      const imp: ImportRun[] = [];
      const floor: number[] = [];
      const floorAll: number[] = [];
      // Interleaved, so a burst of load from elsewhere falls on all three.
      for (let r = 0; r < RUNS; r++) {
        imp.push(await importOnce(kind, tmp.path, `imp${r}`, csv, rows));
        floor.push(await floorOnce(kind, tmp.path, `floor${r}`, plain, false));
        floorAll.push(await floorOnce(kind, tmp.path, `floorall${r}`, plain, true));
      }
      const bin = await binOnce(kind, tmp.path, file, rows);
      const m = (f: (x: ImportRun) => number) => median(imp.map(f));
      const prep = m((x) => x.prepareMs + x.planMs);
      const total = m((x) => x.totalMs);
      const f = median(floor);
      const fa = median(floorAll);
      out.push(
        [kind, 'importer (service.apply)', ms(total), ms(prep), ms(m((x) => x.applyMs)), rate(rows, total), '1.00'],
        [kind, 'floor: insertMany', ms(f), '—', ms(f), rate(rows, f), (total / f).toFixed(2)],
        [kind, 'floor: + audit, health', ms(fa), '—', ms(fa), rate(rows, fa), (total / fa).toFixed(2)],
        [kind, 'bin import --apply (1 run)', ms(bin), '—', '—', rate(rows, bin), (total / bin).toFixed(2)],
      );
      figures[kind] = {
        importer: {
          medianMs: total,
          parseCheckPlanMs: prep,
          parseCheckMs: m((x) => x.prepareMs),
          planInTxMs: m((x) => x.planMs),
          applyMs: m((x) => x.applyMs),
          rowsPerS: rows / (total / 1000),
          runs: imp,
        },
        floorInsertMany: { medianMs: f, rowsPerS: rows / (f / 1000), runs: floor },
        floorWithAuditHealth: { medianMs: fa, rowsPerS: rows / (fa / 1000), runs: floorAll },
        binOnceMs: bin,
      };
    }
  } finally {
    await stopPostgres();
    await tmp.remove();
  }
  log();
  log(
    table(['engine', 'what', 'wall ms', 'parse+check+plan', 'apply (write+commit)', 'rows/s', 'importer ÷ this'], out),
  );
  const loadEnd = loadavg().map((x) => x.toFixed(2));
  log(`\nload average at end: ${loadEnd.join(' ')}`);
  log(
    `figures: ${await writeResults('import', { rows, runs: RUNS, loadAverageAtStart: load.map(Number), ...figures })}`,
  );
}

await main();
