/** The database cannot answer right now (unreachable, restarting): the request can simply be made again. */
export { isDatabaseUnavailable } from '../store/errors';

/**
 * Outcomes a user can fix. Each carries a stable `code` (logs, tests) and a `fix` telling the user
 * what to do next; the Slack edge turns them into ephemeral replies. Anything else is our fault.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly fix: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends DomainError {
  readonly code = 'usage';
  /** `subcommand` names the command whose usage line the reply shows. */
  constructor(
    message: string,
    fix: string,
    readonly subcommand?: string,
  ) {
    super(message, fix);
  }
}

export class UnknownSubcommand extends DomainError {
  readonly code = 'unknown_subcommand';
  constructor(
    readonly word: string,
    readonly suggestions: string[],
  ) {
    super(
      `\`${word}\` is not a /partner command.`,
      suggestions.length
        ? `Did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?`
        : 'Here is everything /partner can do:',
    );
  }
}

export class UnknownPartner extends DomainError {
  readonly code = 'unknown_partner';
  constructor(
    readonly partnerName: string,
    readonly suggestions: string[],
  ) {
    super(
      `No partner called “${partnerName}”.`,
      suggestions.length
        ? `Did you mean ${suggestions.map((s) => `“${s}”`).join(', ')}?`
        : 'See `/partner list`, or add it with `/partner add "Name"`.',
    );
  }
}

/** Several partners fit a name that is none of theirs exactly: nothing is done, they are all named. */
export class AmbiguousPartner extends DomainError {
  readonly code = 'ambiguous_partner';
  constructor(
    readonly partnerName: string,
    /** The names that fit (at most a handful); `more`: others fit too. */
    readonly matches: string[],
    readonly more: boolean,
  ) {
    super(
      more
        ? `“${partnerName}” fits more than ${matches.length} partners: ${matches.map((m) => `“${m}”`).join(', ')} and others.`
        : `“${partnerName}” fits ${matches.length} partners: ${listNames(matches)}.`,
      `Type more of the name, or the whole name in quotes, e.g. \`"${matches[0] ?? partnerName}"\`.`,
    );
  }
}

/**
 * The partner is clear but not where its name ends: "note Acme c-level dinner" could be about
 * “Acme” with a note starting “c-level”, or “Acme c…” with a note starting “level”.
 */
export class AmbiguousName extends DomainError {
  readonly code = 'ambiguous_name';
  constructor(
    readonly readings: string[],
    partnerName: string,
  ) {
    super(
      `I cannot tell where the partner’s name ends: ${listNames(readings, 'or')}.`,
      `Put the name in quotes and the rest after it, e.g. \`"${partnerName}"\`.`,
    );
  }
}

function listNames(names: readonly string[], last = 'and'): string {
  const quoted = names.map((n) => `“${n}”`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} ${last} ${quoted.at(-1)}` : (quoted[0] ?? '');
}

export class DuplicatePartner extends DomainError {
  readonly code = 'duplicate_partner';
  constructor(
    readonly partnerName: string,
    existing: string,
    archived: boolean,
  ) {
    super(
      `There is already a partner called “${existing}”${archived ? ' (archived)' : ''}.`,
      archived
        ? 'Pick another name: archived partners keep theirs.'
        : `See it with \`/partner show "${existing}"\`, or pick another name.`,
    );
  }
}

export class InvalidValue extends DomainError {
  readonly code = 'invalid_value';
  constructor(
    message: string,
    fix: string,
    readonly field: string,
  ) {
    super(message, fix);
  }
}

export class UnknownMilestone extends DomainError {
  readonly code = 'unknown_milestone';
  constructor(partnerName: string, title: string, openTitles: string[]) {
    super(
      `“${partnerName}” has no open milestone called “${title}”.`,
      openTitles.length
        ? `Open milestones: ${openTitles.map((t) => `“${t}”`).join(', ')}.`
        : 'It has no open milestones.',
    );
  }
}

export class NotAllowed extends DomainError {
  readonly code = 'not_allowed';
  constructor(partnerName: string) {
    super(
      `Only the owner of “${partnerName}” and PartnerOS admins can change it.`,
      'Ask the owner or an admin (see `/partner show`), or ask an admin to add you under Admins in `/partner settings`.',
    );
  }
}

export class PartnerArchived extends DomainError {
  readonly code = 'partner_archived';
  constructor(partnerName: string) {
    super(`“${partnerName}” is archived.`, 'Archived partners are kept for the record but cannot be changed.');
  }
}

export class UnknownPlaybook extends DomainError {
  readonly code = 'unknown_playbook';
  constructor(
    readonly playbookId: string,
    readonly suggestions: string[],
  ) {
    super(
      `No playbook called \`${playbookId}\`.`,
      suggestions.length
        ? `Did you mean ${suggestions.map((s) => `\`${s}\``).join(' or ')}?`
        : 'See `/partner playbooks`.',
    );
  }
}
