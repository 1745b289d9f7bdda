import type { KnownBlock, ModalView } from '@slack/types';
import { PARTNER_COLUMNS } from '../../domain/imports/columns';
import { describeProblem, describeRowChanges, type ImportPlan, type PlannedRow } from '../../domain/imports/plan';
import { IDS } from '../ids';
import { fitView } from './fit';
import { context, esc, linesToSections, linesWithin, message, section, strong, user, type Message } from './text';

/** Rows and problems a summary shows; the counts say how many more there are (the CLI lists them all). */
const ROWS_SHOWN = 20;
const PROBLEMS_SHOWN = 15;
/** Characters each list may take, so the whole message stays far below Slack's total. */
const LIST_BUDGET = 2_800;

/** What the Import button carries: the file and the plan it applies (nothing else is trusted from it). */
export interface ImportTarget {
  fileId: string;
  fingerprint: string;
}

export const encodeImportTarget = (t: ImportTarget): string => JSON.stringify({ f: t.fileId, h: t.fingerprint });

export function decodeImportTarget(value: string | undefined): ImportTarget | undefined {
  try {
    const v: unknown = JSON.parse(value ?? '');
    if (typeof v !== 'object' || v === null || !('f' in v) || !('h' in v)) return undefined;
    return typeof v.f === 'string' && typeof v.h === 'string' ? { fileId: v.f, fingerprint: v.h } : undefined;
  } catch {
    return undefined;
  }
}

const rowLine = (r: PlannedRow, applied: boolean): string => {
  const verb = r.action === 'add' ? (applied ? 'added' : 'add') : applied ? 'changed' : 'change';
  return `• line ${r.line} ${strong(r.name, 100)} — ${verb}: ${esc(describeRowChanges(r))}`;
};

function listed(title: string, lines: readonly string[], shown: number, more: (n: number) => string): KnownBlock[] {
  if (lines.length === 0) return [];
  const { shown: fit, hidden } = linesWithin(lines.slice(0, shown), LIST_BUDGET);
  const rest = hidden + Math.max(0, lines.length - shown);
  return [...linesToSections([title, ...fit]), ...(rest > 0 ? [context(more(rest))] : [])];
}

function counts(plan: ImportPlan, applied: boolean): string {
  const c = plan.counts;
  const total = plan.rows.length + c.skipped;
  const parts = applied
    ? [`*${c.add} added*`, `*${c.update} changed*`, `${c.unchanged} unchanged`]
    : [`*${c.add} to add*`, `*${c.update} to change*`, `${c.unchanged} unchanged`];
  return `${total} row${total === 1 ? '' : 's'}: ${parts.join(', ')}${c.skipped ? `, *${c.skipped} skipped* (problems below)` : ''}.`;
}

function body(plan: ImportPlan, applied: boolean): KnownBlock[] {
  const changed = plan.rows.filter((r) => r.action !== 'unchanged').map((r) => rowLine(r, applied));
  const problems = plan.problems.map((p) => `• ${esc(describeProblem(p))}`);
  return [
    ...listed(
      applied ? '*Changes*' : '*What it would do*',
      changed,
      ROWS_SHOWN,
      (n) => `…and ${n} more rows with changes.`,
    ),
    ...listed(
      `*Problems* (${plan.problems.length} in ${plan.counts.skipped} row${plan.counts.skipped === 1 ? '' : 's'}, skipped whole)`,
      problems,
      PROBLEMS_SHOWN,
      (n) => `…and ${n} more problems. \`npx partneros import <file>\` lists them all.`,
    ),
    ...(plan.ignored.length
      ? [context(`Ignored columns (not PartnerOS fields): ${esc(plan.ignored.join(', '))}`)]
      : []),
  ];
}

/** The dry run of a file, with the Import button when there is something to write. */
export function renderImportPreview(plan: ImportPlan, fileName: string, fileId: string, outdated = false): Message {
  const writes = plan.counts.add + plan.counts.update;
  const intro = outdated
    ? ':warning: The partners changed since you checked this file, so nothing was imported. This is what it would do now:'
    : `Checked ${strong(fileName, 150)} — nothing is saved until you click Import.`;
  const blocks: KnownBlock[] = [section(`${intro}\n${counts(plan, false)}`), ...body(plan, false)];
  if (writes > 0)
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: IDS.importApply,
          style: 'primary',
          text: { type: 'plain_text', text: `Import ${writes} partner${writes === 1 ? '' : 's'}` },
          value: encodeImportTarget({ fileId, fingerprint: plan.fingerprint }),
        },
      ],
    });
  else blocks.push(context('Nothing to import: every valid row matches the partners on file.'));
  return message(`Import of ${esc(fileName)}: ${counts(plan, false).replace(/\*/g, '')}`, blocks);
}

/** The same message once applied (the button gone, so a later click has nothing to press). */
export function renderImportApplied(plan: ImportPlan, fileName: string, by: string): Message {
  const line = `✅ Imported ${strong(fileName, 150)} (by ${user(by)}). ${counts(plan, true)}`;
  return message(line.replace(/\*/g, ''), [section(line), ...body(plan, true)]);
}

export function renderImportAlreadyApplied(): Message {
  const text = 'This import was applied already: nothing more to do.';
  return message(text, [section(text)]);
}

export function renderNoticesNotPosted(failed: readonly { channel: string; error: string }[]): Message {
  const text = `The import is saved, but ${failed.length} change notice${failed.length === 1 ? '' : 's'} could not be posted in partner channels.`;
  const lines = failed.slice(0, 10).map((f) => `• <#${f.channel}>: \`${esc(f.error)}\``);
  return message(text, [
    section(`:warning: ${text}\n${lines.join('\n')}`),
    context('Invite me to those channels with `/invite @PartnerOS`; later changes will be posted there.'),
  ]);
}

/** App Home's Import partners form: one CSV file. */
export function renderImportModal(): ModalView {
  return fitView({
    type: 'modal',
    callback_id: IDS.importView,
    title: { type: 'plain_text', text: 'Import partners' },
    submit: { type: 'plain_text', text: 'Check file' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `A CSV file with a header row. Columns (any order, any case): ${PARTNER_COLUMNS.map((c) => `\`${c}\``).join(', ')}; only \`name\` is required. An existing partner with the same name is updated; an empty cell leaves a value as it is.`,
      ),
      {
        type: 'input',
        block_id: IDS.importBlock,
        label: { type: 'plain_text', text: 'CSV file' },
        element: { type: 'file_input', action_id: IDS.input, filetypes: ['csv'], max_files: 1 },
      },
      context(
        'I check the file first and send you what it would change, with an Import button. Nothing is saved before you click it.',
      ),
    ],
  });
}
