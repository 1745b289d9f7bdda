/**
 * The key that makes partner names unique and findable: NFKC (so full-width and composed forms
 * match), trimmed, inner white space collapsed, lower-cased with full Unicode case folding.
 * `COLLATE NOCASE` folds ASCII only, so `SOCIÉTÉ GÉNÉRALE` would not clash with `Société Générale`.
 */
export function nameKey(name: string): string {
  // Upper then lower folds what lower-casing alone misses (ß → SS → ss), close to Unicode case folding.
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toUpperCase().toLowerCase();
}
