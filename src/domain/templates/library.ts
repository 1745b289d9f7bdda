import Fuse from 'fuse.js';
import { DomainError, InvalidValue } from '../errors';
import { CATEGORIES, type Category, type Template } from './schema';

export class UnknownTemplate extends DomainError {
  readonly code = 'unknown_template';
  constructor(
    readonly templateId: string,
    readonly suggestions: string[],
  ) {
    super(
      `No template \`${templateId}\`.`,
      suggestions.length
        ? `Did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?`
        : 'See them all with `/partner templates`.',
    );
  }
}

export interface CategoryGroup {
  category: Category;
  templates: Template[];
}

/** The templates that loaded, addressed by id, grouped by category, searchable by id and title. */
export function templateLibrary(templates: readonly Template[]) {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const fuse = new Fuse(templates, {
    keys: [{ name: 'id', weight: 2 }, 'title'],
    threshold: 0.4,
    ignoreLocation: true,
  });

  function closest(query: string, limit = 3): string[] {
    return fuse.search(query.slice(0, 80), { limit }).map((r) => r.item.id);
  }

  return {
    size: templates.length,
    /** Every template, in library order. */
    all: (): readonly Template[] => templates,
    /** The template with this id; a bare slug (`email-sequence`) works when it is unambiguous. */
    get(id: string): Template {
      const wanted = id
        .trim()
        .toLowerCase()
        .replace(/^\/+|\/+$/g, '');
      const exact = byId.get(wanted);
      if (exact) return exact;
      const bySlug = templates.filter((t) => t.id.split('/')[1] === wanted);
      if (bySlug.length === 1) return bySlug[0] as Template;
      throw new UnknownTemplate(id, bySlug.length ? bySlug.map((t) => t.id) : closest(wanted));
    },
    groups(category?: Category): CategoryGroup[] {
      return CATEGORIES.filter((c) => !category || c === category)
        .map((c) => ({ category: c, templates: templates.filter((t) => t.category === c) }))
        .filter((g) => g.templates.length > 0);
    },
  };
}

export type TemplateLibrary = ReturnType<typeof templateLibrary>;

/** `legal`, `Legal`, `legl` → legal; anything else is an error listing the categories. */
export function matchCategory(word: string): Category {
  const w = word.trim().toLowerCase();
  const exact = CATEGORIES.find((c) => c === w || `${c}s` === w);
  if (exact) return exact;
  const near = new Fuse([...CATEGORIES], { threshold: 0.4 }).search(w).map((r) => r.item);
  throw new InvalidValue(
    `“${word}” is not a template category.`,
    `${near.length ? `Did you mean \`${near[0]}\`? ` : ''}Categories: ${CATEGORIES.join(', ')}.`,
    'category',
  );
}
