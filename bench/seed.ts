/**
 * Deterministic benchmark data for parts 1 and 2: partners, then notes and milestones skewed towards a
 * few "big" partners, written in bulk (bench/bulk.ts) into the app's empty database, with the derived
 * tables (name search, reminder schedule) as the app would have them, all in the bench's one workspace.
 */
import { nameKey } from '../src/store/name-key';
import {
  BENCH_WORKSPACE,
  type BulkPartner,
  bulkSeed,
  HEALTH_COLUMNS,
  inWorkspace,
  insertPartners,
  MILESTONE_COLUMNS,
  NOTE_COLUMNS,
} from './bulk';
import { pick, prng } from './stats';

export interface SeedPlan {
  partners: number;
  notes: number;
  milestones: number;
  owners: number;
  seed: number;
}

export interface Seeded {
  /** Every partner name, in insertion order (index i ↔ ids[i]). */
  names: string[];
  ids: number[];
  owners: string[];
  /** The owner with the most active partners, and how many. */
  busiestOwner: { userId: string; partners: number };
  /** The partner with the most notes + open milestones (the heaviest `show`). */
  heaviest: { id: number; name: string; notes: number; openMilestones: number };
  counts: {
    partners: number;
    archived: number;
    gold: number;
    notes: number;
    milestones: number;
    openMilestones: number;
    healthEvents: number;
  };
  ms: { partners: number; activity: number };
}

const PREFIXES = [
  'Acme',
  'Apex',
  'Blue',
  'Bright',
  'Cedar',
  'Cloud',
  'Cobalt',
  'Crest',
  'Delta',
  'Echo',
  'Ember',
  'Falcon',
  'Granite',
  'Harbor',
  'Helix',
  'Iron',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Meridian',
  'Nimbus',
  'Nova',
  'Oak',
  'Orbit',
  'Pine',
  'Polar',
  'Quartz',
  'Redwood',
  'Sable',
  'Silver',
  'Summit',
  'Terra',
  'Tidal',
  'Umber',
  'Vector',
  'Willow',
  'Zenith',
  'Northwind',
  'Stellar',
];
const CORES = [
  'Analytics',
  'Bridge',
  'Cloudworks',
  'Data',
  'Digital',
  'Dynamics',
  'Edge',
  'Forge',
  'Grid',
  'Health',
  'Insights',
  'Labs',
  'Logic',
  'Logistics',
  'Media',
  'Metrics',
  'Networks',
  'Partners',
  'Pay',
  'Point',
  'Retail',
  'Robotics',
  'Security',
  'Software',
  'Solutions',
  'Stack',
  'Systems',
  'Tech',
  'Telecom',
  'Ventures',
  'Vision',
  'Works',
  'Consulting',
  'Integrations',
  'Commerce',
  'Energy',
  'Finance',
  'Learning',
  'Mobility',
  'Studio',
];
const SUFFIXES = ['', '', '', '', 'Inc', 'Ltd', 'GmbH', 'LLC', 'Group', 'Co', 'SA', 'BV', 'AG', 'Pty', 'Corp'];
const WORDS = (
  'call with the partner team about the joint pipeline next quarter renewal pricing enablement webinar deal registration ' +
  'certification training co-marketing budget QBR agenda follow up on integration roadmap security review contract ' +
  'signed reseller margin referral fee champion left the company new contact onboarding kickoff demo went well'
).split(' ');
const TIERS = ['Gold', 'Silver', 'Bronze'] as const;
const STAGES = [
  'prospect',
  'recruiting',
  'onboarding',
  'active',
  'active',
  'active',
  'growing',
  'at_risk',
  'exited',
] as const;
const TYPES = ['reseller', 'referral', 'si', 'isv', 'technology', null] as const;
const VERTICALS = ['Fintech', 'Healthcare', 'Retail', 'Public sector', 'Manufacturing', null, null] as const;

const DAY = 86_400_000;

function sentence(rng: () => number, min: number, max: number): string {
  const n = min + Math.floor(rng() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(rng, WORDS));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Unique, realistic-looking names (ASCII letters, digits, spaces: nothing Slack would escape). */
export function partnerNames(count: number, rng: () => number): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  while (names.length < count) {
    const base = [pick(rng, PREFIXES), pick(rng, CORES), pick(rng, SUFFIXES)].filter(Boolean).join(' ');
    let name = base;
    for (let n = 2; seen.has(nameKey(name)); n++) name = `${base} ${n}`;
    seen.add(nameKey(name));
    names.push(name);
  }
  return names;
}

/** A partner index skewed towards the first ones: exponent 1 is uniform, 2 puts ~1% of rows on partner 0. */
function skewed(rng: () => number, n: number, exponent: number): number {
  return Math.min(n - 1, Math.floor(n * rng() ** exponent));
}

export async function seedStore(target: string, plan: SeedPlan, now: Date): Promise<Seeded> {
  const rng = prng(plan.seed);
  const iso = (t: number) => new Date(t).toISOString();
  const nowMs = now.getTime();
  const owners = Array.from({ length: plan.owners }, (_, i) => `U0OWNER${String(i + 1).padStart(3, '0')}`);
  const names = partnerNames(plan.partners, rng);
  const ids: number[] = [];
  const ownerCount = new Map<string, number>();
  let archived = 0;
  let gold = 0;

  // The rows first (the same draws, in the same order, as when they went through the store one call
  // at a time), then one bulk write: the database starts empty, so ids are 1…n.
  const partners: BulkPartner[] = [];
  const health: unknown[][] = [];
  names.forEach((name, i) => {
    const id = i + 1;
    const tierRoll = rng();
    const tier = tierRoll < 0.1 ? TIERS[0] : tierRoll < 0.4 ? TIERS[1] : TIERS[2];
    // A few owners carry most partners, as in real programmes.
    const owner = owners[skewed(rng, owners.length, 1.6)] ?? null;
    const created = nowMs - Math.floor(rng() * 730) * DAY;
    const p: BulkPartner = {
      id,
      name,
      type: pick(rng, TYPES),
      tier,
      stage: pick(rng, STAGES),
      health: null,
      owner,
      channel: rng() < 0.3 ? `C0P${String(i).padStart(6, '0')}` : null,
      vertical: pick(rng, VERTICALS),
      createdAt: iso(created),
      updatedAt: iso(created),
      archivedAt: null,
    };
    partners.push(p);
    ids.push(id);
    if (rng() < 0.7) {
      const score = Math.floor(rng() * 101);
      const at = iso(created + Math.floor(rng() * (nowMs - created)));
      health.push([id, score, null, rng() < 0.5 ? sentence(rng, 4, 12) : null, owner ?? 'U0ALICE', at]);
      p.health = score;
      p.updatedAt = at;
    }
    if (rng() < 0.02) {
      p.archivedAt = iso(nowMs - Math.floor(rng() * 90) * DAY);
      p.updatedAt = iso(nowMs);
      archived++;
    } else if (owner) {
      ownerCount.set(owner, (ownerCount.get(owner) ?? 0) + 1);
      if (tier === 'Gold') gold++;
    }
  });

  const notesPer = new Map<number, number>();
  const openPer = new Map<number, number>();
  let openMilestones = 0;
  const notes: unknown[][] = [];
  for (let i = 0; i < plan.notes; i++) {
    const id = ids[skewed(rng, ids.length, 2)] ?? 0;
    notes.push([
      id,
      sentence(rng, 6, 40),
      pick(rng, owners),
      rng() < 0.4 ? `https://partneros-test.slack.com/archives/C0GENERAL/p${nowMs - i}` : null,
      iso(nowMs - Math.floor(rng() * 730 * DAY)),
    ]);
    notesPer.set(id, (notesPer.get(id) ?? 0) + 1);
  }
  const milestones: unknown[][] = [];
  for (let i = 0; i < plan.milestones; i++) {
    const id = ids[skewed(rng, ids.length, 1.5)] ?? 0;
    const due = nowMs + Math.floor(rng() * 360 - 240) * DAY;
    const title = sentence(rng, 2, 7);
    const createdBy = pick(rng, owners);
    const createdAt = iso(Math.min(due, nowMs) - Math.floor(rng() * 60) * DAY);
    // Most past milestones were closed; a few linger as overdue.
    if (due < nowMs && rng() < 0.85) {
      milestones.push([id, title, iso(due).slice(0, 10), 'done', iso(due), pick(rng, owners), createdBy, createdAt]);
    } else {
      milestones.push([id, title, iso(due).slice(0, 10), 'open', null, null, createdBy, createdAt]);
      openPer.set(id, (openPer.get(id) ?? 0) + 1);
      openMilestones++;
    }
  }

  const ms = { partners: 0, activity: 0 };
  await bulkSeed(target, async (all) => {
    const s = inWorkspace(all, BENCH_WORKSPACE);
    const t0 = performance.now();
    await insertPartners(s, partners);
    await s.insert('health_events', HEALTH_COLUMNS, health);
    ms.partners = performance.now() - t0;
    const t1 = performance.now();
    await s.insert('notes', NOTE_COLUMNS, notes);
    await s.insert('milestones', MILESTONE_COLUMNS, milestones);
    ms.activity = performance.now() - t1;
  });
  const healthEvents = health.length;

  let heaviestIndex = 0;
  let heaviestWeight = -1;
  ids.forEach((id, i) => {
    const weight = (notesPer.get(id) ?? 0) + (openPer.get(id) ?? 0);
    if (weight > heaviestWeight) {
      heaviestWeight = weight;
      heaviestIndex = i;
    }
  });
  const heaviestId = ids[heaviestIndex] ?? 0;
  const [busiest, busiestCount] = [...ownerCount.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['U0OWNER001', 0];

  return {
    names,
    ids,
    owners,
    busiestOwner: { userId: busiest, partners: busiestCount },
    heaviest: {
      id: heaviestId,
      name: names[heaviestIndex] ?? '',
      notes: notesPer.get(heaviestId) ?? 0,
      openMilestones: openPer.get(heaviestId) ?? 0,
    },
    counts: {
      partners: ids.length,
      archived,
      gold,
      notes: plan.notes,
      milestones: plan.milestones,
      openMilestones,
      healthEvents,
    },
    ms,
  };
}
