/** A file-name-safe slug of a name: `Société Générale, Ltd` → `societe-generale-ltd` (ASCII, at most 40 characters). */
export function fileSlug(name: string, fallback = 'partner'): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || fallback;
}
