/**
 * `npm run bench` (templates part): how fast the library loads and renders, in one process, no network.
 *
 *   1. Start-up: reading, parsing and validating every template (what `npm start` spends on the library).
 *   2. Rendering every template for a fully described partner to Block Kit (converter + split) and to a file
 *      (the Markdown bytes plus its `documents` row in a real SQLite file), templates per second.
 *   3. Why Block Kit sections rather than Slack's `markdown` block: how many rendered templates exceed its
 *      12,000-character budget, and how many tables and task lists it would drop.
 */
import { Lexer, type Token } from 'marked';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../src/domain/templates/load';
import { renderTemplate } from '../src/domain/templates/render';
import { documentFileName } from '../src/domain/templates/service';
import { analyseBody } from '../src/domain/templates/variables';
import { chunkBlocks, markdownToBlocks } from '../src/slack/blocks/markdown';
import { openStore } from '../tests/support/open-store';
import { demoInput } from '../tests/support/demo-render';
import { ms, summarize, table } from './stats';
import { benchTempDir } from './tempdir';

const PASSES = { load: 20, render: 20 };
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

function countTokens(tokens: readonly Token[], type: string, pred: (t: Token) => boolean = () => true): number {
  let n = 0;
  for (const t of tokens) {
    if (t.type === type && pred(t)) n += 1;
    const nested = t as Token & { tokens?: Token[]; items?: Token[] };
    if (nested.tokens) n += countTokens(nested.tokens, type, pred);
    if (nested.items) n += countTokens(nested.items, type, pred);
  }
  return n;
}

export async function benchTemplates(): Promise<Record<string, unknown>> {
  const loads: number[] = [];
  let loaded = loadTemplates([BUILTIN_TEMPLATES_DIR]);
  for (let i = 0; i < PASSES.load; i++) {
    const [result, took] = time(() => loadTemplates([BUILTIN_TEMPLATES_DIR]));
    loaded = result;
    loads.push(took);
  }
  const { templates } = loaded;
  const inputs = new Map(
    templates.map((t) => [
      t.id,
      demoInput([...analyseBody(t.body).used].filter((n) => n.startsWith('answers.')).map((n) => n.slice(8))),
    ]),
  );
  const [, firstRender] = time(() => {
    for (const t of templates) renderTemplate(t, inputs.get(t.id) ?? demoInput([]));
  });

  const toBlocks: number[] = [];
  let messages = 0;
  for (let p = 0; p < PASSES.render; p++) {
    const [, took] = time(() => {
      for (const t of templates)
        messages += chunkBlocks(markdownToBlocks(renderTemplate(t, inputs.get(t.id) ?? demoInput([])).markdown)).length;
    });
    toBlocks.push(took);
  }

  const dir = await benchTempDir();
  const store = await openStore(`${dir.path}/bench.db`, { now: () => new Date().toISOString() });
  const partnerId = await store.partners.insert({
    name: 'Globex Systems',
    type: null,
    tier: 'Gold',
    stage: 'active',
    owner_user_id: null,
    channel_id: null,
    vertical: null,
    created_by: 'U1',
    at: '2026-01-01T00:00:00.000Z',
  });
  const toFiles: number[] = [];
  let bytes = 0;
  for (let p = 0; p < PASSES.render; p++) {
    const [, took] = await timeAsync(async () => {
      for (const t of templates) {
        const rendered = renderTemplate(t, inputs.get(t.id) ?? demoInput([]));
        const row = await store.documents.add({
          partner_id: partnerId,
          run_id: null,
          template_id: t.id,
          template_version: t.version,
          title: `${t.title} — Globex Systems`,
          rendered_text: rendered.markdown,
          missing: [],
          created_by: 'U1',
          created_at: new Date().toISOString(),
        });
        bytes += Buffer.byteLength(rendered.markdown) + documentFileName(row.title).length;
      }
    });
    toFiles.push(took);
  }
  await store.close();
  await dir.remove();

  const sizes = templates.map((t) => renderTemplate(t, inputs.get(t.id) ?? demoInput([])).markdown);
  const over = sizes.filter((md) => md.length > 12_000).length;
  const tokens = sizes.map((md) => new Lexer({ gfm: true }).lex(md));
  const tables = tokens.reduce((n, ts) => n + countTokens(ts, 'table'), 0);
  const tasks = tokens.reduce(
    (n, ts) => n + countTokens(ts, 'list_item', (t) => Boolean((t as Token & { task?: boolean }).task)),
    0,
  );
  const withTable = tokens.filter((ts) => countTokens(ts, 'table') > 0).length;

  const load = summarize(loads);
  const blocks = summarize(toBlocks);
  const files = summarize(toFiles);
  const perSecond = (s: { p50: number }) => Math.round((templates.length / s.p50) * 1000);
  log(`\nTemplates: ${templates.length} loaded; ${PASSES.load} loads, ${PASSES.render} render passes each`);
  log(
    table(
      ['measure', 'p50', 'p99', 'templates/s (p50)'],
      [
        ['load + validate library', ms(load.p50), ms(load.p99), '—'],
        ['first render of all (compiles)', ms(firstRender), '—', '—'],
        ['render → Block Kit (all)', ms(blocks.p50), ms(blocks.p99), String(perSecond(blocks))],
        ['render → file + documents row (all)', ms(files.p50), ms(files.p99), String(perSecond(files))],
      ],
    ),
  );
  log(
    `markdown block instead: ${over}/${templates.length} filled templates exceed its 12,000 characters; it would drop ${tables} tables (in ${withTable} templates) and ${tasks} task-list items`,
  );
  log(
    `Block Kit messages per full render: ${(messages / PASSES.render).toFixed(0)} for ${templates.length} templates; ${(bytes / PASSES.render / 1024).toFixed(0)} KiB of files per pass`,
  );
  return {
    templates: templates.length,
    loadMs: load,
    firstRenderMs: firstRender,
    blockKitMs: blocks,
    fileMs: files,
    blockKitPerSecond: perSecond(blocks),
    filesPerSecond: perSecond(files),
    markdownBlock: { over12k: over, tables, templatesWithTables: withTable, taskItems: tasks },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTemplates();
