import type { PlaybookField } from '../playbooks/schema';

/**
 * Values the user names in a thread reply, anywhere in it: "actually the size is 200", "partner size: 200",
 * "size = 200", "change region to EMEA", one per line, or separated by "; ", ", " or " and " when every part
 * names a field. A reply that names no field is one answer, kept exactly as typed: "40 sellers in EMEA; our
 * champion is Ana Lopez" is one text, semicolon included. A name matches a field of the current step by the words of its id ("size" →
 * `partner_size`, "kickoff" → `kickoff_date`) when exactly one field fits best.
 *
 * Reliable rather than clever: "name: value", "name = value" and "change name to value" are strong (the value
 * is meant for that field, and a value that does not fit is a problem to report); "name is value" is weak,
 * because prose says "the timeline is tight" too: the engine keeps a weak one only when its value fits.
 */

export interface Labelled {
  readonly field: PlaybookField;
  readonly value: string;
  /** Said with ":", "=", "change … to" or after "actually": the value is meant for this field. */
  readonly strong: boolean;
  /** The words that named the field, as typed. */
  readonly name: string;
}

/** A name that fits several fields equally ("date" with a kickoff and a launch date). */
export interface AmbiguousName {
  readonly name: string;
  readonly fields: readonly PlaybookField[];
}

export interface Reading {
  readonly labelled: readonly Labelled[];
  /** Parts that name no field, in order: the answer to the pending question, if any. */
  readonly plain: readonly string[];
  readonly ambiguous: readonly AmbiguousName[];
}

/** Decides whether a weak "name is value" counts (the engine: when the value fits the field). */
export type KeepWeak = (candidate: Labelled) => boolean;

const LEAD =
  /^(?:(?:actually|sorry|oops|oh|wait|correction|update|also|and|btw|ps|p\.s\.|no|nope|i meant|i mean|please|ok|okay)\b[,:!.]?\s+)+/i;
const CORRECTION = /\b(?:actually|sorry|oops|correction|i meant|i mean|no)\b/i;
const CHANGE = /^(?:change|set|update|make|correct|switch|put)\s+(.{1,60}?)\s+(?:to|=|:)\s+(.+)$/is;
const STRONG = /^([^:=]{1,60}?)\s*(?::|=|->|→)\s*(.+)$/s;
const WEAK = /^(.{1,60}?)\s+(?:is now|should be|will be|would be|is|was|are)\s+(.+)$/is;

/** Words that do not tell fields apart. */
const FILLER = new Set([
  'the',
  'a',
  'an',
  'our',
  'their',
  'its',
  'his',
  'her',
  'my',
  'your',
  'this',
  'that',
  'of',
  'for',
  'number',
  'partner',
  'partners',
  'company',
  'new',
]);
const MAX_NAME_WORDS = 5;

const stem = (w: string): string => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

export function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/'s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(stem);
}

/** The fields a name fits best: all its words in the id (2), or the id's words all in the name (1); exact (3). */
export function fieldsNamed(name: string, fields: readonly PlaybookField[]): PlaybookField[] {
  const all = nameWords(name);
  const words = all.filter((w) => !FILLER.has(w));
  if (words.length === 0 || all.length > MAX_NAME_WORDS || words.some((w) => /^\d+$/.test(w))) return [];
  let best = 0;
  let found: PlaybookField[] = [];
  for (const field of fields) {
    const id = field.id.split('_').filter(Boolean).map(stem);
    const idWords = id.filter((w) => !FILLER.has(w));
    const inId = words.every((w) => id.includes(w));
    const score =
      inId && idWords.length === words.length && idWords.every((w) => words.includes(w))
        ? 3
        : inId
          ? 2
          : idWords.length > 0 && idWords.every((w) => words.includes(w)) && words.length <= idWords.length + 2
            ? 1
            : 0;
    if (score > best) [best, found] = [score, [field]];
    else if (score === best && score > 0) found.push(field);
  }
  return found;
}

type Candidate = { name: string; value: string; strong: boolean };

function candidate(part: string): Candidate | null {
  const lead = LEAD.exec(part)?.[0] ?? '';
  const rest = part.slice(lead.length).trim();
  const corrected = CORRECTION.test(lead);
  const change = CHANGE.exec(rest);
  if (change) return { name: change[1] ?? '', value: (change[2] ?? '').trim(), strong: true };
  const strong = STRONG.exec(rest);
  // "https://…" and "10:30" hold a colon too; those names fit no field, so they stay plain.
  if (strong && !/^\/\//.test(strong[2] ?? ''))
    return { name: strong[1] ?? '', value: (strong[2] ?? '').trim(), strong: true };
  const weak = WEAK.exec(rest);
  if (weak) return { name: weak[1] ?? '', value: (weak[2] ?? '').trim(), strong: corrected };
  return null;
}

type PartReading = { labelled: Labelled } | { ambiguous: AmbiguousName } | null;

function readPart(part: string, fields: readonly PlaybookField[], keepWeak: KeepWeak): PartReading {
  const c = candidate(part);
  if (!c || c.value === '') return null;
  const named = fieldsNamed(c.name, fields);
  if (named.length > 1) return c.strong ? { ambiguous: { name: c.name.trim(), fields: named } } : null;
  const field = named[0];
  if (!field) return null;
  const labelled: Labelled = { field, value: c.value, strong: c.strong, name: c.name.trim() };
  // Prose about a text field ("the goal is to launch in Q1") is an answer, not a label.
  if (!c.strong && (field.type === 'text' || !keepWeak(labelled))) return null;
  return { labelled };
}

const SEGMENT = /\r?\n/;
const JOINER = /;\s*|,\s+(?:and\s+)?|\s+and\s+/i;

/** Reads a decoded thread reply against the current step's fields. */
export function readLabelled(text: string, fields: readonly PlaybookField[], keepWeak: KeepWeak): Reading {
  const labelled: Labelled[] = [];
  const plain: string[] = [];
  const ambiguous: AmbiguousName[] = [];
  for (const segment of text
    .split(SEGMENT)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parts = segment
      .split(JOINER)
      .map((s) => s.trim())
      .filter(Boolean);
    const readings = parts.length > 1 ? parts.map((p) => readPart(p, fields, keepWeak)) : [];
    const each =
      readings.length > 1 && readings.every((r) => r !== null) ? readings : [readPart(segment, fields, keepWeak)];
    for (const r of each) {
      if (r && 'labelled' in r) labelled.push(r.labelled);
      else if (r) ambiguous.push(r.ambiguous);
      else plain.push(segment);
    }
  }
  return { labelled, plain, ambiguous };
}
