import type { CompanyConfig } from '../../config/schema';
import { isUniqueViolation, type Store } from '../../store';
import type { Clock } from '../clock';
import type { AddOptions, ListFilter, PartnerAction } from '../commands/parse';
import { DuplicatePartner } from '../errors';
import { type PartnerWrite, partnerBulk } from './bulk';
import { partnerChanges } from './changes';
import { cleanName, type Partner, toPartner } from './model';
import { partnerNames } from './names';
import type { Change, PartnerPage, PartnerRecord } from './outcomes';

export interface PartnerDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
}

export type { Change, MilestoneView, PartnerPage, PartnerRecord } from './outcomes';

export const LIST_PAGE_SIZE = 50;

/** Partner memory for the edges: finding partners by what people type, reading them, changing them. */
export function partnerService(deps: PartnerDeps) {
  const { store, clock, company } = deps;
  const names = partnerNames(store);
  const changes = partnerChanges({ clock, company });
  const bulk = partnerBulk({ clock, company });

  /** A partner by the name a user typed: exact, else the one current partner it fits (see names.ts). */
  const findPartner = async (name: string): Promise<Partner> => (await names.find(name)).partner;

  async function add(rawName: string, options: AddOptions, actor: string): Promise<Change> {
    const name = cleanName(rawName);
    const existing = await store.partners.findByName(name);
    if (existing) throw new DuplicatePartner(name, existing.name, existing.archived_at !== null);
    const at = clock.now().toISOString();
    const row = {
      name,
      type: options.type ?? null,
      tier: options.tier ?? company.tiers.at(-1)?.name ?? 'Bronze',
      stage: 'prospect',
      owner_user_id: options.ownerUserId === undefined ? actor : options.ownerUserId,
      channel_id: options.channelId ?? null,
      vertical: options.vertical ?? null,
      created_by: actor,
      at,
    };
    try {
      const partner = await store.transaction(async (tx) => {
        const id = await tx.partners.insert(row);
        await tx.audit.write({
          at,
          user_id: actor,
          partner_id: id,
          action: 'partner.added',
          detail: { ...row, at: undefined },
        });
        return changes.findById(tx, id);
      });
      return { partner, action: 'added', actor };
    } catch (e) {
      // Two adds racing past the check above (two replicas, two people): the unique name key decides.
      if (isUniqueViolation(e)) {
        throw new DuplicatePartner(name, (await store.partners.findByName(name))?.name ?? name, false);
      }
      throw e;
    }
  }

  async function list(filter: ListFilter, page: number): Promise<PartnerPage> {
    const f = { tier: filter.tier, stage: filter.stage, owner: filter.ownerUserId };
    const total = await store.partners.count(f);
    const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
    const current = Math.min(page, pages);
    const rows = await store.partners.list(f, LIST_PAGE_SIZE, (current - 1) * LIST_PAGE_SIZE);
    return { partners: rows.map(toPartner), total, page: current, pages, pageSize: LIST_PAGE_SIZE };
  }

  /** Applies one parsed action to a partner; `show` returns the record, changes return a Change. */
  function apply(partner: Partner, action: PartnerAction, actor: string): Promise<PartnerRecord | Change> {
    if (action.kind === 'show') return changes.record(store, partner);
    return store.transaction((tx) => changes.change(tx, partner, action, actor));
  }

  /** The Archive button of a confirmation: exactly the partner it names, by id. */
  function archiveById(partnerId: number, actor: string): Promise<Change> {
    return store.transaction(async (tx) => {
      const partner = await changes.findById(tx, partnerId);
      if (partner.archivedAt) return { actor, action: 'archived', partner, unchanged: true };
      changes.assertCanChange(partner, actor);
      return changes.archive(tx, partner, actor);
    });
  }

  /** Several changes from one form, all or nothing; unchanged fields are left out of the result. */
  function update(partnerId: number, actions: readonly PartnerAction[], actor: string): Promise<Change[]> {
    return store.transaction(async (tx) => {
      let partner = await changes.findById(tx, partnerId);
      changes.assertCanChange(partner, actor);
      const made: Change[] = [];
      for (const action of actions) {
        if (action.kind === 'show') continue;
        const result = await changes.change(tx, partner, action, actor);
        if (result.unchanged) continue;
        made.push(result);
        partner = result.partner;
      }
      return made.map((c) => ({ ...c, partner }));
    });
  }

  /** The partner, if this user may change it (for opening the Update form); else a DomainError. */
  async function editable(partnerId: number, actor: string): Promise<Partner> {
    const partner = await changes.findById(store, partnerId);
    changes.assertCanChange(partner, actor);
    return partner;
  }

  return {
    add,
    list,
    record: (partner: Partner) => changes.record(store, partner),
    resolve: names.resolve,
    findPartner,
    find: names.find,
    mentionedIn: names.mentionedIn,
    archiveById,
    findById: (id: number) => changes.findById(store, id),
    editable,
    apply,
    update,
    /** The partners a user owns, for App Home. */
    ownedBy: async (userId: string, limit: number): Promise<Partner[]> =>
      (await store.partners.ownedBy(userId, limit)).map(toPartner),
    tiers: () => company.tiers,
    /** Partners by exact name (case-insensitive, Unicode-normalised), archived ones too, keyed by name key. */
    byNames: (names: readonly string[]) => bulk.byNames(store, names),
    /**
     * Many changes in one transaction (an import): fn reads the partners it is about, writes, and
     * may claim a once-only key, all in that transaction; a throw writes nothing.
     */
    batch: <T>(fn: (batch: PartnerBatch) => Promise<T>): Promise<T> =>
      store.transaction((tx) =>
        fn({
          byNames: (names) => bulk.byNames(tx, names),
          write: (writes, actor, reason) => bulk.write(tx, writes, actor, reason),
          firstTime: (key) => tx.processedEvents.claim(key, clock.now().toISOString()),
        }),
      ),
  };
}

export type PartnerService = ReturnType<typeof partnerService>;

/** What one import transaction may do (see `batch`). */
export interface PartnerBatch {
  byNames(names: readonly string[]): Promise<Map<string, Partner>>;
  write(writes: readonly PartnerWrite[], actor: string, reason: string): Promise<Change[][]>;
  /** True the first time `key` is claimed (on this database); the claim commits with the writes. */
  firstTime(key: string): Promise<boolean>;
}
