import type { ViewStateValue } from '@slack/bolt';
import { type DomainError, InvalidValue } from '../../domain/errors';
import { IDS } from '../ids';

export type Values = Record<string, Record<string, ViewStateValue>>;

/** One input's state; every input in our forms uses the action id IDS.input. */
export const read = (values: Values, block: string): ViewStateValue | undefined => values[block]?.[IDS.input];

/** The modal answer for a DomainError: shown under the field it is about (Slack caps it at ~150 chars). */
export function fieldErrors(
  error: DomainError,
  blockByField: Record<string, string>,
  fallback: string,
): { response_action: 'errors'; errors: Record<string, string> } {
  const block = error instanceof InvalidValue ? (blockByField[error.field] ?? fallback) : fallback;
  const text = error instanceof InvalidValue ? `${error.message} ${error.fix}` : error.message;
  return { response_action: 'errors', errors: { [block]: text.slice(0, 150) } };
}
