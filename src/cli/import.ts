import { existsSync, readFileSync, statSync } from 'node:fs';
import { memberId } from '../domain/imports/check';
import { ImportFileError } from '../domain/imports/errors';
import { describeProblem, describeRowChanges, type ImportPlan, type PlannedRow } from '../domain/imports/plan';
import { importService } from '../domain/imports/service';
import type { Change } from '../domain/partners/service';
import { systemClock } from '../domain/clock';
import { CliError, type CliIo } from './io';
import { openWorkspace } from './open-workspace';
import { cliSlack } from './slack-client';

/**
 * `partneros import <file.csv>`: a dry run by default (what each row would add or change, and each
 * problem by line), `--apply` to write every valid row in one transaction.
 */

export interface ImportOptions {
  readonly apply?: boolean;
  readonly team?: string;
  /** The Slack member the changes are recorded as (audit log, notices); default: the command line. */
  readonly as?: string;
}

export const CLI_ACTOR = 'cli';

function readFile(path: string): Buffer {
  if (!existsSync(path)) throw new CliError(`There is no file at ${path}. Check the path and the file name.`);
  if (statSync(path).isDirectory()) throw new CliError(`${path} is a folder: give the CSV file itself.`);
  return readFileSync(path);
}

function rowLine(row: PlannedRow, applied: boolean): string {
  const verb =
    row.action === 'add'
      ? applied
        ? 'added'
        : 'add'
      : row.action === 'update'
        ? applied
          ? 'changed'
          : 'change'
        : 'unchanged';
  const what = describeRowChanges(row);
  return `line ${row.line}  ${verb.padEnd(9)}  ${row.name}${what ? `  ${what}` : ''}`;
}

function report(plan: ImportPlan, file: string, applied: boolean, io: CliIo): void {
  const c = plan.counts;
  const total = plan.rows.length + c.skipped;
  io.out(
    applied
      ? `Imported ${file}: ${total} rows — ${c.add} added, ${c.update} changed, ${c.unchanged} unchanged, ${c.skipped} skipped.\n`
      : `Dry run of ${file} (nothing written): ${total} rows — ${c.add} to add, ${c.update} to change, ${c.unchanged} unchanged, ${c.skipped} skipped.\n`,
  );
  if (plan.ignored.length) io.out(`Ignored columns (not PartnerOS fields): ${plan.ignored.join(', ')}.\n`);
  if (plan.rows.length) io.out(`\n${plan.rows.map((r) => rowLine(r, applied)).join('\n')}\n`);
  if (plan.problems.length) {
    io.out(`\nProblems (${c.skipped} row${c.skipped === 1 ? '' : 's'} skipped whole):\n`);
    io.out(`${plan.problems.map((p) => `  ${describeProblem(p)}`).join('\n')}\n`);
  }
}

export async function importCommand(file: string, options: ImportOptions, io: CliIo): Promise<void> {
  const actor = options.as === undefined ? CLI_ACTOR : memberId(options.as.trim());
  if (!actor)
    throw new CliError(`--as ${options.as}: give a Slack member id such as U012AB3CD (profile → ⋮ → Copy member ID).`);
  const bytes = readFile(file);
  // A first import may come before the first start: the database is created as the app would.
  const ws = await openWorkspace(io, { team: options.team, clock: systemClock, adopt: false, create: true });
  try {
    const services = await ws.services();
    const company = services.company;
    const slack = 'token' in ws.slack ? cliSlack(ws.slack.token, ws.config.slack.apiUrl) : undefined;
    const service = importService({
      partners: services.partners,
      tiers: company.tiers,
      ...(slack ? { lookupEmail: slack.lookupEmail } : {}),
    });
    let plan: ImportPlan;
    let changes: Change[][] = [];
    try {
      if (options.apply) {
        const outcome = await service.apply(bytes, { actor });
        if (outcome.kind !== 'applied') throw new Error(`an import without a check came back ${outcome.kind}`);
        plan = outcome.plan;
        changes = outcome.changes;
      } else plan = await service.preview(bytes);
    } catch (error) {
      if (error instanceof ImportFileError) throw new CliError(`${file}: ${error.message} ${error.fix}`);
      throw error;
    }
    report(plan, file, options.apply === true, io);
    const written = changes.filter((g) => g.length > 0);
    if (options.apply && written.length) {
      if ('missing' in ws.slack) io.out(`\nChange notices were not posted in partner channels: ${ws.slack.missing}.\n`);
      else if (slack) {
        const allow = company.privacy.internal_details_in_shared_channels;
        const { posted, failed } = await slack.announce(written, allow);
        io.out(`\nChange notices posted in partner channels: ${posted}.\n`);
        for (const f of failed)
          io.out(`  not posted in ${f.channel}: ${f.error} (invite the app there with /invite @PartnerOS)\n`);
      }
    }
    if (!options.apply && plan.rows.some((r) => r.action !== 'unchanged'))
      io.out('\nNothing was written. Run again with --apply to write these changes.\n');
    if (plan.counts.skipped > 0)
      throw new CliError(
        options.apply
          ? `${plan.counts.skipped} row${plan.counts.skipped === 1 ? ' was' : 's were'} skipped for the problems listed above; the other rows are imported. Fix those rows and import the file again (rows already imported show as unchanged).`
          : `${plan.counts.skipped} row${plan.counts.skipped === 1 ? ' has' : 's have'} problems (listed above) and would be skipped. Fix them, or run with --apply to import the other rows.`,
      );
  } finally {
    await ws.close();
  }
}
