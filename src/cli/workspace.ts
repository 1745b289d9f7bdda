import { ConfigError, databaseTarget } from '../config/load';
import { systemClock } from '../domain/clock';
import {
  type Erasure,
  UnknownWorkspace,
  type WorkspaceLifecycle,
  type WorkspaceSummary,
  workspaceLifecycle,
} from '../domain/workspaces/lifecycle';
import { databaseOn } from '../store';
import { openDatabase } from './database';
import { CliError, type CliIo } from './io';
import { clean, workspaceLabel as label, plural } from './text/format';

/**
 * `partneros workspace list|delete`: the workspaces on this database, and erasing one for good.
 * Thin on purpose: the lifecycle holds the rules, this parses, asks and prints.
 */

async function withLifecycle<T>(io: CliIo, fn: (lifecycle: WorkspaceLifecycle) => Promise<T>): Promise<T> {
  let target: string;
  try {
    target = databaseTarget(io.env);
  } catch (error) {
    throw error instanceof ConfigError ? new CliError(error.message) : error;
  }
  const engine = await openDatabase(target, 'PARTNEROS_DB', { create: false });
  try {
    return await fn(workspaceLifecycle({ database: databaseOn(engine), clock: systemClock }));
  } finally {
    await engine.close();
  }
}

export async function workspaceList(options: { json?: boolean }, io: CliIo): Promise<void> {
  await withLifecycle(io, async (lifecycle) => {
    const workspaces = await lifecycle.list();
    const unassigned = await lifecycle.unassignedPartners();
    // Partners from before workspaces existed: a note, not a row (they have no workspace id to act on).
    const note =
      unassigned > 0
        ? `${plural(unassigned, 'partner')} from before workspaces existed belong to no workspace yet: start PartnerOS once with SLACK_BOT_TOKEN set and they become that workspace's.\n`
        : '';
    if (options.json) {
      io.out(`${JSON.stringify(workspaces, null, 2)}\n`);
      if (note) io.err(note);
      return;
    }
    if (workspaces.length === 0) {
      io.out(
        'No workspace is on file yet. One appears when PartnerOS starts with SLACK_BOT_TOKEN, or when a workspace installs it through https://YOUR-HOST/slack/install.\n',
      );
    } else {
      io.out(table(workspaces));
      io.out(
        `\n${plural(workspaces.length, 'workspace')}. Erase one for good with: npx partneros workspace delete <workspace id>\n`,
      );
    }
    if (note) io.out(`\n${note}`);
  });
}

export async function workspaceDelete(workspaceId: string, options: { yes?: boolean }, io: CliIo): Promise<void> {
  await withLifecycle(io, async (lifecycle) => {
    const workspace = await find(lifecycle, workspaceId.trim());
    if (!options.yes) await confirm(workspace, io);
    report(await lifecycle.erase(workspace.id), io);
  });
}

async function find(lifecycle: WorkspaceLifecycle, workspaceId: string): Promise<WorkspaceSummary> {
  try {
    return await lifecycle.summary(workspaceId);
  } catch (error) {
    if (!(error instanceof UnknownWorkspace)) throw error;
    // Someone who typed the workspace's name gets its id back.
    const named = (await lifecycle.list()).filter((w) => sameName(w.name, workspaceId));
    const hint = named.length
      ? ` The workspace named "${clean(workspaceId)}" has the id ${named.map((w) => w.id).join(', ')}: give that.`
      : '';
    throw new CliError(`${error.message}${hint} ${error.fix}`);
  }
}

function describe(w: WorkspaceSummary): string {
  const status = w.installed
    ? `still installed (since ${when(w.installedAt)})`
    : `uninstalled ${when(w.uninstalledAt ?? w.installedAt)}`;
  return `Workspace ${label(w)}: ${plural(w.partners, 'partner')}, ${status}.`;
}

/** The person types the id (or the name) back: the erasure cannot be undone. */
async function confirm(w: WorkspaceSummary, io: CliIo): Promise<void> {
  if (!io.interactive) {
    throw new CliError(
      `Nothing was deleted: erasing ${w.id} asks you to type its id back, and there is no terminal to ask on. To delete without asking (in a script), add --yes: npx partneros workspace delete ${w.id} --yes`,
    );
  }
  io.err(`${describe(w)}\n`);
  io.err(
    `This erases everything PartnerOS keeps for it, for good: partners, notes, milestones, health scores, QBRs, documents, playbook runs, reminders, settings${w.installed ? ', and its installation (tokens)' : ''}.\n`,
  );
  if (w.installed) io.err('PartnerOS then stops answering there; installing it again starts empty.\n');
  const answer = await io.ask(`Type the workspace id (${w.id})${w.name ? ' or its name' : ''} to confirm: `);
  const typed = answer?.trim() ?? '';
  if (typed !== w.id && !sameName(w.name, typed)) {
    throw new CliError(
      answer === undefined
        ? 'Not confirmed: nothing was deleted.'
        : `"${clean(typed)}" is neither ${w.id} nor its name: nothing was deleted. Run the command again and type the id exactly.`,
    );
  }
}

function report({ workspace, rows }: Erasure, io: CliIo): void {
  const counted = Object.entries(rows).filter(([, n]) => n > 0);
  const total = counted.reduce((sum, [, n]) => sum + n, 0);
  io.out(
    `Deleted workspace ${label(workspace)} for good: ${plural(rows.partners, 'partner')} (archived ones included), ${plural(total, 'row')} in all.\n`,
  );
  const width = Math.max(...counted.map(([table]) => table.length));
  for (const [table, n] of counted) io.out(`  ${table.padEnd(width)}  ${String(n).padStart(6)}\n`);
  if (workspace.installed)
    io.out(
      '\nIt was still installed: its tokens were deleted with it, so PartnerOS no longer answers or posts reminders there. ' +
        'Remove the app from that workspace in Slack, or install it again through /slack/install, which starts empty. ' +
        '(With SLACK_BOT_TOKEN set to that workspace’s token, PartnerOS keeps serving it, now empty, and puts it back on this list at its next start.)\n',
    );
}

function table(workspaces: readonly WorkspaceSummary[]): string {
  const rows = [
    ['WORKSPACE', 'NAME', 'STATUS', 'PARTNERS'],
    ...workspaces.map((w) => [
      w.id,
      w.name ? clean(w.name) : '—',
      w.installed ? `installed ${when(w.installedAt)}` : `uninstalled ${when(w.uninstalledAt ?? w.installedAt)}`,
      String(w.partners),
    ]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map(
      (r) => `${[0, 1, 2].map((c) => (r[c] ?? '').padEnd(widths[c] ?? 0)).join('  ')}  ${(r[3] ?? '').padStart(8)}\n`,
    )
    .join('');
}

const sameName = (name: string | null, typed: string): boolean =>
  name !== null && typed !== '' && name.trim().toLowerCase() === typed.trim().toLowerCase();

/** ISO instant → "2026-12-01 09:30 UTC": a terminal shows no time zone, so say which. */
const when = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};
