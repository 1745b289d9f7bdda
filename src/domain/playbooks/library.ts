import Fuse from 'fuse.js';
import { UnknownPlaybook } from '../errors';
import type { Playbook } from './schema';

/** The built-in playbooks in the order a partnership meets them; a company's own follow, by id. */
const LIFECYCLE = ['recruit', 'onboard', 'qbr', 'expand', 'co-marketing', 'support-escalation', 'exit'];

/** `Co-marketing`, `co marketing`, ` CO_MARKETING ` → `co-marketing`: how people type an id or a name. */
const key = (s: string) =>
  s
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .replace(/^-|-$/g, '');

const rank = (id: string) => {
  const i = LIFECYCLE.indexOf(id);
  return i === -1 ? LIFECYCLE.length : i;
};

/** The playbooks that loaded, addressed by id or by name (case-insensitive), with suggestions for a near miss. */
export function playbookLibrary(playbooks: readonly Playbook[]) {
  const ordered = [...playbooks].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  const byKey = new Map<string, Playbook>();
  // Ids first, so a company playbook named like another's id never hides it.
  for (const p of ordered) byKey.set(key(p.id), p);
  for (const p of ordered) if (!byKey.has(key(p.name))) byKey.set(key(p.name), p);
  const fuse = new Fuse(ordered, {
    keys: [{ name: 'id', weight: 2 }, 'name', 'tags'],
    threshold: 0.4,
    ignoreLocation: true,
  });

  return {
    size: ordered.length,
    all: (): readonly Playbook[] => ordered,
    /** The playbook with this id or name; throws UnknownPlaybook with the closest ids otherwise. */
    get(idOrName: string): Playbook {
      const found = byKey.get(key(idOrName));
      if (found) return found;
      const near = fuse.search(idOrName.trim().slice(0, 80), { limit: 3 }).map((r) => r.item.id);
      throw new UnknownPlaybook(idOrName.trim(), [...new Set(near)]);
    },
  };
}

export type PlaybookLibrary = ReturnType<typeof playbookLibrary>;
