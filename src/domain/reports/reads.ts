import type { PlaybookLibrary } from '../playbooks/library';
import type { Person, RunStatus } from './model';

/** Helpers the report readers share: names, bounded reads, runs as a report shows them. */

/** Names the report shows instead of Slack ids (a file cannot show `<@U…>`); the Slack edge looks them up. */
export interface ReportNames {
  /** Display names of the Slack users Slack knows among `ids`. */
  users(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** A channel's name (`#partner-acme`), or null when Slack will not say. */
  channel(id: string): Promise<string | null>;
}

/** Rows read per query: a long history costs more queries of the same size, never one huge read. */
export const BATCH = 500;

/** The newest rows, `before` an id, in batches, up to `max`; `more` when there are older ones left. */
export async function newest<T extends { id: number }>(
  read: (beforeId: number, limit: number) => Promise<T[]>,
  max: number,
): Promise<{ rows: T[]; more: boolean }> {
  const rows: T[] = [];
  let before = Number.MAX_SAFE_INTEGER;
  while (rows.length < max) {
    const want = Math.min(BATCH, max - rows.length);
    const batch = await read(before, want);
    rows.push(...batch);
    const last = batch.at(-1);
    if (batch.length < want || !last) return { rows, more: false };
    before = last.id;
  }
  return { rows, more: (await read(before, 1)).length > 0 };
}

/** People by id, with the names Slack gave (an id alone when it would not say). */
export async function people(
  names: ReportNames,
  ids: Iterable<string | null>,
): Promise<(id: string | null) => Person | null> {
  const known = await names.users([...new Set([...ids].filter((id): id is string => Boolean(id)))]);
  return (id) => {
    if (!id) return null;
    const name = known.get(id);
    return name ? { id, name } : { id };
  };
}

/** A run's status as a report shows it: one still starting is counted as active. */
export const reportStatus = (status: string): RunStatus =>
  status === 'paused' || status === 'completed' || status === 'abandoned' ? status : 'active';

export function playbookFacts(playbooks: PlaybookLibrary, id: string, stepIndex: number) {
  // A playbook removed from the library since keeps its id, and what we know of its progress.
  try {
    const p = playbooks.get(id);
    return { playbookName: p.name, stepCount: p.steps.length };
  } catch {
    return { playbookName: id, stepCount: stepIndex + 1 };
  }
}
