import { DomainError } from '../errors';

/** A playbook that makes no sense for this partner now: recruit for a partner already recruited, anything after exit. */
export class PlaybookNotApplicable extends DomainError {
  readonly code = 'playbook_not_applicable';
}

/** A run that is gone or finished, reached through an old button or a stale link. */
export class RunClosed extends DomainError {
  readonly code = 'run_closed';
}
