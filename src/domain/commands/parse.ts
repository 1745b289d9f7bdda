import Fuse from 'fuse.js';
import type { Tier } from '../../config/schema';
import { dayRefused, parseDate, parseDay, type DateFailure } from '../dates';
import { DomainError, InvalidValue, UnknownSubcommand, UsageError } from '../errors';
import {
  MAX_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  MAX_TITLE_LENGTH,
  matchStage,
  matchTier,
  matchType,
  parseHealth,
  type PartnerType,
  type Stage,
} from '../partners/model';
import { err, ok, type Result } from '../result';
import { matchCategory } from '../templates/library';
import type { Category } from '../templates/schema';
import { SUBCOMMAND_WORDS, findSubcommand, type SubcommandSpec } from './catalogue';
import { parsePlaybookCommand, type PlaybookCommand } from './parse-playbooks';
import { parseReportCommand, type ReportCommand } from './parse-reports';
import { joinTokens, type Token } from './tokens';

/** What one `/partner …` line asks for, once its words are understood (no database yet). */
export type Command =
  | { sub: 'help'; topic?: SubcommandSpec }
  | { sub: 'coming'; spec: SubcommandSpec }
  | { sub: 'add'; name: string; options: AddOptions }
  | { sub: 'list'; filter: ListFilter; page: number; mine: boolean }
  | { sub: 'partner'; spec: SubcommandSpec; splits: NameSplit[]; parseError?: DomainError }
  | { sub: 'templates'; category?: Category }
  | { sub: 'template'; id: string; partnerName?: string }
  | { sub: 'reminders'; partnerName?: string }
  /** Opens the settings form (a Slack form: nothing to parse but the word). */
  | { sub: 'settings' }
  | { sub: 'digest'; action: 'on' | 'off' | 'status' }
  | PlaybookCommand
  | ReportCommand;

export interface AddOptions {
  tier?: string;
  type?: PartnerType;
  /** Left out: whoever adds it. null: nobody yet (the demo's partners when no one is named). */
  ownerUserId?: string | null;
  channelId?: string;
  vertical?: string;
}
export interface ListFilter {
  tier?: string;
  stage?: Stage;
  ownerUserId?: string;
}

/**
 * One way to read "<name> <rest>", longest name first: the service takes the first whose name is
 * a partner, and then either its action or what was wrong with the rest.
 */
export type NameSplit = { name: string; action: PartnerAction } | { name: string; error: DomainError };

export type PartnerAction =
  | { kind: 'show' }
  | { kind: 'archive' }
  | { kind: 'tier'; tier: string }
  | { kind: 'stage'; stage: Stage }
  | { kind: 'owner'; userId: string }
  | { kind: 'channel'; channelId: string }
  | { kind: 'health'; score: number; note: string | null }
  | { kind: 'note'; text: string }
  | { kind: 'milestone'; title: string; dueOn: string }
  | { kind: 'done'; title: string }
  /** `heldOn` null: today. */
  | { kind: 'qbr'; heldOn: string | null };

export interface ParseContext {
  tiers: readonly Tier[];
  /** Today in the company time zone (`YYYY-MM-DD`): relative dates (`next friday`) count from it. */
  today: string;
  /** The subcommand a word names; the catalogue's unless a test brings a spec of its own (one not built yet). */
  findSubcommand?: (word: string) => SubcommandSpec | undefined;
}

const usage = (spec: SubcommandSpec, message: string) =>
  new UsageError(message, `Usage: \`/partner ${spec.usage}\` — e.g. \`/partner ${spec.example}\``, spec.name);

function userOf(token: Token, what: string): string {
  if (token.userId) return token.userId;
  throw new InvalidValue(
    `${what} must be a Slack @mention, not “${token.text}”.`,
    'Type @ and pick the person from the list, so Slack sends their id.',
    'owner',
  );
}

function channelOf(token: Token, what: string): string {
  if (token.channelId) return token.channelId;
  throw new InvalidValue(
    `${what} must be a Slack #channel, not “${token.text}”.`,
    'Type # and pick the channel from the list. For a private channel, invite @PartnerOS first.',
    'channel',
  );
}

function freeText(rest: readonly Token[], max: number, what: string): string {
  const text = joinTokens(rest).trim();
  if ([...text].length > max)
    throw new InvalidValue(
      `That ${what} is ${[...text].length} characters; the limit is ${max}.`,
      'Shorten it, or split it in two.',
      what,
    );
  return text;
}

/**
 * A title followed by a day (`"Kickoff" next friday`, `First deal 15 Dec`): the longest run of plain words at
 * the end that reads as a date, leaving at least one token before it. A quoted last token is the date on its
 * own. When nothing reads, the error is the most telling one: a date that reads two ways or is not a real day
 * (03/04/2026, 2026-02-30) beats "not a date".
 */
function trailingDay(rest: readonly Token[], today: string): { before: Token[]; day: string } {
  const plain = (t: Token) => !t.quoted && !t.key && !t.userId && !t.channelId;
  let told: { text: string; failure: DateFailure } | undefined;
  for (let i = 1; i < rest.length; i++) {
    const tail = rest.slice(i);
    if (!(tail.every(plain) || (tail.length === 1 && tail[0]?.quoted))) continue;
    const text = joinTokens(tail);
    const read = parseDate(text, today);
    if (read.ok) return { before: rest.slice(0, i), day: read.value };
    if (!told && read.error.kind !== 'unreadable') told = { text, failure: read.error };
  }
  throw told ? dayRefused(told.text, told.failure) : dayRefused(rest.at(-1)?.text ?? '', { kind: 'unreadable' });
}

/** Parses what follows the partner name, per subcommand. Throws DomainError when it does not fit. */
function parseRest(spec: SubcommandSpec, rest: readonly Token[], ctx: ParseContext): PartnerAction {
  const one = (what: string): Token => {
    if (rest.length === 0) throw usage(spec, `\`${spec.name}\` needs ${what} after the partner name.`);
    if (rest.length > 1) throw usage(spec, `\`${spec.name}\` takes only ${what} after the partner name.`);
    return rest[0] as Token;
  };
  switch (spec.name) {
    case 'show':
    case 'archive':
      if (rest.length) throw usage(spec, `\`${spec.name}\` takes only the partner name.`);
      return { kind: spec.name };
    case 'tier':
      return { kind: 'tier', tier: matchTier(one('a tier').text, ctx.tiers) };
    case 'stage':
      return { kind: 'stage', stage: matchStage(rest.map((t) => t.text).join(' ') || one('a stage').text) };
    case 'owner':
      return { kind: 'owner', userId: userOf(one('an @owner'), 'The owner') };
    case 'channel':
      return { kind: 'channel', channelId: channelOf(one('a #channel'), 'The channel') };
    case 'health': {
      const [first, ...note] = rest;
      if (!first) throw usage(spec, '`health` needs a score from 0 to 100 after the partner name.');
      const text = freeText(note, MAX_NOTE_LENGTH, 'note');
      return { kind: 'health', score: parseHealth(first.text), note: text || null };
    }
    case 'note': {
      const text = freeText(rest, MAX_NOTE_LENGTH, 'note');
      if (!text) throw usage(spec, '`note` needs the text of the note after the partner name.');
      return { kind: 'note', text };
    }
    case 'milestone': {
      if (rest.length < 2) throw usage(spec, '`milestone` needs a title and a due date after the partner name.');
      const { before, day } = trailingDay(rest, ctx.today);
      return { kind: 'milestone', title: freeText(before, MAX_TITLE_LENGTH, 'title'), dueOn: day };
    }
    case 'done': {
      const title = freeText(rest, MAX_TITLE_LENGTH, 'title');
      if (!title) throw usage(spec, '`done` needs the milestone title after the partner name.');
      return { kind: 'done', title };
    }
    case 'qbr-held': {
      if (rest.some((t) => t.key || t.userId || t.channelId || (t.quoted && rest.length > 1)))
        throw usage(spec, '`qbr-held` takes only the day the QBR was held after the partner name.');
      return { kind: 'qbr', heldOn: rest.length ? parseDay(joinTokens(rest), ctx.today, { past: true }) : null };
    }
    default:
      throw usage(spec, `\`${spec.name}\` is not understood here.`);
  }
}

/** Errors about a value (bad tier, date…) tell the user more than "wrong number of words". */
const weight = (e: unknown): number => (e instanceof InvalidValue ? 2 : e instanceof DomainError ? 1 : 0);

function parsePartnerCommand(spec: SubcommandSpec, args: readonly Token[], ctx: ParseContext): Command {
  if (args.length === 0) throw usage(spec, `\`${spec.name}\` needs a partner name.`);
  const splits: NameSplit[] = [];
  let best: { error: DomainError; w: number } | undefined;
  // A name is at most MAX_NAME_LENGTH characters, which bounds the readings of a long note.
  let maxK = 1;
  if (!args[0]?.quoted) {
    while (maxK < args.length && joinTokens(args.slice(0, maxK + 1)).length <= MAX_NAME_LENGTH) maxK++;
  }
  for (let k = maxK; k >= 1; k--) {
    const nameTokens = args.slice(0, k);
    if (nameTokens.some((t) => t.key || t.userId || t.channelId) || (k > 1 && nameTokens.some((t) => t.quoted)))
      continue;
    const name = joinTokens(nameTokens);
    try {
      splits.push({ name, action: parseRest(spec, args.slice(k), ctx) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      splits.push({ name, error: e });
      if (!best || weight(e) > best.w) best = { error: e, w: weight(e) };
    }
  }
  if (!splits.length) throw usage(spec, `\`${spec.name}\` needs a partner name first.`);
  return { sub: 'partner', spec, splits, ...(best ? { parseError: best.error } : {}) };
}

function parseAdd(spec: SubcommandSpec, args: readonly Token[], ctx: ParseContext): Command {
  const options: AddOptions = {};
  const nameTokens: Token[] = [];
  for (const t of args) {
    const key = t.key ?? (t.userId ? 'owner' : t.channelId ? 'channel' : undefined);
    if (!key) {
      nameTokens.push(t);
      continue;
    }
    if (!t.text && !t.userId && !t.channelId) throw usage(spec, `\`${key}=\` needs a value.`);
    switch (key) {
      case 'tier':
        options.tier = matchTier(t.text, ctx.tiers);
        break;
      case 'type':
        options.type = matchType(t.text);
        break;
      case 'owner':
        options.ownerUserId = userOf(t, 'owner=');
        break;
      case 'channel':
        options.channelId = channelOf(t, 'channel=');
        break;
      case 'vertical':
        options.vertical = freeText([{ text: t.text, quoted: t.quoted }], 60, 'vertical');
        break;
      default:
        throw usage(
          spec,
          `\`${key}=\` is not an option of \`add\`. Options: tier=, type=, owner=, channel=, vertical=.`,
        );
    }
  }
  if (nameTokens.length === 0) throw usage(spec, '`add` needs the partner’s name.');
  return { sub: 'add', name: joinTokens(nameTokens), options };
}

function parseList(spec: SubcommandSpec, args: readonly Token[], ctx: ParseContext): Command {
  const filter: ListFilter = {};
  let page = 1;
  let mine = false;
  for (const t of args) {
    const key = t.key ?? (t.userId ? 'owner' : undefined);
    if (key && !t.text && !t.userId) throw usage(spec, `\`${key}=\` needs a value.`);
    switch (key) {
      case 'tier':
        filter.tier = matchTier(t.text, ctx.tiers);
        break;
      case 'stage':
        filter.stage = matchStage(t.text);
        break;
      case 'owner':
        filter.ownerUserId = userOf(t, 'owner=');
        break;
      case 'page': {
        page = Number(t.text);
        if (!Number.isInteger(page) || page < 1)
          throw new InvalidValue(`page=${t.text} is not a page number.`, 'Pages start at 1, e.g. `page=2`.', 'page');
        break;
      }
      case undefined: {
        if (['mine', 'me', 'my'].includes(t.text.toLowerCase())) {
          mine = true;
          break;
        }
        // A bare word is read as a tier or a stage, the two filters people type most.
        const tier = ctx.tiers.find((x) => x.name.toLowerCase() === t.text.toLowerCase());
        if (tier) {
          filter.tier = tier.name;
          break;
        }
        try {
          filter.stage = matchStage(t.text);
          break;
        } catch {
          /* fall through to the usage error */
        }
        throw usage(spec, `\`list\` filters with tier=, stage=, owner=, page= or mine; “${t.text}” is none of those.`);
      }
      default:
        throw usage(spec, `\`${key}=\` is not a filter of \`list\`. Filters: tier=, stage=, owner=, page=.`);
    }
  }
  return { sub: 'list', filter, page, mine };
}

function parseTemplates(spec: SubcommandSpec, args: readonly Token[]): Command {
  if (args.length > 1) throw usage(spec, '`templates` takes at most one category.');
  return args[0] ? { sub: 'templates', category: matchCategory(args[0].text) } : { sub: 'templates' };
}

function parseTemplate(spec: SubcommandSpec, args: readonly Token[]): Command {
  const [id, ...rest] = args;
  if (!id)
    throw usage(spec, '`template` needs a template id, e.g. `recruitment/email-sequence` (see `/partner templates`).');
  const partnerName = optionalPartnerName(rest);
  return partnerName ? { sub: 'template', id: id.text, partnerName } : { sub: 'template', id: id.text };
}

/** The rest of the line as a partner name, or '' when there is none. */
function optionalPartnerName(tokens: readonly Token[]): string {
  const name = joinTokens(tokens).trim();
  if ([...name].length > MAX_NAME_LENGTH) {
    throw new InvalidValue(
      `That partner name is ${[...name].length} characters; names are at most ${MAX_NAME_LENGTH}.`,
      'Check the name with `/partner list`.',
      'name',
    );
  }
  return name;
}

function parseReminders(args: readonly Token[]): Command {
  const partnerName = optionalPartnerName(args);
  return partnerName ? { sub: 'reminders', partnerName } : { sub: 'reminders' };
}

function parseDigest(spec: SubcommandSpec, args: readonly Token[]): Command {
  const word = joinTokens(args).trim().toLowerCase();
  if (word === '') return { sub: 'digest', action: 'status' };
  if (word === 'on' || word === 'off') return { sub: 'digest', action: word };
  throw usage(spec, `\`digest\` takes \`on\`, \`off\` or nothing; “${word}” is none of those.`);
}

// 0.5 still catches swapped letters (lsit, sohw) on words this short; 29 words keep it precise.
const subcommandFinder = new Fuse(
  SUBCOMMAND_WORDS.map((w) => ({ w })),
  { keys: ['w'], threshold: 0.5, includeScore: true },
);

export function suggestSubcommands(word: string): string[] {
  const names = subcommandFinder
    .search(word.toLowerCase().slice(0, 32), { limit: 6 })
    .map((r) => findSubcommand(r.item.w)?.name)
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)].slice(0, 3);
}

/** Understands one `/partner` line. Everything that can be checked without the database is. */
export function parseCommand(tokens: readonly Token[], ctx: ParseContext): Result<Command, DomainError> {
  const [first, ...args] = tokens;
  if (!first) return ok({ sub: 'help' });
  const find = ctx.findSubcommand ?? findSubcommand;
  const spec = first.key ? undefined : find(first.text);
  if (!spec)
    return err(
      new UnknownSubcommand(
        first.key ? `${first.key}=${first.text}` : first.text,
        suggestSubcommands(first.key ?? first.text),
      ),
    );
  try {
    if (spec.name === 'help') {
      const topic = args[0] ? find(args[0].text) : undefined;
      return ok(topic ? { sub: 'help', topic } : { sub: 'help' });
    }
    if (!spec.available) return ok({ sub: 'coming', spec });
    if (spec.name === 'add') return ok(parseAdd(spec, args, ctx));
    if (spec.name === 'list') return ok(parseList(spec, args, ctx));
    if (spec.name === 'templates') return ok(parseTemplates(spec, args));
    if (spec.name === 'template') return ok(parseTemplate(spec, args));
    if (spec.name === 'reminders') return ok(parseReminders(args));
    if (spec.name === 'settings') {
      if (args.length) throw usage(spec, '`settings` takes nothing after it: the settings are changed in its form.');
      return ok({ sub: 'settings' });
    }
    if (spec.name === 'digest') return ok(parseDigest(spec, args));
    const playbookCommand = parsePlaybookCommand(spec, args);
    if (playbookCommand) return ok(playbookCommand);
    const reportCommand = parseReportCommand(spec, args, ctx);
    if (reportCommand) return ok(reportCommand);
    return ok(parsePartnerCommand(spec, args, ctx));
  } catch (e) {
    if (e instanceof DomainError) return err(e);
    throw e;
  }
}
