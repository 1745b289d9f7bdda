import type { HomeView } from '@slack/types';
import { findSubcommand } from '../../domain/commands/catalogue';
import { type DomainError, UnknownSubcommand } from '../../domain/errors';
import { renderHelp } from './help';
import { context, esc, header, message, section, type Message } from './text';

/** A problem the user can fix: what happened, then what to do. */
export function renderUserError(error: DomainError, subcommand?: string): Message {
  if (error instanceof UnknownSubcommand) {
    return renderHelp(`:warning: ${esc(error.message)} ${esc(error.fix)}`);
  }
  const named = 'subcommand' in error && typeof error.subcommand === 'string' ? error.subcommand : subcommand;
  const spec = named ? findSubcommand(named) : undefined;
  return message(esc(`${error.message} ${error.fix}`), [
    section(`:warning: ${esc(error.message)}\n${esc(error.fix)}`),
    context(spec ? `Full usage: \`/partner help ${spec.name}\`` : 'All commands: `/partner help`'),
  ]);
}

/** Our fault: no internals in Slack, a reference to find the log line. Whether anything changed is not known here. */
export function renderInternalError(ref: string): Message {
  return message(`Something went wrong on our side (ref ${ref}). Please try again.`, [
    section(
      `:x: Something went wrong on our side (ref \`${ref}\`). Please try again, and tell your PartnerOS admin the ref if it keeps happening.`,
    ),
  ]);
}

/**
 * A request from a workspace whose installation is gone (uninstalled, or erased with the
 * command-line tool while the app stayed in Slack): trying again cannot help, installing can.
 */
export function renderNotInstalled(): Message {
  const line = 'PartnerOS is not installed in this workspace any more, so it cannot answer here.';
  return message(line, [
    section(
      `:warning: ${line} Ask a Slack admin to add it again (its “Add to Slack” link); the workspace’s partners, notes and runs are kept unless they were deleted.`,
    ),
  ]);
}

/** The same in one line of plain text: under a form field, or in a run's thread. */
export const internalErrorLine = (ref: string): string =>
  `Something went wrong on our side (ref ${ref}). Please try again.`;

/** The database is unreachable for now: nothing for the person to fix, only to try again. */
export function renderDatabaseUnavailable(ref: string): Message {
  return message(databaseUnavailableLine(ref), [
    section(
      `:hourglass: The database is unavailable right now, so nothing could be read or saved. Try again in a moment (ref \`${ref}\`).`,
    ),
  ]);
}

export const databaseUnavailableLine = (ref: string): string =>
  `The database is unavailable right now; try again in a moment (ref ${ref}).`;

/** What went wrong, in place of the Home tab, so opening it never shows a stale or empty tab. */
export function renderHomeFailure(failure: Message): HomeView {
  return {
    type: 'home',
    blocks: [
      header('PartnerOS'),
      section('Your Home tab could not be loaded.'),
      ...failure.blocks,
      context('Open the Home tab again to retry. `/partner help` lists every command.'),
    ],
  };
}
