import { createHash } from 'node:crypto';
import { currentValue, type FieldName, type PartnerFields, type PartnerWrite } from '../partners/bulk';
import type { Partner } from '../partners/model';
import type { CheckedRow, ImportProblem } from './check';
import { COLUMN_FIELDS } from './columns';

/** What one row would do: add a partner, change some of its fields, or nothing. */
export interface FieldChange {
  field: FieldName;
  before: string | number | null;
  after: string | number;
}

export interface PlannedRow {
  line: number;
  name: string;
  action: 'add' | 'update' | 'unchanged';
  changes: FieldChange[];
  /** For an update: the partner as it is, under the name it has. */
  partner?: Partner;
}

/** An owner e-mail looked up in Slack. */
export type OwnerLookup =
  | { kind: 'found'; userId: string }
  | { kind: 'unknown' }
  /** No token to ask Slack with, or Slack could not answer. */
  | { kind: 'unavailable'; reason: string };

export interface ImportPlan {
  rows: PlannedRow[];
  /** Every problem, by line; a row with any is skipped whole. */
  problems: ImportProblem[];
  /** Lines skipped for their problems. */
  skipped: number[];
  /** Columns not known, reported and ignored. */
  ignored: string[];
  counts: { add: number; update: number; unchanged: number; skipped: number };
  /** Names the plan exactly (rows, changes, values before): a click applies only the plan it was shown. */
  fingerprint: string;
}

const ownerProblem = (row: CheckedRow, email: string, found: OwnerLookup | undefined): ImportProblem | undefined => {
  if (found?.kind === 'found') return undefined;
  const base = { line: row.line, field: 'owner', value: email };
  if (found?.kind === 'unknown')
    return {
      ...base,
      problem: 'is not the e-mail of any Slack member here',
      allowed: 'the e-mail of a member of this workspace, or their member id (U…)',
    };
  return {
    ...base,
    problem: `is an e-mail that could not be looked up (${found?.reason ?? 'not looked up'})`,
    allowed: 'the member id (U…) instead: profile → ⋮ → Copy member ID',
  };
};

/**
 * Compares checked rows with the partners on file (by name key) and says what each would do.
 * Pure: the same rows, owners and partners give the same plan and fingerprint.
 */
export function planImport(
  checked: readonly CheckedRow[],
  ignored: readonly string[],
  existing: ReadonlyMap<string, Partner>,
  owners: ReadonlyMap<string, OwnerLookup>,
): ImportPlan {
  const rows: PlannedRow[] = [];
  const problems: ImportProblem[] = [];
  const skipped: number[] = [];
  for (const row of checked) {
    const own = [...row.problems];
    const set: Partial<PartnerFields> = { ...row.set };
    if (row.ownerEmail) {
      const found = owners.get(row.ownerEmail);
      const p = ownerProblem(row, row.ownerEmail, found);
      if (p) own.push(p);
      else if (found?.kind === 'found') set.owner = found.userId;
    }
    const partner = row.key ? existing.get(row.key) : undefined;
    if (partner?.archivedAt)
      own.push({
        line: row.line,
        field: 'name',
        value: row.name,
        problem: `is archived (“${partner.name}” is kept, but no longer changed)`,
        allowed: 'the name of a current partner or a new one: remove this row, or rename it',
      });
    if (own.length > 0) {
      problems.push(...own);
      skipped.push(row.line);
      continue;
    }
    const fields = COLUMN_FIELDS.filter((f) => set[f] !== undefined);
    if (!partner) {
      rows.push({
        line: row.line,
        name: row.name,
        action: 'add',
        changes: fields.map((f) => ({ field: f, before: null, after: set[f] as string | number })),
      });
      continue;
    }
    const changes = fields
      .map((f) => ({ field: f, before: currentValue(partner, f), after: set[f] as string | number }))
      .filter((c) => c.before !== c.after);
    rows.push({
      line: row.line,
      name: partner.name,
      action: changes.length ? 'update' : 'unchanged',
      changes,
      partner,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  const count = (a: PlannedRow['action']) => rows.filter((r) => r.action === a).length;
  const counts = { add: count('add'), update: count('update'), unchanged: count('unchanged'), skipped: skipped.length };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([rows.map((r) => [r.line, r.name, r.action, r.changes]), skipped]))
    .digest('hex')
    .slice(0, 16);
  return { rows, problems, skipped, ignored: [...ignored], counts, fingerprint };
}

/** The partner writes a plan makes: its adds and its updates, nothing for unchanged rows. */
export function planWrites(plan: ImportPlan): PartnerWrite[] {
  const writes: PartnerWrite[] = [];
  for (const row of plan.rows) {
    if (row.action === 'unchanged') continue;
    const set = Object.fromEntries(row.changes.map((c) => [c.field, c.after])) as Partial<PartnerFields>;
    if (row.action === 'add') writes.push({ kind: 'add', name: row.name, set });
    else if (row.partner) writes.push({ kind: 'update', partner: row.partner, set });
  }
  return writes;
}

/** One problem as a line of text: where, what, and what is allowed. */
export function describeProblem(p: ImportProblem): string {
  const what = p.field === 'row' ? 'the row' : `${p.field}${p.value ? ` “${p.value}”` : ''}`;
  return `line ${p.line}: ${what} ${p.problem}. Allowed: ${p.allowed}.`;
}

/** What a row sets: `tier: Gold, stage: active` for a new partner, `tier: Silver → Gold; …` for a change. */
export function describeRowChanges(row: PlannedRow): string {
  if (row.action === 'add') return row.changes.map((c) => `${c.field}: ${String(c.after)}`).join(', ');
  return row.changes.map(describeChange).join('; ');
}

/** One change as `field: old → new`. */
export function describeChange(c: FieldChange): string {
  return `${c.field}: ${c.before === null ? '(none)' : String(c.before)} → ${String(c.after)}`;
}
