import type { Change } from './service';

/**
 * Changes that reveal what we think of a partner (health and its reasons, notes, at-risk): they
 * are not announced in a channel shared with people outside the company unless the company allows it.
 */
export function isInternalChange(c: Change): boolean {
  return c.action === 'health' || c.action === 'note' || (c.action === 'stage' && c.after === 'at_risk');
}

/** What may be announced in a channel, given whether it is shared outside the company. */
export function announceable(changes: readonly Change[], sharedOutside: boolean, allowInternal: boolean): Change[] {
  return sharedOutside && !allowInternal ? changes.filter((c) => !isInternalChange(c)) : [...changes];
}
