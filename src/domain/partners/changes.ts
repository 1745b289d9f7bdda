import Fuse from 'fuse.js';
import type { CompanyConfig } from '../../config/schema';
import type { Tables } from '../../store';
import { nameKey } from '../../store/name-key';
import type { PartnerPatch } from '../../store/partners';
import type { Clock } from '../clock';
import type { PartnerAction } from '../commands/parse';
import { InvalidValue, NotAllowed, PartnerArchived, UnknownMilestone, UnknownPartner } from '../errors';
import { nextQbrDue } from '../reminders/due';
import { reminderSettings } from '../reminders/model';
import { recordQbr } from '../reminders/qbr';
import { localDate, type Partner, toPartner } from './model';
import type { Change, PartnerRecord } from './outcomes';

/**
 * What each `/partner` action does to one partner: the rules, run against a transaction's tables
 * (`tx`), so a single command and the Update form (several actions, all or nothing) share them.
 */
export function partnerChanges(deps: { clock: Clock; company: CompanyConfig }) {
  const { clock, company } = deps;
  const nowIso = () => clock.now().toISOString();
  const today = () => localDate(clock.now(), company.reminders.timezone);
  const qbrSettings = reminderSettings(company);

  function assertCanChange(partner: Partner, actor: string): void {
    if (partner.archivedAt) throw new PartnerArchived(partner.name);
    if (company.admins.length === 0 || company.admins.includes(actor) || partner.ownerUserId === actor) return;
    throw new NotAllowed(partner.name);
  }

  async function findById(tx: Pick<Tables, 'partners'>, id: number): Promise<Partner> {
    const row = await tx.partners.findById(id);
    if (!row) throw new UnknownPartner(`#${id}`, []);
    return toPartner(row);
  }

  async function record(tx: Tables, partner: Partner): Promise<PartnerRecord> {
    const day = today();
    const { openMilestones: milestones, health, notes, noteCount } = await tx.card.read(partner.id, 5);
    const openMilestones = milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.due_on,
      overdue: m.due_on < day,
      dueToday: m.due_on === day,
    }));
    return { partner, health, openMilestones, notes, noteCount };
  }

  async function patch(
    tx: Tables,
    partner: Partner,
    change: PartnerPatch,
    actor: string,
    action: Change['action'],
    detail: Record<string, unknown>,
  ): Promise<Partner> {
    const at = nowIso();
    await tx.partners.update(partner.id, change, at);
    await tx.audit.write({ at, user_id: actor, partner_id: partner.id, action: `partner.${action}`, detail });
    return findById(tx, partner.id);
  }

  async function setField(
    tx: Tables,
    partner: Partner,
    field: 'tier' | 'stage' | 'owner' | 'channel',
    value: string,
    actor: string,
  ): Promise<Change> {
    const column = { tier: 'tier', stage: 'stage', owner: 'owner_user_id', channel: 'channel_id' } as const;
    const before = { tier: partner.tier, stage: partner.stage, owner: partner.ownerUserId, channel: partner.channelId }[
      field
    ];
    if (before === value) return { actor, action: field, before, after: value, partner, unchanged: true };
    const after = await patch(tx, partner, { [column[field]]: value }, actor, field, { [field]: [before, value] });
    return { actor, action: field, before, after: value, partner: after };
  }

  /** Archives once: a second click, or a click after someone else archived it, changes nothing. */
  async function archive(tx: Tables, partner: Partner, actor: string): Promise<Change> {
    const at = nowIso();
    const done = await tx.partners.archive(partner.id, at);
    if (done)
      await tx.audit.write({ at, user_id: actor, partner_id: partner.id, action: 'partner.archived', detail: {} });
    return { actor, action: 'archived', partner: await findById(tx, partner.id), ...(done ? {} : { unchanged: true }) };
  }

  async function recordHealth(
    tx: Tables,
    partner: Partner,
    score: number,
    note: string | null,
    actor: string,
  ): Promise<Change> {
    const at = nowIso();
    await tx.partners.update(partner.id, { health: score }, at);
    await tx.health.add({ partner_id: partner.id, score, previous: partner.health, note, user_id: actor, at });
    await tx.audit.write({
      at,
      user_id: actor,
      partner_id: partner.id,
      action: 'partner.health',
      detail: { health: [partner.health, score], note },
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

  async function addNote(tx: Tables, partner: Partner, text: string, actor: string): Promise<Change> {
    const at = nowIso();
    await tx.notes.add({ partner_id: partner.id, text, user_id: actor, permalink: null, at });
    await tx.audit.write({
      at,
      user_id: actor,
      partner_id: partner.id,
      action: 'partner.note',
      detail: { length: text.length },
    });
    return { action: 'note', detail: text, actor, partner };
  }

  async function addMilestone(
    tx: Tables,
    partner: Partner,
    title: string,
    dueOn: string,
    actor: string,
  ): Promise<Change> {
    const at = nowIso();
    const id = await tx.milestones.add({
      partner_id: partner.id,
      title,
      due_on: dueOn,
      created_by: actor,
      created_at: at,
    });
    await tx.audit.write({
      at,
      user_id: actor,
      partner_id: partner.id,
      action: 'milestone.added',
      detail: { id, title, due_on: dueOn },
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

  async function completeMilestone(tx: Tables, partner: Partner, title: string, actor: string): Promise<Change> {
    const open = await tx.milestones.open(partner.id);
    const key = nameKey(title);
    const fuzzy = new Fuse(open, { keys: ['title'], threshold: 0.3, ignoreLocation: true }).search(title);
    const match = open.find((m) => nameKey(m.title) === key) ?? (fuzzy.length === 1 ? fuzzy[0]?.item : undefined);
    if (!match)
      throw new UnknownMilestone(
        partner.name,
        title,
        open.map((m) => m.title),
      );
    const at = nowIso();
    if (await tx.milestones.markDone(match.id, at, actor)) {
      await tx.audit.write({
        at,
        user_id: actor,
        partner_id: partner.id,
        action: 'milestone.done',
        detail: { id: match.id, title: match.title },
      });
    }
    return { action: 'done', detail: match.title, dueOn: match.due_on, actor, partner };
  }

  /** `/partner qbr-held`: a QBR on a past day (or today); the next one is planned from the latest. */
  async function qbrHeld(tx: Tables, partner: Partner, heldOn: string | null, actor: string): Promise<Change> {
    const day = heldOn ?? today();
    if (day > today()) {
      throw new InvalidValue(
        `${day} is in the future (today is ${today()}).`,
        'Record a QBR once it has been held: leave the date out for today, or give the day it took place.',
        'date',
      );
    }
    const before = (await tx.qbrs.last(partner.id))?.held_on ?? null;
    const added = await recordQbr(tx, { partnerId: partner.id, heldOn: day, actor, at: nowIso() });
    const later = before !== null && before > day;
    const next = nextQbrDue(partner, later ? before : day, qbrSettings).dueOn;
    return {
      action: 'qbr',
      before,
      after: day,
      dueOn: next,
      actor,
      partner,
      ...(added ? {} : { unchanged: true }),
      ...(later ? { warning: `A later QBR (${before}) is already recorded: the next one is planned from that.` } : {}),
    };
  }

  /** Applies one parsed change (not `show`) to a partner, inside the caller's transaction. */
  function change(tx: Tables, partner: Partner, action: Exclude<PartnerAction, { kind: 'show' }>, actor: string) {
    assertCanChange(partner, actor);
    switch (action.kind) {
      case 'tier':
        return setField(tx, partner, 'tier', action.tier, actor);
      case 'stage':
        return setField(tx, partner, 'stage', action.stage, actor);
      case 'owner':
        return setField(tx, partner, 'owner', action.userId, actor);
      case 'channel':
        return setField(tx, partner, 'channel', action.channelId, actor);
      case 'archive':
        return archive(tx, partner, actor);
      case 'health':
        return recordHealth(tx, partner, action.score, action.note, actor);
      case 'note':
        return addNote(tx, partner, action.text, actor);
      case 'milestone':
        return addMilestone(tx, partner, action.title, action.dueOn, actor);
      case 'done':
        return completeMilestone(tx, partner, action.title, actor);
      case 'qbr':
        return qbrHeld(tx, partner, action.heldOn, actor);
    }
  }

  return { assertCanChange, findById, record, change, archive };
}

export type PartnerChanges = ReturnType<typeof partnerChanges>;
