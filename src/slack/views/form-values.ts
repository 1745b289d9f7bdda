import type { ViewStateValue } from '@slack/bolt';
import { type DomainError, InvalidValue } from '../../domain/errors';
import { IDS } from '../ids';

export type Values = Record<string, Record<string, ViewStateValue>>;

/** One input's state; every input in our forms uses the action id IDS.input. */
export const read = (values: Values, block: string): ViewStateValue | undefined => values[block]?.[IDS.input];

/** Which input a DomainError belongs under: an InvalidValue's field, by this form's map of fields to blocks. */
export const fieldBlock =
  (blockByField: Record<string, string>) =>
  (error: DomainError): string | undefined =>
    error instanceof InvalidValue ? blockByField[error.field] : undefined;
