import type {
  HealthEvent,
  PartnerReportData,
  PortfolioPartner,
  PortfolioReportData,
} from '../../src/domain/reports/model';

/** Report inputs for tests and the bench: a rich partner, an empty one, a program, and a heavy partner. */

const ana = { id: 'U0ANA', name: 'Ana Pérez' };
const sam = { id: 'U0SAM' };

export function richPartner(overrides: Partial<PartnerReportData> = {}): PartnerReportData {
  return {
    partner: {
      name: 'Acme Corp',
      tier: 'Gold',
      stage: 'active',
      type: 'reseller',
      owner: ana,
      channel: 'partner-acme',
      vertical: 'Healthcare',
      since: '2025-06-02T14:00:00.000Z',
      health: 58,
    },
    qbr: { everyMonths: 3, lastHeldOn: '2026-08-20', nextDueOn: '2026-11-20' },
    health: [
      // Out of order on purpose: the report sorts by time.
      { at: '2026-03-01T10:00:00.000Z', score: 86, note: 'Strong pipeline | 4 deals', by: ana },
      { at: '2025-12-01T10:00:00.000Z', score: 72, note: 'First joint deal signed', by: ana },
      { at: '2026-06-15T10:00:00.000Z', score: 64, note: 'Lost their SE; <!channel> asked for help', by: sam },
      { at: '2026-10-30T10:00:00.000Z', score: 58, note: null, by: null },
    ],
    milestones: [
      { title: 'First joint deal', dueOn: '2025-11-30', status: 'done', doneAt: '2025-11-28T16:00:00.000Z' },
      { title: 'Certify 3 engineers', dueOn: '2026-11-01', status: 'open', doneAt: null },
      { title: 'Co-marketing webinar', dueOn: '2026-12-15', status: 'open', doneAt: null },
      { title: 'Old idea', dueOn: '2026-02-01', status: 'cancelled', doneAt: null },
    ],
    notes: Array.from({ length: 12 }, (_, i) => ({
      at: `2026-${String((i % 9) + 1).padStart(2, '0')}-1${i % 10}T09:00:00.000Z`,
      text: i === 11 ? '# Not a heading — *really*' : `Note number ${i + 1}`,
      by: i % 2 ? ana : sam,
    })),
    runs: [
      {
        playbookId: 'onboard',
        playbookName: 'Onboard',
        status: 'completed',
        stepIndex: 4,
        stepCount: 5,
        startedAt: '2025-06-10T09:00:00.000Z',
        updatedAt: '2025-07-01T09:00:00.000Z',
      },
      {
        playbookId: 'qbr',
        playbookName: 'QBR',
        status: 'paused',
        stepIndex: 1,
        stepCount: 4,
        startedAt: '2026-11-02T09:00:00.000Z',
        updatedAt: '2026-11-03T09:00:00.000Z',
        link: 'https://acme.slack.com/archives/C0ACME/p1762160400000100',
      },
    ],
    documents: [
      {
        title: 'QBR document — Acme Corp v2',
        templateId: 'enablement/qbr-document',
        version: 2,
        at: '2026-08-20T12:00:00.000Z',
      },
      {
        title: 'Partner agreement — Acme Corp v1',
        templateId: 'legal/master-agreement',
        version: 1,
        at: '2025-06-20T12:00:00.000Z',
      },
    ],
    today: '2026-11-10',
    zone: 'America/New_York',
    ...overrides,
  };
}

export function emptyPartner(): PartnerReportData {
  return richPartner({
    partner: { ...richPartner().partner, name: 'Newco', health: null, owner: null, channel: null, vertical: null },
    qbr: { everyMonths: 12, lastHeldOn: null, nextDueOn: null },
    health: [],
    milestones: [],
    notes: [],
    runs: [],
    documents: [],
  });
}

/** A deterministic pseudo-random sequence (mulberry32), so the heavy fixtures are the same every run. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A partner with `events` health scores (a random walk, one every ~3 days), 300 notes, 80 milestones, 40 runs and 60 documents. */
export function heavyPartner(events = 500): PartnerReportData {
  const rand = prng(15);
  const start = Date.parse('2022-01-03T15:00:00.000Z');
  let score = 70;
  const health: HealthEvent[] = Array.from({ length: events }, (_, i) => {
    score = Math.max(0, Math.min(100, Math.round(score + (rand() - 0.5) * 14)));
    return {
      at: new Date(start + i * 3 * 86_400_000).toISOString(),
      score,
      note: rand() < 0.7 ? `Reason ${i}: pipeline review, ${Math.round(rand() * 40)} open deals` : null,
      by: { id: 'U0ANA', name: 'Ana Pérez' },
    };
  });
  const base = richPartner();
  return {
    ...base,
    partner: { ...base.partner, name: 'Globex Heavy Industries', health: score },
    health,
    notes: Array.from({ length: 300 }, (_, i) => ({
      at: new Date(start + i * 4 * 86_400_000).toISOString(),
      text: `Note ${i}: ${'met the alliance team and agreed next steps '.repeat(2)}`,
      by: { id: 'U0SAM' },
    })),
    milestones: Array.from({ length: 80 }, (_, i) => ({
      title: `Milestone ${i}`,
      dueOn: new Date(start + i * 15 * 86_400_000).toISOString().slice(0, 10),
      status: i < 60 ? 'done' : 'open',
      doneAt: i < 60 ? new Date(start + i * 15 * 86_400_000).toISOString() : null,
    })),
    runs: Array.from({ length: 40 }, (_, i) => ({
      playbookId: 'qbr',
      playbookName: 'QBR',
      status: i === 39 ? 'active' : 'completed',
      stepIndex: 2,
      stepCount: 4,
      startedAt: new Date(start + i * 30 * 86_400_000).toISOString(),
      updatedAt: new Date(start + i * 30 * 86_400_000 + 86_400_000).toISOString(),
    })),
    documents: Array.from({ length: 60 }, (_, i) => ({
      title: `QBR document — Globex v${i + 1}`,
      templateId: 'enablement/qbr-document',
      version: i + 1,
      at: new Date(start + i * 20 * 86_400_000).toISOString(),
    })),
  };
}

const partner = (p: Partial<PortfolioPartner> & { name: string }): PortfolioPartner => ({
  tier: 'Silver',
  stage: 'active',
  health: 75,
  healthNote: null,
  owner: ana,
  nextQbrDueOn: '2027-01-15',
  openMilestones: [],
  ...p,
});

export function program(overrides: Partial<PortfolioReportData> = {}): PortfolioReportData {
  return {
    companyName: 'Initech',
    tiers: ['Gold', 'Silver', 'Bronze'],
    partners: [
      partner({ name: 'Acme Corp', tier: 'Gold', health: 88, nextQbrDueOn: '2026-11-20' }),
      partner({ name: 'Globex', tier: 'Gold', stage: 'at_risk', health: 62, healthNote: 'Champion left' }),
      partner({
        name: 'Umbrella',
        tier: 'Silver',
        health: 41,
        healthNote: 'No deals in Q3',
        nextQbrDueOn: '2026-10-01',
        openMilestones: [
          { title: 'Joint webinar', dueOn: '2026-11-01' },
          { title: 'Certification', dueOn: '2026-12-01' },
        ],
      }),
      partner({ name: 'Hooli', tier: 'Bronze', stage: 'onboarding', health: null, nextQbrDueOn: '2026-11-30' }),
      partner({ name: 'Vandelay', tier: 'Platinum', stage: 'prospect', health: 90, nextQbrDueOn: '2026-12-02' }),
      partner({ name: 'Gone Inc', tier: 'Bronze', stage: 'exited', health: 20, nextQbrDueOn: '2026-01-01' }),
    ],
    runs: [
      {
        partner: 'Hooli',
        playbookId: 'onboard',
        playbookName: 'Onboard',
        status: 'active',
        stepIndex: 2,
        stepCount: 5,
        startedAt: '2026-10-20T09:00:00.000Z',
        updatedAt: '2026-11-01T09:00:00.000Z',
      },
      {
        partner: 'Acme Corp',
        playbookId: 'qbr',
        playbookName: 'QBR',
        status: 'completed',
        stepIndex: 3,
        stepCount: 4,
        startedAt: '2026-08-01T09:00:00.000Z',
        updatedAt: '2026-08-20T09:00:00.000Z',
      },
    ],
    healthBelow: 50,
    today: '2026-11-10',
    zone: 'America/New_York',
    ...overrides,
  };
}
