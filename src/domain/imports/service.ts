import type { Tier } from '../../config/schema';
import type { Change, PartnerService } from '../partners/service';
import { type CheckedRow, checkRow, markDuplicates } from './check';
import { readHeader } from './columns';
import { readCsv } from './csv';
import { type ImportPlan, type OwnerLookup, planImport, planWrites } from './plan';

/**
 * Importing partners from a CSV file, for the command-line tool and for Slack alike: read and
 * check the file, look owner e-mails up, compare with the partners on file (a dry run), and apply
 * that plan in one transaction. Looking e-mails up needs Slack, so it is passed in (and done before
 * the transaction: nothing waits on the network while the database is held).
 */

export interface ImportDeps {
  partners: PartnerService;
  tiers: readonly Tier[];
  /** Finds the member with an e-mail (users.lookupByEmail); absent when there is no token to ask with. */
  lookupEmail?: (email: string) => Promise<OwnerLookup>;
}

export interface PreparedImport {
  rows: CheckedRow[];
  ignored: string[];
  owners: Map<string, OwnerLookup>;
}

export type ImportOutcome =
  | { kind: 'applied'; plan: ImportPlan; changes: Change[][] }
  /** The plan differs from the one the person saw: nothing written; here is the plan as it is now. */
  | { kind: 'outdated'; plan: ImportPlan }
  /** This exact import was applied already (a second click). */
  | { kind: 'duplicate' };

export interface ApplyOptions {
  actor: string;
  /** The note of each imported health score. */
  reason?: string;
  /** Apply only if the plan still has this fingerprint (what was shown). */
  expect?: string;
  /** A once-only key: a second apply with it does nothing. */
  once?: string;
}

/** Thrown inside the transaction so that it rolls back (the once-only claim included). */
class Outdated extends Error {
  constructor(readonly plan: ImportPlan) {
    super('outdated import plan');
  }
}

export const IMPORT_REASON = 'imported';
const NO_TOKEN = 'SLACK_BOT_TOKEN is not set';

export function importService(deps: ImportDeps) {
  async function prepare(file: Uint8Array | string): Promise<PreparedImport> {
    const table = readCsv(file);
    const header = readHeader(table.header);
    const rows = table.rows.map((r) => checkRow(r, header, deps.tiers));
    markDuplicates(rows);
    const emails = [...new Set(rows.flatMap((r) => (r.ownerEmail ? [r.ownerEmail] : [])))];
    const owners = new Map<string, OwnerLookup>();
    // One at a time: a program has a handful of owners, and Slack paces users.lookupByEmail.
    for (const email of emails)
      owners.set(email, deps.lookupEmail ? await deps.lookupEmail(email) : { kind: 'unavailable', reason: NO_TOKEN });
    return { rows, ignored: header.ignored, owners };
  }

  const names = (p: PreparedImport) => p.rows.flatMap((r) => (r.name ? [r.name] : []));

  return {
    prepare,
    /** What the file would do, nothing written. */
    async preview(file: Uint8Array | string): Promise<ImportPlan> {
      const prepared = await prepare(file);
      return planImport(prepared.rows, prepared.ignored, await deps.partners.byNames(names(prepared)), prepared.owners);
    },
    /** Applies every valid row in one transaction; rows with problems are left out (and reported in the plan). */
    async apply(file: Uint8Array | string, options: ApplyOptions): Promise<ImportOutcome> {
      const prepared = await prepare(file);
      try {
        return await deps.partners.batch(async (batch) => {
          if (options.once && !(await batch.firstTime(options.once))) return { kind: 'duplicate' } as const;
          const plan = planImport(
            prepared.rows,
            prepared.ignored,
            await batch.byNames(names(prepared)),
            prepared.owners,
          );
          if (options.expect && options.expect !== plan.fingerprint) throw new Outdated(plan);
          const changes = await batch.write(planWrites(plan), options.actor, options.reason ?? IMPORT_REASON);
          return { kind: 'applied', plan, changes } as const;
        });
      } catch (error) {
        if (error instanceof Outdated) return { kind: 'outdated', plan: error.plan };
        throw error;
      }
    },
  };
}

export type ImportService = ReturnType<typeof importService>;
