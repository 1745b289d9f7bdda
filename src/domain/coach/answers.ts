import Fuse from 'fuse.js';
import type { PlaybookField } from '../playbooks/schema';
import { err, ok, type Result } from '../result';
import { addDays } from '../reminders/calendar';
import type { AnswerValue } from './engine';
import { dateFailureText, parseDate } from '../dates';
import { ACRONYMS } from './acronyms';
import { parseNumberInRange, rangeText, type NumberField } from './numbers';
import { echo, listWords, withoutQuestionMarks } from './text';

/**
 * A playbook field's answer, typed by the user in a run thread: how a field is named,
 * how its question says what answer it wants, and how a reply becomes a value of the field's type.
 *
 * Errors are plain-text statements (no `?`, no mrkdwn) that name the field and the form expected; the
 * Slack edge escapes them when it shows them, like every DomainError message.
 */

export interface AnswerContext {
  readonly today: string;
  readonly timezone: string;
  /** Who is answering: a `user` field takes "me" as this id. Without it "me" is refused like any name. */
  readonly userId?: string;
}

type FieldLike = NumberField & { readonly choices?: readonly string[] | undefined };

/** `partner_contact_name` → "Partner contact name"; known acronyms upper-case (`qbr_url` → "QBR URL"). */
export function fieldLabel(field: Pick<PlaybookField, 'id'>): string {
  const words = field.id.split('_').filter(Boolean);
  return words
    .map((w, i) => (ACRONYMS.has(w) ? w.toUpperCase() : i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** Choices as shown inline: "EMEA / NA / APAC" (a choice never holds "/" or "?": the schema refuses both). */
const choiceList = (field: FieldLike): string => (field.choices ?? []).map(withoutQuestionMarks).join(' / ');

/** The words naming the answer a question wants: "date (YYYY-MM-DD)", "who (@user)", the choices inline. */
export function answerKind(field: FieldLike): string {
  switch (field.type) {
    case 'number': {
      const range = rangeText(field);
      return range ? `number, ${range}` : 'number';
    }
    case 'date':
      return 'date (YYYY-MM-DD)';
    case 'url':
      return 'website/URL';
    case 'email':
      return 'e-mail';
    case 'user':
      return 'who (@user)';
    case 'choice':
      return `(${choiceList(field)})`;
    case 'text':
      return 'in a few words';
  }
}

/**
 * The field's question with its answer kind before the final `?`: "When is the kickoff — date (YYYY-MM-DD)?".
 * Exactly one `?`, at the end; a question that already spells the kind out is left as written.
 */
export function questionLine(field: FieldLike & Pick<PlaybookField, 'question'>): string {
  const base = withoutQuestionMarks(field.question).trim();
  const kind = answerKind(field);
  if (kind && base.toLowerCase().includes(kind.toLowerCase())) return `${base}?`;
  return `${base} — ${kind}?`;
}

const SKIP_WORDS = new Set([
  'skip',
  'skip it',
  'skip this',
  'skip this one',
  'none',
  'n/a',
  'na',
  'n.a',
  'pass',
  'not sure',
  'unsure',
  "don't know",
  'dont know',
  'do not know',
  "i don't know",
  'i dont know',
  'idk',
  'unknown',
  'no idea',
  'not applicable',
  'nothing',
  'nil',
  '-',
  '—',
  '–',
  'leave it empty',
  'leave empty',
  'leave it blank',
  'leave blank',
  'blank',
  'empty',
  'no answer',
  'rather not say',
]);

/** "skip", "none", "n/a", "not sure", "don't know"…: the user leaves an optional field empty. */
export function isSkipWord(text: string): boolean {
  const t = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^(?:just |please |i'd )/, '')
    .replace(/[.!,;]+$/, '')
    .trim();
  return SKIP_WORDS.has(t);
}

export function parseAnswer(field: FieldLike, text: string, ctx: AnswerContext): Result<AnswerValue, string> {
  const input = text.trim();
  const label = fieldLabel(field);
  if (input === '') return err(`${label} needs an answer: reply with ${kindPhrase(field)}.`);
  switch (field.type) {
    case 'number':
      return parseNumberInRange(field, input, label);
    case 'date':
      return parseDateAnswer(input, label, ctx.today);
    case 'choice':
      return parseChoice(input, label, field.choices ?? []);
    case 'user':
      return parseUser(input, label, ctx.userId);
    case 'url':
      return parseUrl(input, label);
    case 'email':
      return parseEmail(input, label);
    case 'text':
      return parseText(input, label);
  }
}

function kindPhrase(field: FieldLike): string {
  switch (field.type) {
    case 'number':
      return rangeText(field) ? `a number from ${rangeText(field)}` : 'a number, e.g. 200';
    case 'date':
      return 'a date written YYYY-MM-DD';
    case 'choice':
      return `one of ${choiceList(field)}`;
    case 'user':
      return 'an @mention of the person';
    case 'url':
      return 'a website, e.g. acme.example';
    case 'email':
      return 'an e-mail address, e.g. ana@acme.example';
    case 'text':
      return 'a few words';
  }
}

// ── date ──────────────────────────────────────────────────────────────────────────────────────────

function parseDateAnswer(input: string, label: string, today: string): Result<AnswerValue, string> {
  const parsed = parseDate(input, today);
  if (parsed.ok) return parsed;
  const example = addDays(today, 20);
  const form = `write it as YYYY-MM-DD, e.g. ${example}.`;
  return err(`“${echo(input)}” ${dateFailureText(parsed.error)} for ${label}: ${form}`);
}

// ── choice ────────────────────────────────────────────────────────────────────────────────────────

const norm = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[’‘]/g, "'")
    .replace(/[.!,;:]+$/, '')
    .replace(/\s+/gu, ' ')
    .trim();
const squash = (s: string): string => norm(s).replace(/[^\p{L}\p{N}]+/gu, '');
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The canonical choice: exact, else a unique prefix, else unique containment, else its 1-based number, else a close typo. */
export function matchChoice(
  input: string,
  choices: readonly string[],
): { choice: string } | { ambiguous: string[] } | null {
  const t = norm(input);
  const s = squash(input);
  if (!s) return null;
  const exact = choices.filter((c) => norm(c) === t || squash(c) === s);
  if (exact.length === 1) return { choice: exact[0] as string };
  const prefixed = choices.filter((c) => squash(c).startsWith(s));
  if (prefixed.length === 1) return { choice: prefixed[0] as string };
  if (prefixed.length > 1) return { ambiguous: prefixed };
  const contained = choices.filter((c) => s.length >= 2 && squash(c).includes(s));
  // "we are in EMEA": the choice as a whole word of the reply.
  const containing = choices.filter((c) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(norm(c))}(?![\\p{L}\\p{N}])`, 'u').test(t),
  );
  const either = [...new Set([...contained, ...containing])];
  if (either.length === 1) return { choice: either[0] as string };
  if (either.length > 1) return { ambiguous: either };
  // A number picks the choice in that position, unless the choices are figures themselves.
  if (/^\d{1,2}$/.test(t) && !choices.some((c) => /\d/.test(c))) {
    const picked = choices[Number(t) - 1];
    return picked === undefined ? null : { choice: picked };
  }
  const near = new Fuse([...choices], { threshold: 0.3, includeScore: true, ignoreLocation: true }).search(t);
  const [best, second] = near;
  if (best && (!second || (second.score ?? 1) - (best.score ?? 0) > 0.05)) return { choice: best.item };
  return null;
}

function parseChoice(input: string, label: string, choices: readonly string[]): Result<AnswerValue, string> {
  const found = matchChoice(input, choices);
  const list = choices.map(withoutQuestionMarks).join(' / ');
  if (found && 'choice' in found) return ok(found.choice);
  if (found)
    return err(
      `“${echo(input)}” matches ${listWords(found.ambiguous.map(withoutQuestionMarks))} for ${label}: reply with one of ${list}.`,
    );
  return err(`“${echo(input)}” is not one of the choices for ${label}: reply with one of ${list}, or its number.`);
}

// ── user, url, e-mail, text ───────────────────────────────────────────────────────────────────────

const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
const BARE_ID = /^[UW](?=[A-Z0-9]*\d)[A-Z0-9]{6,}$/;

const ME = /^(?:me|myself|i|i will|i'll|i do|mine)$/;

function parseUser(input: string, label: string, self: string | undefined): Result<AnswerValue, string> {
  if (
    self &&
    ME.test(
      input
        .toLowerCase()
        .replace(/[’‘]/g, "'")
        .replace(/[.!]+$/, '')
        .trim(),
    )
  )
    return ok(self);
  const ids = [...new Set([...input.matchAll(MENTION)].map((m) => m[1] as string))];
  if (ids.length === 1) return ok(ids[0] as string);
  if (ids.length > 1) return err(`${label} takes one person and the reply names ${ids.length}: @mention just one.`);
  if (BARE_ID.test(input)) return ok(input);
  return err(
    `“${echo(input)}” is not a Slack user for ${label}: @mention the person so Slack links their name, e.g. @Ana.`,
  );
}

// URL() gives the host in punycode: an IDN top-level domain is `xn--…`.
const HOST =
  /^(?=.{4,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{2,59})$/u;

function parseUrl(input: string, label: string): Result<AnswerValue, string> {
  const text = input.replace(/^<|>$/g, '').replace(/[.,;!)]+$/, '');
  const form = `reply with a website, e.g. acme.example or https://acme.example/partners.`;
  if (/\s/u.test(text)) return err(`“${echo(input)}” is not one website for ${label}: ${form}`);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https')
    return err(`“${echo(input)}” is not a web address for ${label}: ${form}`);
  if (!scheme && /^[^/]*@/.test(text))
    return err(`“${echo(input)}” looks like an e-mail address, and ${label} wants a website: ${form}`);
  const full = scheme ? text : `https://${text.replace(/^\/+/, '')}`;
  let host = '';
  try {
    host = new URL(full).hostname;
  } catch {
    return err(`“${echo(input)}” is not a website I can read for ${label}: ${form}`);
  }
  if (!HOST.test(host)) return err(`“${echo(input)}” is not a website I can read for ${label}: ${form}`);
  return ok(scheme ? full.replace(/^https?/i, (s) => s.toLowerCase()) : full);
}

const EMAIL =
  /^[\p{L}\p{N}.!#$%&'*+/=^_`{|}~-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

function parseEmail(input: string, label: string): Result<AnswerValue, string> {
  const text = input
    .replace(/^mailto:/i, '')
    .replace(/^<|>$/g, '')
    .replace(/[.,;!]+$/, '');
  if (text.length <= 254 && EMAIL.test(text) && !text.startsWith('.') && !text.includes('..')) return ok(text);
  return err(`“${echo(input)}” is not an e-mail address for ${label}: reply with one address, e.g. ana@acme.example.`);
}

export const MAX_TEXT_ANSWER = 1000;

function parseText(input: string, label: string): Result<AnswerValue, string> {
  const length = [...input].length;
  if (length > MAX_TEXT_ANSWER)
    return err(`That answer for ${label} is ${length} characters long; the limit is ${MAX_TEXT_ANSWER}: shorten it.`);
  return ok(input);
}
