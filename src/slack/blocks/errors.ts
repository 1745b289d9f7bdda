import { findSubcommand } from '../../domain/commands/catalogue';
import { type DomainError, UnknownSubcommand } from '../../domain/errors';
import { renderHelp } from './help';
import { context, esc, message, section, type Message } from './text';

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

/** Our fault: no internals in Slack, a reference to find the log line. */
export function renderInternalError(ref: string): Message {
  return message(`Something went wrong on our side (ref ${ref}). Nothing was changed; please try again.`, [
    section(
      `:x: Something went wrong on our side (ref \`${ref}\`). Nothing was changed; please try again, and tell your PartnerOS admin the ref if it keeps happening.`,
    ),
  ]);
}
