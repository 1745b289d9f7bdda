import Fuse from 'fuse.js';
import type { Tables } from '../../store';
import { searchKey } from '../../store/name-key';
import type { PartnerRow, SimilarName } from '../../store/partners';
import type { NameSplit, PartnerAction } from '../commands/parse';
import { AmbiguousName, AmbiguousPartner, type DomainError, UnknownPartner } from '../errors';
import { MAX_NAME_LENGTH, toPartner, type Partner } from './model';

/**
 * How a typed name finds a partner, everywhere a user names one (commands, forms, questions to the
 * coach):
 * 1. its exact name (case-insensitive, after decoding Slack's wire form) — always first, archived
 *    partners included;
 * 2. else, among current partners, the one it fits: whole words of the name (“acme” → Acme Corp,
 *    “labs” → Helix Labs Group) or, from three letters on, the start of the name (“glob” → Globex).
 *    Several fits: they are all named and nothing is done;
 * 3. else, the closest names as a "did you mean".
 * Every step is a query on indexes (src/store/partners.ts), never a copy of the names held in this
 * process: a partner added through another process is found at once.
 */

/** How many fitting partners an ambiguous answer names. */
export const AMBIGUOUS_SHOWN = 10;
/** Shorter, a typed name fits only as whole words (“hp” → HP Inc), never as the start of a word (“ac”). */
const MIN_PREFIX_CHARS = 3;
const MIN_FIT_CHARS = 2;
const SUGGESTIONS = 3;
/** Names sharing the most trigrams with the typed one; the suggestions are ranked among these. */
const CANDIDATES = 40;
/** A question names a partner in at most this many words. */
const MAX_NAME_WORDS = 6;

export interface FoundPartner {
  partner: Partner;
  /** Its exact name was typed (not a prefix or some of its words). */
  exact: boolean;
}

interface Fit {
  row: PartnerRow;
  /** The typed words are whole words of the name, not a word cut short. */
  whole: boolean;
}

const bounded = (typed: string) => typed.slice(0, 2 * MAX_NAME_LENGTH);

export function partnerNames(store: Pick<Tables, 'partners'>) {
  async function fitting(typed: string): Promise<Fit[]> {
    const q = searchKey(bounded(typed));
    const length = [...q].length;
    if (length < MIN_FIT_CHARS) return [];
    const rows = await store.partners.fitting(q, { prefix: length >= MIN_PREFIX_CHARS, limit: AMBIGUOUS_SHOWN + 1 });
    return rows.map((row) => ({ row, whole: ` ${row.search_key} `.includes(` ${q} `) }));
  }

  const ambiguous = (typed: string, fits: readonly Fit[]) =>
    new AmbiguousPartner(
      typed,
      fits.slice(0, AMBIGUOUS_SHOWN).map((f) => f.row.name),
      fits.length > AMBIGUOUS_SHOWN,
    );

  /** Scores typed names against the names most like them (one trigram query for all of them). */
  async function closest(typed: readonly string[]): Promise<(name: string) => { name: string; score: number }[]> {
    const pool: SimilarName[] = await store.partners.similarNames(typed.map(bounded), CANDIDATES);
    const fuse = new Fuse(pool, { keys: ['name'], threshold: 0.4, ignoreLocation: true, includeScore: true });
    return (name) =>
      fuse
        .search(bounded(name), { limit: SUGGESTIONS * 3 })
        .sort((a, b) => Number(a.item.archived) - Number(b.item.archived) || (a.score ?? 1) - (b.score ?? 1))
        .slice(0, SUGGESTIONS)
        .map((r) => ({ name: r.item.name, score: r.score ?? 1 }));
  }

  /** One name, as typed after `/partner template <id>`, `reminders`, `runs`, a playbook start or in a form. */
  async function find(typed: string): Promise<FoundPartner> {
    const row = await store.partners.findByName(typed);
    if (row) return { partner: toPartner(row), exact: true };
    const fits = await fitting(typed);
    const [only] = fits;
    if (only && fits.length === 1) return { partner: toPartner(only.row), exact: false };
    if (fits.length > 1) throw ambiguous(typed, fits);
    throw new UnknownPartner(
      typed,
      (await closest([typed]))(typed).map((r) => r.name),
    );
  }

  /**
   * The reading of "<name> <rest>" (longest name first) that names a partner, with its action or
   * what was wrong with the rest. An exact name in any reading wins over every forgiving fit, so
   * with partners “Acme” and “Acme Corp”, `note Acme Corp renewal` is about Acme Corp and
   * `note Acme corporate deal` about Acme. Otherwise the longest reading that fits a partner
   * decides; when it ends mid-word (“Acme c”) and a shorter reading fits as whole words (“Acme”),
   * the rest could start either way, so nothing is done and the user is asked to quote the name.
   */
  async function resolve(
    splits: readonly NameSplit[],
    parseError?: DomainError,
  ): Promise<{ partner: Partner; action: PartnerAction; exact: boolean; typed: string }> {
    for (const split of splits) {
      const row = await store.partners.findByName(split.name);
      if (!row) continue;
      if ('error' in split) throw split.error;
      return { partner: toPartner(row), action: split.action, exact: true, typed: split.name };
    }
    for (const [i, split] of splits.entries()) {
      // A reading whose rest makes no sense is no evidence: `show societe generalle` is a typo of a
      // name, not “societe” with a stray word. With no sensible reading at all, the parse error stands.
      if ('error' in split) continue;
      const fits = await fitting(split.name);
      const [only] = fits;
      if (!only) continue;
      if (fits.length > 1) throw ambiguous(split.name, fits);
      if (!only.whole) {
        let shorter: NameSplit | undefined;
        for (const s of splits.slice(i + 1)) {
          if ('action' in s && (await fitting(s.name)).some((f) => f.whole)) {
            shorter = s;
            break;
          }
        }
        if (shorter) throw new AmbiguousName([split.name, shorter.name], only.row.name);
      }
      // "note Acme Crop met the VP": “Acme” fits Acme Corp, but the next word is its next word mistyped.
      const longer = splits[i - 1];
      if (only.whole && longer && nextWordMistyped(split.name, longer.name, only.row.search_key))
        throw new UnknownPartner(longer.name, [only.row.name]);
      return { partner: toPartner(only.row), action: split.action, exact: false, typed: split.name };
    }
    // Of the shortest sensible readings (a name is rarely over three words), the one closest to a
    // real partner: "note Acme Crop met the VP" is about “Acme Crop”.
    const candidates = splits
      .filter((s) => 'action' in s)
      .reverse()
      .slice(0, 3)
      .map((s) => s.name);
    if (candidates.length === 0) throw parseError ?? new UnknownPartner(splits[0]?.name ?? '', []);
    const score = await closest(candidates);
    const scored = candidates.map((name) => {
      const matches = score(name);
      const best = matches[0];
      // Fuse scores a mere prefix ("Acme" of "Acme Corp") as near-perfect: weigh the length gap in.
      const fit = best ? best.score + Math.abs(best.name.length - name.length) / best.name.length : 2;
      return { name, fit, suggestions: matches.map((m) => m.name) };
    });
    const pick = scored.reduce((a, b) => (b.fit < a.fit ? b : a));
    throw new UnknownPartner(pick.name, pick.suggestions);
  }

  /**
   * The current partner a free question is about: the longest whole name found in it, else the
   * longest run of its words that fits exactly one partner as whole words (“the Acme QBR” → Acme
   * Corp). A run never starts with a word in `common` (“prep”, “partner”): those would find
   * partners named after everyday words in every question.
   */
  async function mentionedIn(text: string, common: ReadonlySet<string>): Promise<Partner | null> {
    const words = searchKey(text.slice(0, 2_000)).split(' ').filter(Boolean).slice(0, 80);
    const runs = new Set<string>();
    words.forEach((_, i) => {
      for (let n = 1; n <= MAX_NAME_WORDS && i + n <= words.length; n++) runs.add(words.slice(i, i + n).join(' '));
    });
    const named = await store.partners.withSearchKeys([...runs]);
    const longest = named.reduce<PartnerRow | undefined>(
      (a, b) => (!a || b.search_key.length > a.search_key.length ? b : a),
      undefined,
    );
    if (longest) return toPartner(longest);
    let best: { row: PartnerRow; words: number } | undefined;
    for (const [i, word] of words.entries()) {
      if (common.has(word) || [...word].length < MIN_FIT_CHARS) continue;
      for (let n = 1; n <= MAX_NAME_WORDS && i + n <= words.length; n++) {
        const fits = await store.partners.fitting(words.slice(i, i + n).join(' '), { prefix: false, limit: 2 });
        // A longer run fits only names this one fits: nothing more to find from this word.
        if (fits.length === 0) break;
        const [only] = fits;
        if (only && fits.length === 1 && (!best || n > best.words)) best = { row: only, words: n };
      }
    }
    return best ? toPartner(best.row) : null;
  }

  return { find, resolve, mentionedIn };
}

export type PartnerNames = ReturnType<typeof partnerNames>;

/**
 * True when the word `longer` adds after `typed` looks like the word that follows `typed` in the
 * partner's name (`nameKey`, a search key): the same word cut short or run on (“corpp”), or one
 * slip away (“crop”). Such a word was meant as part of the name, not as the start of a note.
 */
function nextWordMistyped(typed: string, longer: string, nameKey: string): boolean {
  const q = searchKey(typed);
  const added = searchKey(longer).slice(q.length).trim().split(' ')[0] ?? '';
  const words = nameKey.split(' ');
  const run = q.split(' ');
  const at = words.findIndex((_, j) => run.every((w, k) => words[j + k] === w));
  const next = at < 0 ? undefined : words[at + run.length];
  if (!next || [...added].length < 3 || !searchKey(longer).startsWith(q)) return false;
  return next.startsWith(added) || added.startsWith(next) || editDistance(added, next) <= 1;
}

/** Optimal string alignment distance (Levenshtein plus swapping two neighbours), for short words. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const width = y.length + 1;
  const d = new Int32Array((x.length + 1) * width);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= x.length; i++) d[i * width] = i;
  for (let j = 0; j <= y.length; j++) d[j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(x.length, y.length);
}
