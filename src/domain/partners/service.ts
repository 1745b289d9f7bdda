import Fuse from 'fuse.js';
import type { CompanyConfig } from '../../config/schema';
import type { MilestoneRow } from '../../store/activity';
import type { Store } from '../../store';
import { nameKey } from '../../store/name-key';
import type { PartnerPatch } from '../../store/partners';
import type { Clock } from '../clock';
import type { AddOptions, ListFilter, PartnerAction } from '../commands/parse';
import {
  DuplicatePartner,
  InvalidValue,
  NotAllowed,
  PartnerArchived,
  UnknownMilestone,
  UnknownPartner,
} from '../errors';
import { nextQbrDue } from '../reminders/due';
import { reminderSettings } from '../reminders/model';
import { recordQbr } from '../reminders/qbr';
import { cleanName, localDate, toPartner, type Partner } from './model';
import { partnerNames } from './names';
import type { Change, PartnerPage, PartnerRecord } from './outcomes';

export interface PartnerDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
}

export type { Change, MilestoneView, PartnerPage, PartnerRecord } from './outcomes';

export const LIST_PAGE_SIZE = 50;

export function partnerService(deps: PartnerDeps) {
  const { store, clock, company } = deps;
  const nowIso = () => clock.now().toISOString();
  const today = () => localDate(clock.now(), company.reminders.timezone);
  const qbrSettings = reminderSettings(company);

  const names = partnerNames(store);

  /** A partner by the name a user typed: exact, else the one current partner it fits (see names.ts). */
  const findPartner = (name: string): Partner => names.find(name).partner;

  function assertCanChange(partner: Partner, actor: string): void {
    if (partner.archivedAt) throw new PartnerArchived(partner.name);
    if (company.admins.length === 0 || company.admins.includes(actor) || partner.ownerUserId === actor) return;
    throw new NotAllowed(partner.name);
  }

  function patch(
    partner: Partner,
    change: PartnerPatch,
    actor: string,
    action: Change['action'],
    detail: Record<string, unknown>,
  ): Partner {
    const at = nowIso();
    store.transaction(() => {
      store.partners.update(partner.id, change, at);
      store.audit.write({ at, user_id: actor, partner_id: partner.id, action: `partner.${action}`, detail });
    });
    return toPartner(store.partners.findById(partner.id) ?? raise(`partner ${partner.id} vanished`));
  }

  function add(rawName: string, options: AddOptions, actor: string): Change {
    const name = cleanName(rawName);
    const existing = store.partners.findByName(name);
    if (existing) throw new DuplicatePartner(name, existing.name, existing.archived_at !== null);
    const at = nowIso();
    const row = {
      name,
      type: options.type ?? null,
      tier: options.tier ?? lowestTier(),
      stage: 'prospect',
      owner_user_id: options.ownerUserId ?? actor,
      channel_id: options.channelId ?? null,
      vertical: options.vertical ?? null,
      created_by: actor,
      at,
    };
    let id: number;
    try {
      id = store.transaction(() => {
        const newId = store.partners.insert(row);
        store.audit.write({
          at,
          user_id: actor,
          partner_id: newId,
          action: 'partner.added',
          detail: { ...row, at: undefined },
        });
        return newId;
      });
    } catch (e) {
      // Two adds racing past the check above: the UNIQUE index on name_key decides.
      if (isUniqueViolation(e)) throw new DuplicatePartner(name, store.partners.findByName(name)?.name ?? name, false);
      throw e;
    }
    return { partner: toPartner(store.partners.findById(id) ?? raise('insert lost')), action: 'added', actor };
  }

  function lowestTier(): string {
    return company.tiers.at(-1)?.name ?? 'Bronze';
  }

  function list(filter: ListFilter, page: number): PartnerPage {
    const f = { tier: filter.tier, stage: filter.stage, owner: filter.ownerUserId };
    const total = store.partners.count(f);
    const pages = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
    const current = Math.min(page, pages);
    const rows = store.partners.list(f, LIST_PAGE_SIZE, (current - 1) * LIST_PAGE_SIZE);
    return { partners: rows.map(toPartner), total, page: current, pages, pageSize: LIST_PAGE_SIZE };
  }

  function record(partner: Partner): PartnerRecord {
    const day = today();
    const openMilestones = store.milestones.open(partner.id).map((m: MilestoneRow) => ({
      id: m.id,
      title: m.title,
      dueOn: m.due_on,
      overdue: m.due_on < day,
      dueToday: m.due_on === day,
    }));
    return {
      partner,
      health: store.health.recent(partner.id, 5),
      openMilestones,
      notes: store.notes.recent(partner.id, 5),
      noteCount: store.notes.count(partner.id),
    };
  }

  /** Applies one parsed action to a partner; `show` returns the record, changes return a Change. */
  function apply(partner: Partner, action: PartnerAction, actor: string): PartnerRecord | Change {
    if (action.kind === 'show') return record(partner);
    assertCanChange(partner, actor);
    switch (action.kind) {
      case 'tier':
        return setField(partner, 'tier', action.tier, actor);
      case 'stage':
        return setField(partner, 'stage', action.stage, actor);
      case 'owner':
        return setField(partner, 'owner', action.userId, actor);
      case 'channel':
        return setField(partner, 'channel', action.channelId, actor);
      case 'archive':
        return archive(partner, actor);
      case 'health':
        return recordHealth(partner, action.score, action.note, actor);
      case 'note':
        return addNote(partner, action.text, actor);
      case 'milestone':
        return addMilestone(partner, action.title, action.dueOn, actor);
      case 'done':
        return completeMilestone(partner, action.title, actor);
      case 'qbr':
        return qbrHeld(partner, action.heldOn, actor);
    }
  }

  /** Archives once: a second click, or a click after someone else archived it, changes nothing. */
  function archive(partner: Partner, actor: string): Change {
    const at = nowIso();
    const done = store.transaction(() => {
      if (!store.partners.archive(partner.id, at)) return false;
      store.audit.write({ at, user_id: actor, partner_id: partner.id, action: 'partner.archived', detail: {} });
      return true;
    });
    const after = toPartner(store.partners.findById(partner.id) ?? raise(`partner ${partner.id} vanished`));
    return { actor, action: 'archived', partner: after, ...(done ? {} : { unchanged: true }) };
  }

  /** The Archive button of a confirmation: exactly the partner it names, by id. */
  function archiveById(partnerId: number, actor: string): Change {
    const partner = findById(partnerId);
    if (partner.archivedAt) return { actor, action: 'archived', partner, unchanged: true };
    assertCanChange(partner, actor);
    return archive(partner, actor);
  }

  /** `/partner qbr-held`: a QBR on a past day (or today); the next one is planned from the latest. */
  function qbrHeld(partner: Partner, heldOn: string | null, actor: string): Change {
    const day = heldOn ?? today();
    if (day > today()) {
      throw new InvalidValue(
        `${day} is in the future (today is ${today()}).`,
        'Record a QBR once it has been held: leave the date out for today, or give the day it took place.',
        'date',
      );
    }
    const before = store.qbrs.last(partner.id)?.held_on ?? null;
    const added = store.transaction(() =>
      recordQbr(store, { partnerId: partner.id, heldOn: day, actor, at: nowIso() }),
    );
    const latest = before !== null && before > day ? before : day;
    const next = nextQbrDue(partner, latest, qbrSettings).dueOn;
    return {
      action: 'qbr',
      before,
      after: day,
      dueOn: next,
      actor,
      partner,
      ...(added ? {} : { unchanged: true }),
      ...(before !== null && before > day
        ? { warning: `A later QBR (${before}) is already recorded: the next one is planned from that.` }
        : {}),
    };
  }

  function setField(
    partner: Partner,
    field: 'tier' | 'stage' | 'owner' | 'channel',
    value: string,
    actor: string,
  ): Change {
    const column = { tier: 'tier', stage: 'stage', owner: 'owner_user_id', channel: 'channel_id' } as const;
    const before = { tier: partner.tier, stage: partner.stage, owner: partner.ownerUserId, channel: partner.channelId }[
      field
    ];
    if (before === value) return { actor, action: field, before, after: value, partner, unchanged: true };
    const after = patch(partner, { [column[field]]: value }, actor, field, { [field]: [before, value] });
    return { actor, action: field, before, after: value, partner: after };
  }

  function recordHealth(partner: Partner, score: number, note: string | null, actor: string): Change {
    const at = nowIso();
    store.transaction(() => {
      store.partners.update(partner.id, { health: score }, at);
      store.health.add({ partner_id: partner.id, score, previous: partner.health, note, user_id: actor, at });
      store.audit.write({
        at,
        user_id: actor,
        partner_id: partner.id,
        action: 'partner.health',
        detail: { health: [partner.health, score], note },
      });
    });
    return {
      action: 'health',
      before: partner.health,
      after: score,
      detail: note,
      actor,
      partner: { ...partner, health: score, updatedAt: at },
    };
  }

  function addNote(partner: Partner, text: string, actor: string): Change {
    const at = nowIso();
    store.transaction(() => {
      store.notes.add({ partner_id: partner.id, text, user_id: actor, permalink: null, at });
      store.audit.write({
        at,
        user_id: actor,
        partner_id: partner.id,
        action: 'partner.note',
        detail: { length: text.length },
      });
    });
    return { action: 'note', detail: text, actor, partner };
  }

  function addMilestone(partner: Partner, title: string, dueOn: string, actor: string): Change {
    const at = nowIso();
    store.transaction(() => {
      const id = store.milestones.add({
        partner_id: partner.id,
        title,
        due_on: dueOn,
        created_by: actor,
        created_at: at,
      });
      store.audit.write({
        at,
        user_id: actor,
        partner_id: partner.id,
        action: 'milestone.added',
        detail: { id, title, due_on: dueOn },
      });
    });
    return {
      action: 'milestone',
      detail: title,
      dueOn,
      actor,
      partner,
      ...(dueOn < today() ? { warning: 'That due date has already passed.' } : {}),
    };
  }

  function completeMilestone(partner: Partner, title: string, actor: string): Change {
    const open = store.milestones.open(partner.id);
    const key = nameKey(title);
    const match =
      open.find((m) => nameKey(m.title) === key) ??
      singleOrNone(
        new Fuse(open, { keys: ['title'], threshold: 0.3, ignoreLocation: true }).search(title).map((r) => r.item),
      );
    if (!match)
      throw new UnknownMilestone(
        partner.name,
        title,
        open.map((m) => m.title),
      );
    const at = nowIso();
    store.transaction(() => {
      if (store.milestones.markDone(match.id, at, actor)) {
        store.audit.write({
          at,
          user_id: actor,
          partner_id: partner.id,
          action: 'milestone.done',
          detail: { id: match.id, title: match.title },
        });
      }
    });
    return { action: 'done', detail: match.title, dueOn: match.due_on, actor, partner };
  }

  /** The partners a user owns, for App Home. */
  function ownedBy(userId: string, limit: number): Partner[] {
    return store.partners.ownedBy(userId, limit).map(toPartner);
  }

  function findById(id: number): Partner {
    const row = store.partners.findById(id);
    if (!row) throw new UnknownPartner(`#${id}`, []);
    return toPartner(row);
  }

  /** Several changes from one form, all or nothing; unchanged fields are left out of the result. */
  function update(partnerId: number, actions: readonly PartnerAction[], actor: string): Change[] {
    return store.transaction(() => {
      let partner = findById(partnerId);
      assertCanChange(partner, actor);
      const changes: Change[] = [];
      for (const action of actions) {
        const result = apply(partner, action, actor);
        if (!('action' in result) || result.unchanged) continue;
        changes.push(result);
        partner = result.partner;
      }
      return changes.map((c) => ({ ...c, partner }));
    });
  }

  /** The partner, if this user may change it (for opening the Update form); else a DomainError. */
  function editable(partnerId: number, actor: string): Partner {
    const partner = findById(partnerId);
    assertCanChange(partner, actor);
    return partner;
  }

  return {
    add,
    list,
    record,
    resolve: names.resolve,
    findPartner,
    find: names.find,
    mentionedIn: names.mentionedIn,
    archiveById,
    findById,
    editable,
    apply,
    update,
    ownedBy,
    tiers: () => company.tiers,
  };
}

export type PartnerService = ReturnType<typeof partnerService>;

function singleOrNone<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && 'code' in e && (e as { code: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function raise(message: string): never {
  throw new Error(message);
}
