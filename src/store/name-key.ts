/**
 * The key that makes partner names unique and findable: NFKC (so full-width and composed forms
 * match), trimmed, inner white space collapsed, lower-cased with full Unicode case folding.
 * `COLLATE NOCASE` folds ASCII only, so `SOCIÉTÉ GÉNÉRALE` would not clash with `Société Générale`.
 */
export function nameKey(name: string): string {
  // Upper then lower folds what lower-casing alone misses (ß → SS → ss), close to Unicode case folding.
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toUpperCase().toLowerCase();
}

/**
 * The form names are searched in (never unique, never shown): the name key with accents dropped
 * and every run of punctuation or space as one space, so “societe” finds Société Générale and
 * “at t” (or “AT&T”) finds AT&T. Free text is cut into words the same way.
 */
export function searchKey(text: string): string {
  return nameKey(text)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * What a name is found by besides its whole search key, stored with the partner:
 * - `runs`: every run of whole words that ends the name, after its first word
 *   (“helix labs group” → “labs group”, “group”), so “labs” is found as a whole word of it;
 * - `grams`: its distinct trigrams, padded with a space at each end, for “did you mean”.
 */
export function nameTerms(name: string): { runs: string[]; grams: string[] } {
  const key = searchKey(name);
  const words = key ? key.split(' ') : [];
  const runs = words.slice(1).map((_, i) => words.slice(i + 1).join(' '));
  return { runs: [...new Set(runs)], grams: trigrams(key) };
}

/** The distinct trigrams of a search key, padded with a space at each end (`acme` → ` ac`, `acm`, `cme`, `me `). */
export function trigrams(key: string): string[] {
  if (!key) return [];
  const chars = [...` ${key} `];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}
