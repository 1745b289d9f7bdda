import type { CompanyConfig } from '../../config/schema';
import type { Tables } from '../../store';
import type { AuditEntry } from '../../store/activity';
import { nameKey } from '../../store/name-key';
import type { NewPartnerRow, PartnerPatch } from '../../store/partners';
import type { Clock } from '../clock';
import { type Partner, type PartnerType, type Stage, toPartner } from './model';
import type { Change } from './outcomes';

/**
 * Many partners added or changed at once (an import), with the same records a command leaves: an
 * audit row per change, a health event with its reason, and the changes for the notices. A few
 * statements per few hundred partners, so thousands fit in one short transaction.
 */

/** What an import may set on a partner. */
export interface PartnerFields {
  type: PartnerType | null;
  tier: string;
  stage: Stage;
  owner: string | null;
  channel: string | null;
  vertical: string | null;
  health: number | null;
}

export type FieldName = keyof PartnerFields;

export type PartnerWrite =
  | { kind: 'add'; name: string; set: Partial<PartnerFields> }
  /** `set` holds only what differs from the partner as it is. */
  | { kind: 'update'; partner: Partner; set: Partial<PartnerFields> };

const COLUMN = {
  type: 'type',
  tier: 'tier',
  stage: 'stage',
  owner: 'owner_user_id',
  channel: 'channel_id',
  vertical: 'vertical',
  health: 'health',
} as const satisfies Record<FieldName, keyof PartnerPatch>;

export const currentValue = (p: Partner, field: FieldName): string | number | null =>
  ({
    type: p.type,
    tier: p.tier,
    stage: p.stage,
    owner: p.ownerUserId,
    channel: p.channelId,
    vertical: p.vertical,
    health: p.health,
  })[field];

const ANNOUNCED = new Set<Change['action']>(['tier', 'stage', 'owner', 'channel', 'health', 'type', 'vertical']);

export function partnerBulk(deps: { clock: Clock; company: CompanyConfig }) {
  const lowestTier = () => deps.company.tiers.at(-1)?.name ?? 'Bronze';

  /** Partners by name key (archived ones too): what a list of names finds exactly. */
  async function byNames(tx: Pick<Tables, 'partners'>, names: readonly string[]): Promise<Map<string, Partner>> {
    const rows = await tx.partners.withNameKeys(names.map(nameKey));
    return new Map(rows.map((r) => [r.name_key, toPartner(r)]));
  }

  /**
   * Applies the writes inside the caller's transaction. `reason` is the note of each health event
   * (“imported”). Returns the changes of each partner, in the order of the writes.
   */
  async function write(
    tx: Tables,
    writes: readonly PartnerWrite[],
    actor: string,
    reason: string,
  ): Promise<Change[][]> {
    const at = deps.clock.now().toISOString();
    const adds = writes.filter((w) => w.kind === 'add');
    const newRows: NewPartnerRow[] = adds.map((w) => ({
      name: w.name,
      type: w.set.type ?? null,
      tier: w.set.tier ?? lowestTier(),
      stage: w.set.stage ?? 'prospect',
      owner_user_id: w.set.owner ?? null,
      channel_id: w.set.channel ?? null,
      vertical: w.set.vertical ?? null,
      health: w.set.health ?? null,
      created_by: actor,
      at,
    }));
    const ids = await tx.partners.insertMany(newRows);
    const audit: AuditEntry[] = [];
    const health: Parameters<Tables['health']['addMany']>[0][number][] = [];
    const result: Change[][] = [];
    let added = 0;
    for (const w of writes) {
      if (w.kind === 'add') {
        const row = newRows[added++];
        const id = row ? ids.get(nameKey(row.name)) : undefined;
        if (!row || id === undefined) throw new Error(`no id for the imported partner ${w.name}`);
        const partner = toPartner({
          ...row,
          id,
          workspace_id: '',
          name_key: nameKey(row.name),
          search_key: '',
          health: row.health ?? null,
          created_at: at,
          updated_at: at,
          archived_at: null,
          demo: 0,
        });
        const { at: _at, ...detail } = row;
        audit.push({
          at,
          user_id: actor,
          partner_id: id,
          action: 'partner.added',
          detail: { ...detail, source: 'import' },
        });
        if (partner.health !== null) {
          health.push({ partner_id: id, score: partner.health, previous: null, note: reason, user_id: actor, at });
          audit.push({
            at,
            user_id: actor,
            partner_id: id,
            action: 'partner.health',
            detail: { health: [null, partner.health], note: reason, source: 'import' },
          });
        }
        result.push([{ partner, action: 'added', actor }]);
        continue;
      }
      const before = w.partner;
      const fields = Object.keys(w.set) as FieldName[];
      if (fields.length === 0) {
        result.push([]);
        continue;
      }
      const patch: PartnerPatch = {};
      for (const f of fields) Object.assign(patch, { [COLUMN[f]]: w.set[f] ?? null });
      await tx.partners.update(before.id, patch, at);
      const after: Partner = {
        ...before,
        ...(w.set.type !== undefined ? { type: w.set.type } : {}),
        ...(w.set.tier !== undefined ? { tier: w.set.tier } : {}),
        ...(w.set.stage !== undefined ? { stage: w.set.stage } : {}),
        ...(w.set.owner !== undefined ? { ownerUserId: w.set.owner } : {}),
        ...(w.set.channel !== undefined ? { channelId: w.set.channel } : {}),
        ...(w.set.vertical !== undefined ? { vertical: w.set.vertical } : {}),
        ...(w.set.health !== undefined ? { health: w.set.health } : {}),
        updatedAt: at,
      };
      const changes: Change[] = [];
      for (const f of fields) {
        const was = currentValue(before, f);
        const now = w.set[f] ?? null;
        if (f === 'health' && typeof now === 'number') {
          health.push({ partner_id: before.id, score: now, previous: before.health, note: reason, user_id: actor, at });
          audit.push({
            at,
            user_id: actor,
            partner_id: before.id,
            action: 'partner.health',
            detail: { health: [was, now], note: reason, source: 'import' },
          });
        } else {
          audit.push({
            at,
            user_id: actor,
            partner_id: before.id,
            action: `partner.${f}`,
            detail: { [f]: [was, now], source: 'import' },
          });
        }
        if (ANNOUNCED.has(f))
          changes.push({
            partner: after,
            action: f,
            before: was,
            after: now,
            actor,
            ...(f === 'health' ? { detail: reason } : {}),
          });
      }
      result.push(changes);
    }
    await tx.audit.writeMany(audit);
    await tx.health.addMany(health);
    return result;
  }

  return { byNames, write };
}

export type PartnerBulk = ReturnType<typeof partnerBulk>;
