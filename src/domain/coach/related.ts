import type { Playbook } from '../playbooks/schema';

/**
 * Which templates and playbooks a question is about, by plain keyword overlap with their ids, titles, names,
 * tags and descriptions. No embeddings, no network: the guided coach points at the library, and the words
 * people use ("QBR", "NDA", "onboarding", "commission") are the words in it.
 */

export interface TemplateSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

export interface CoachLibrary {
  templates(): readonly TemplateSummary[];
  playbooks(): readonly Playbook[];
}

export interface Related {
  readonly templates: readonly TemplateSummary[];
  readonly playbooks: readonly Playbook[];
}

const STOP = new Set(
  `a about after all also am an and any are as at be before been being but by can could did do does doing done for from get
got had has have how i if in into is it its just like make me more most my need needs new next no not now of on or our out over please prep
prepare run running set should so some start step than thank thanks that the their them then there these they this those to up us use want
was we what when where which who why will with would you your partner partners help tip tips advice good best way thing things know tell
first one it's i'm we're let lets`.split(/\s+/),
);

/** Words too common to say what a question is about; a partner's name is never read from one of them alone. */
export const COMMON_WORDS: ReadonlySet<string> = STOP;

/** A word as compared: lower case, a plural or -ing ending dropped ("onboarding" → "onboard", "QBRs" → "qbr"). */
export function stemWord(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** The words of a text worth matching on. */
export function keywords(text: string): string[] {
  return [
    ...new Set(
      text
        .toLowerCase()
        .replace(/[’‘]/g, "'")
        .split(/[^\p{L}\p{N}']+/u)
        .map((w) => w.replace(/^'+|'+$/g, ''))
        .filter((w) => w.length > 1 && !STOP.has(w))
        .map(stemWord),
    ),
  ];
}

interface Indexed<T> {
  readonly item: T;
  readonly key: string;
  readonly strong: ReadonlySet<string>;
  readonly title: ReadonlySet<string>;
  readonly body: ReadonlySet<string>;
}

const words = (text: string): Set<string> => new Set(keywords(text));

// The library's lists are built once at start-up: their index is kept per list.
const templateIndexes = new WeakMap<readonly TemplateSummary[], Indexed<TemplateSummary>[]>();
const playbookIndexes = new WeakMap<readonly Playbook[], Indexed<Playbook>[]>();

function indexTemplates(list: readonly TemplateSummary[]): Indexed<TemplateSummary>[] {
  let index = templateIndexes.get(list);
  if (!index) {
    index = list.map((t) => ({
      item: t,
      key: t.id,
      strong: words(t.id.replace(/[/-]/g, ' ')),
      title: words(t.title),
      body: words(t.description),
    }));
    templateIndexes.set(list, index);
  }
  return index;
}

function indexPlaybooks(list: readonly Playbook[]): Indexed<Playbook>[] {
  let index = playbookIndexes.get(list);
  if (!index) {
    index = list.map((p) => ({
      item: p,
      key: p.id,
      strong: words(`${p.id.replace(/-/g, ' ')} ${p.tags.join(' ')}`),
      title: words(p.name),
      body: words(`${p.description} ${p.steps.map((s) => s.name).join(' ')}`),
    }));
    playbookIndexes.set(list, index);
  }
  return index;
}

/** A word matches the same stem, or a longer word it begins (at least 4 letters: "commission" → "commissions"). */
function hit(word: string, set: ReadonlySet<string>): boolean {
  if (set.has(word)) return true;
  if (word.length < 4) return false;
  for (const w of set) if (w.length >= 4 && (w.startsWith(word) || word.startsWith(w))) return true;
  return false;
}

function rank<T>(index: readonly Indexed<T>[], query: readonly string[], limit: number): T[] {
  const base = index.map((e) =>
    query.map((q): number => (hit(q, e.strong) ? 3 : hit(q, e.title) ? 2 : hit(q, e.body) ? 1 : 0)),
  );
  // A word most entries share ("plan", "partner") tells less than a rare one ("commission"): weight by rarity.
  const rarity = query.map((_q, i) =>
    Math.log(1 + index.length / Math.max(1, base.filter((row) => (row[i] ?? 0) > 0).length)),
  );
  const scored: { item: T; key: string; score: number }[] = [];
  index.forEach((entry, e) => {
    const row = base[e] ?? [];
    const raw = row.reduce((sum, b) => sum + b, 0);
    // One title word, or several words of a description: a passing mention of one word is not enough.
    if (raw >= 2)
      scored.push({
        item: entry.item,
        key: entry.key,
        score: row.reduce((sum, b, i) => sum + b * (rarity[i] ?? 1), 0),
      });
  });
  scored.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.item);
}

/** The templates (at most 3) and playbooks (at most 2) whose words a text shares, best first. */
export function relatedTo(library: CoachLibrary, text: string, ignore: readonly string[] = []): Related {
  const skip = new Set(ignore.flatMap(keywords));
  const query = keywords(text)
    .filter((w) => !skip.has(w))
    .slice(0, 30);
  if (query.length === 0) return { templates: [], playbooks: [] };
  return {
    templates: rank(indexTemplates(library.templates()), query, 3),
    playbooks: rank(indexPlaybooks(library.playbooks()), query, 2),
  };
}
