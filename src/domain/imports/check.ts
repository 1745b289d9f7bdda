import type { Tier } from '../../config/schema';
import { nameKey } from '../../store/name-key';
import { InvalidValue } from '../errors';
import type { PartnerFields } from '../partners/bulk';
import {
  cleanName,
  MAX_NAME_LENGTH,
  matchStage,
  matchTier,
  matchType,
  PARTNER_TYPES,
  parseHealth,
  STAGES,
} from '../partners/model';
import type { HeaderMap, PartnerColumn } from './columns';
import type { CsvRow } from './csv';

/** One thing wrong with one row: the row is skipped whole, and this says why and what is allowed. */
export interface ImportProblem {
  line: number;
  /** The column (or `row` for the row as a whole). */
  field: string;
  /** What the cell holds, as written (trimmed). */
  value: string;
  problem: string;
  allowed: string;
}

/** A row read and checked on its own (before it is compared with the partners on file). */
export interface CheckedRow {
  line: number;
  /** As written, white space trimmed and collapsed; empty when missing. */
  name: string;
  key: string;
  /** The cells given (an empty cell leaves the value as it is). */
  set: Partial<PartnerFields>;
  /** An owner given as an e-mail, still to be looked up. */
  ownerEmail?: string;
  problems: ImportProblem[];
}

export const MAX_VERTICAL_LENGTH = 100;

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const MEMBER_ID_HELP = 'a Slack member id such as U012AB3CD (profile → ⋮ → Copy member ID), or the person’s e-mail';

/** A Slack member id as typed or pasted (`U012AB3CD`, `<@U012AB3CD>`, `@U012AB3CD`, lower case too). */
export function memberId(value: string): string | undefined {
  const id = value
    .replace(/^<@([^|>]+)(?:\|[^>]*)?>$/, '$1')
    .replace(/^@/, '')
    .toUpperCase();
  return USER_ID.test(id) ? id : undefined;
}

export function channelId(value: string): string | undefined {
  const id = value.replace(/^<#([^|>]+)(?:\|[^>]*)?>$/, '$1').toUpperCase();
  return CHANNEL_ID.test(id) ? id : undefined;
}

export const isEmail = (value: string): boolean => EMAIL.test(value);

export function checkRow(row: CsvRow, header: HeaderMap, tiers: readonly Tier[]): CheckedRow {
  const cell = (column: PartnerColumn): string => {
    const i = header.index.get(column);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  const problems: ImportProblem[] = [];
  const problem = (field: string, value: string, what: string, allowed: string) =>
    problems.push({ line: row.line, field, value, problem: what, allowed });
  const set: Partial<PartnerFields> = {};
  let ownerEmail: string | undefined;

  // A longer row is refused even when its extra values are blank: an unquoted comma inside a value
  // shifts every column after it, so the values read would be the wrong ones.
  if (row.cells.length > header.width)
    problem(
      'row',
      row.cells.slice(header.width).join(', '),
      `has ${row.cells.length} values, but the header has ${header.width} columns`,
      'one value per column: quote a value that contains the separator ("Acme, Inc")',
    );

  let name = '';
  const rawName = cell('name');
  try {
    name = cleanName(rawName);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    problem(
      'name',
      rawName,
      rawName === '' ? 'is missing' : `is ${[...rawName].length} characters long`,
      `a partner name of 1 to ${MAX_NAME_LENGTH} characters`,
    );
  }

  const typed = <T>(column: PartnerColumn, parse: (v: string) => T, allowed: string): T | undefined => {
    const value = cell(column);
    if (value === '') return undefined;
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problem(column, value, `is not a ${column === 'health' ? 'health score' : column}`, allowed);
      return undefined;
    }
  };
  const type = typed('type', matchType, PARTNER_TYPES.join(', '));
  if (type !== undefined) set.type = type;
  const tier = typed('tier', (v) => matchTier(v, tiers), tiers.map((t) => t.name).join(', '));
  if (tier !== undefined) set.tier = tier;
  const stage = typed('stage', matchStage, STAGES.join(', '));
  if (stage !== undefined) set.stage = stage;
  const health = typed('health', parseHealth, 'a whole number from 0 to 100');
  if (health !== undefined) set.health = health;

  const owner = cell('owner');
  if (owner !== '') {
    const id = memberId(owner);
    if (id) set.owner = id;
    else if (isEmail(owner)) ownerEmail = owner.toLowerCase();
    else problem('owner', owner, 'is not a Slack member id or an e-mail', MEMBER_ID_HELP);
  }
  const channel = cell('channel');
  if (channel !== '') {
    const id = channelId(channel);
    if (id) set.channel = id;
    else
      problem(
        'channel',
        channel,
        channel.startsWith('#') ? 'is a channel name, not its id' : 'is not a Slack channel id',
        'a channel id such as C012AB3CD (channel name → About → Channel ID, at the bottom)',
      );
  }
  const vertical = cell('vertical').replace(/\s+/gu, ' ');
  if (vertical !== '') {
    if ([...vertical].length > MAX_VERTICAL_LENGTH)
      problem(
        'vertical',
        vertical,
        `is ${[...vertical].length} characters long`,
        `up to ${MAX_VERTICAL_LENGTH} characters`,
      );
    else set.vertical = vertical;
  }
  return { line: row.line, name, key: name ? nameKey(name) : '', set, ...(ownerEmail ? { ownerEmail } : {}), problems };
}

/** Rows naming the same partner (the same name ignoring case and Unicode form): each gets a problem naming the others' lines. */
export function markDuplicates(rows: readonly CheckedRow[]): void {
  const byKey = new Map<string, CheckedRow[]>();
  for (const r of rows) if (r.key) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const r of group) {
      const others = group.filter((o) => o !== r).map((o) => o.line);
      r.problems.push({
        line: r.line,
        field: 'name',
        value: r.name,
        problem: `is the same partner as line${others.length > 1 ? 's' : ''} ${others.join(', ')} (names are compared ignoring case)`,
        allowed: 'one row per partner: keep one of these rows',
      });
    }
  }
}
