import { systemClock } from '../domain/clock';
import { seedDemo } from '../domain/demo/seed';
import { DEMO_COMPANY } from '../domain/demo/program';
import { type CliIo, CliUsageError } from './io';
import { lines, plural, runHint } from './text/format';
import { openWorkspace } from './open-workspace';

/**
 * `partneros demo`: a sample partner program to try PartnerOS on, seeded through the same services a
 * person's commands use. `--reset` deletes the demo's partners outright, with every row of theirs,
 * and nothing anyone else added.
 */

export interface DemoOptions {
  readonly reset?: boolean;
  readonly as?: string;
  readonly team?: string;
}

const MEMBER_ID = /^[UW][A-Z0-9]{2,}$/;
/** Slack's own bot: a real member id every workspace has, for notes no person wrote. */
const SLACKBOT = 'USLACKBOT';

export async function demo(options: DemoOptions, io: CliIo): Promise<void> {
  const as = options.as?.replace(/^@/, '');
  if (as !== undefined && !MEMBER_ID.test(as))
    throw new CliUsageError(`--as ${options.as} is not a Slack member id. Use yours, e.g. --as U0123ABCD.`);
  const clock = systemClock;
  const ws = await openWorkspace(io, { team: options.team, clock, adopt: true, create: true });
  try {
    const store = ws.database.workspace(ws.workspaceId);
    if (options.reset) {
      const deleted = await store.demo.erase();
      const partners = deleted.partners ?? 0;
      if (partners === 0) {
        io.out(lines('No demo partners here: nothing to remove.'));
        return;
      }
      const rows = Object.entries(deleted)
        .filter(([table]) => table !== 'partners')
        .map(([table, n]) => `${table} ${n}`);
      io.out(
        lines(
          `Removed the demo: ${plural(partners, 'partner')}, deleted with every row of theirs (${rows.join(', ')}).`,
          'Partners and everything else people added are untouched.',
        ),
      );
      return;
    }
    const { library, playbooks, fields } = await ws.libraries();
    const { company } = await ws.services();
    const report = await seedDemo(
      { store, company, library, playbooks, fields, now: clock.now() },
      { owner: as ?? null, author: as ?? company.admins[0] ?? SLACKBOT },
    );
    io.out(
      lines(
        report.added.length
          ? `Seeded ${DEMO_COMPANY.name}’s partner program in ${ws.described}: ${plural(report.added.length, 'partner')} with their health history, notes and milestones.`
          : `The demo is already here (${plural(report.present.length, 'partner')}): nothing added.`,
        report.added.length > 0 &&
          report.present.length > 0 &&
          `Already here, left as they were: ${report.present.join(', ')}.`,
        report.taken.length > 0 &&
          `Not seeded, the name is a partner someone added: ${report.taken.join(', ')} (left untouched).`,
        report.run !== null &&
          `Playbook run in progress: ${report.run} (it gets its thread when started again from Slack).`,
        report.documents.length > 0 && `Documents: ${report.documents.join('; ')}.`,
        report.skipped.map((s) => `Skipped ${s}.`),
        '',
        'Try it:',
        `  ${runHint('list')}`,
        `  ${runHint('show "Ferrovia Software"')}`,
        '  npm start   (then /partner list in Slack)',
        'Remove it with: npx partneros demo --reset',
      ),
    );
  } finally {
    await ws.close();
  }
}
