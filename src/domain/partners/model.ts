import { z } from 'zod';
import type { Tier } from '../../config/schema';
import type { PartnerRow } from '../../store/partners';
import { InvalidValue } from '../errors';

export const STAGES = ['prospect', 'recruiting', 'onboarding', 'active', 'growing', 'at_risk', 'exited'] as const;
export const PARTNER_TYPES = ['reseller', 'referral', 'si', 'isv', 'technology'] as const;
export const StageSchema = z.enum(STAGES);
export const PartnerTypeSchema = z.enum(PARTNER_TYPES);
export type Stage = z.infer<typeof StageSchema>;
export type PartnerType = z.infer<typeof PartnerTypeSchema>;

/** Long enough for any company; short enough that a header block (150) still fits around it. */
export const MAX_NAME_LENGTH = 100;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_TITLE_LENGTH = 150;

export interface Partner {
  id: number;
  name: string;
  type: PartnerType | null;
  tier: string;
  stage: Stage;
  health: number | null;
  ownerUserId: string | null;
  channelId: string | null;
  vertical: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: row.name,
    type: PartnerTypeSchema.safeParse(row.type).data ?? null,
    tier: row.tier,
    stage: StageSchema.safeParse(row.stage).data ?? 'prospect',
    health: row.health,
    ownerUserId: row.owner_user_id,
    channelId: row.channel_id,
    vertical: row.vertical,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

export type HealthBand = 'green' | 'yellow' | 'red' | 'unset';

/** ≥80 green, 50–79 yellow, below 50 red. */
export function healthBand(health: number | null): HealthBand {
  if (health === null) return 'unset';
  if (health >= 80) return 'green';
  if (health >= 50) return 'yellow';
  return 'red';
}

/** Trims, collapses inner white space and checks what a partner name may be. */
export function cleanName(raw: string): string {
  const name = raw.replace(/\s+/gu, ' ').trim();
  if (name === '')
    throw new InvalidValue(
      'The partner name is empty.',
      'Type the name after the command, in quotes if it has spaces: `/partner add "Acme Corp"`.',
      'name',
    );
  if ([...name].length > MAX_NAME_LENGTH) {
    throw new InvalidValue(
      `That name is ${[...name].length} characters long; the limit is ${MAX_NAME_LENGTH}.`,
      'Use the company’s usual short name.',
      'name',
    );
  }
  return name;
}

export function matchTier(value: string, tiers: readonly Tier[]): string {
  const found = tiers.find((t) => t.name.toLowerCase() === value.trim().toLowerCase());
  if (!found) {
    throw new InvalidValue(`“${value}” is not a tier.`, `Tiers are ${tiers.map((t) => t.name).join(', ')}.`, 'tier');
  }
  return found.name;
}

export function matchStage(value: string): Stage {
  const parsed = StageSchema.safeParse(
    value
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  if (!parsed.success)
    throw new InvalidValue(`“${value}” is not a stage.`, `Stages are ${STAGES.join(', ')}.`, 'stage');
  return parsed.data;
}

export function matchType(value: string): PartnerType {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[\s/_-]+/g, '');
  const aliases: Record<string, PartnerType> = {
    tech: 'technology',
    systemsintegrator: 'si',
    integrator: 'si',
    var: 'reseller',
  };
  const parsed = PartnerTypeSchema.safeParse(aliases[v] ?? v);
  if (!parsed.success)
    throw new InvalidValue(`“${value}” is not a partner type.`, `Types are ${PARTNER_TYPES.join(', ')}.`, 'type');
  return parsed.data;
}

export function parseHealth(value: string): number {
  const text = value.trim().replace(/%$/, '');
  const n = Number(text);
  // Plain decimal only: Number() would also read 0x10, 1e2 and 0b1.
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) {
    throw new InvalidValue(
      `“${value}” is not a health score.`,
      'Give a whole number from 0 to 100, e.g. `/partner health "Acme Corp" 72`.',
      'health',
    );
  }
  if (!Number.isInteger(n) || n < 0 || n > 100) {
    throw new InvalidValue(
      `Health must be a whole number from 0 to 100; ${text} is not.`,
      'e.g. `/partner health "Acme Corp" 72 lost the champion`.',
      'health',
    );
  }
  return n;
}

// Building a DateTimeFormat costs ~0.1 ms, a quarter of a `show`: one per zone, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}
