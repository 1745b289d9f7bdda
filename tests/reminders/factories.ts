/** Builders for the pure due-computation tests: valid defaults, each test states only what matters to it. */
import { DateTime } from 'luxon';
import { CompanyConfigSchema } from '../../src/config/schema';
import {
  reminderSettings,
  type ReminderSettings,
  type Snapshot,
  type SnapshotHealthEvent,
  type SnapshotMilestone,
  type SnapshotPartner,
} from '../../src/domain/reminders/model';

export function settings(
  reminders: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): ReminderSettings {
  return reminderSettings(CompanyConfigSchema.parse({ reminders, ...extra }));
}

export function partner(p: Partial<SnapshotPartner> = {}): SnapshotPartner {
  return {
    id: 7,
    name: 'Acme Corp',
    tier: 'Gold',
    stage: 'active',
    ownerUserId: 'U0ANA',
    channelId: 'C0ACME',
    createdAt: '2026-11-01T12:00:00.000Z',
    ...p,
  };
}

export function milestone(m: Partial<SnapshotMilestone> = {}): SnapshotMilestone {
  return {
    id: 42,
    partnerId: 7,
    title: 'First joint deal',
    dueOn: '2026-12-10',
    createdAt: '2026-11-01T12:00:00.000Z',
    ...m,
  };
}

export function healthEvent(e: Partial<SnapshotHealthEvent> = {}): SnapshotHealthEvent {
  return { id: 311, partnerId: 7, score: 40, previous: 65, at: '2026-11-24T20:00:00.000Z', ...e };
}

export interface SnapshotParts {
  partners?: SnapshotPartner[];
  milestones?: SnapshotMilestone[];
  lastQbr?: [number, { heldOn: string; at: string }][];
  health?: SnapshotHealthEvent[];
  lastActivity?: [number, string][];
  snoozes?: [string, string][];
  zones?: [string, string][];
}

export function snapshot(parts: SnapshotParts = {}): Snapshot {
  return {
    partners: parts.partners ?? [partner()],
    milestones: parts.milestones ?? [],
    lastQbr: new Map(parts.lastQbr ?? []),
    health: parts.health ?? [],
    // By default the partner was active recently, so no stale nudge gets in the way.
    lastActivity: new Map(
      parts.lastActivity ?? (parts.partners ?? [partner()]).map((p) => [p.id, '2099-01-01T00:00:00.000Z']),
    ),
    snoozes: new Map(parts.snoozes ?? []),
    zones: new Map(parts.zones ?? []),
  };
}

/** The instant of a local wall time, e.g. local('2026-11-24 09:00', 'America/New_York'). */
export function local(wall: string, zone = 'America/New_York'): Date {
  const t = DateTime.fromFormat(wall, 'yyyy-MM-dd HH:mm', { zone });
  if (!t.isValid) throw new Error(`bad wall time ${wall}`);
  return t.toJSDate();
}
