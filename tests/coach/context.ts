import type { CompanyConfig } from '../../src/config/schema';
import type { AskContext, FieldState, PartnerMemory, StepContext } from '../../src/domain/coach/engine';
import type { Partner } from '../../src/domain/partners/model';
import { PlaybookSchema, type Playbook } from '../../src/domain/playbooks/schema';

/** Factories for the coach's inputs: valid defaults, so each test states only what matters to it. */

export const COMPANY: CompanyConfig['company'] = {
  name: 'Acme Cloud',
  website: 'acme.example',
  product: 'Acme Data Platform',
  value_proposition: 'One governed copy of every customer record',
  currency: 'USD',
  contact: {},
};

export function makePartner(overrides: Partial<Partner> = {}): Partner {
  return {
    id: 1,
    name: 'Globex Systems',
    type: 'reseller',
    tier: 'Gold',
    stage: 'active',
    health: 62,
    ownerUserId: 'U0OWNER',
    channelId: 'C0GLOBEX',
    vertical: 'fintech',
    createdBy: 'U0ALICE',
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
    archivedAt: null,
    ...overrides,
  };
}

export function makeMemory(overrides: Partial<PartnerMemory> = {}): PartnerMemory {
  return {
    partner: makePartner(),
    topTier: true,
    qbrEveryMonths: 3,
    lastQbr: '2026-08-20',
    health: [
      { score: 62, at: '2026-11-10T09:00:00Z', note: 'their champion left' },
      { score: 82, at: '2026-10-01T09:00:00Z', note: null },
    ],
    openMilestones: [
      { title: 'Certify two engineers', dueOn: '2026-11-01', overdue: true },
      { title: 'First joint webinar', dueOn: '2026-12-10', overdue: false },
    ],
    notes: [{ text: 'New VP of partnerships, Dana, wants a joint roadmap.', at: '2026-11-12T15:00:00Z' }],
    earlierRuns: [{ playbookId: 'onboard', status: 'completed', at: '2026-03-01T10:00:00Z' }],
    ...overrides,
  };
}

export const QBR: Playbook = {
  ...PlaybookSchema.parse({
    id: 'qbr',
    name: 'Quarterly business review',
    description: 'Review the quarter with the partner and agree on the next one.',
    tags: ['qbr'],
    prerequisites: [],
    recurring: true,
    success_criteria: ['Both sides agreed on goals for the next quarter.'],
    steps: [
      {
        id: 'prepare',
        name: 'Prepare the QBR',
        template: 'executive/qbr-deck',
        guidance: 'Collect the sourced pipeline and the open issues before the meeting.',
        checklist: ['Pull the sourced pipeline from the CRM.', 'List the open support escalations.'],
        tier_notes: {
          gold: 'Gold partners get an executive sponsor from our side at every QBR.',
          default: 'Keep the QBR to 30 minutes.',
        },
        fields: [
          { id: 'meeting_date', question: 'When is the QBR (date, YYYY-MM-DD)?', type: 'date' },
          {
            id: 'pipeline_value',
            question: 'How much pipeline did they source this quarter (number)?',
            type: 'number',
          },
          { id: 'exec_sponsor', question: 'Who is their executive sponsor (@user)?', type: 'user' },
          {
            id: 'focus',
            question: 'What is the focus (growth / retention / enablement)?',
            type: 'choice',
            choices: ['growth', 'retention', 'enablement'],
          },
          { id: 'deck_url', question: "Where is last quarter's deck (website/URL)?", type: 'url', required: false },
        ],
      },
      {
        id: 'hold',
        name: 'Hold the QBR',
        template: 'executive/qbr-deck',
        guidance: 'Walk through the deck.',
        checklist: ['Agree on three goals.'],
        tier_notes: { default: 'Send the summary within a day.' },
        fields: [],
      },
    ],
  }),
  file: 'playbooks/qbr.yaml',
};

export function makeStepContext(overrides: Partial<StepContext> = {}): StepContext {
  const step = QBR.steps[0];
  if (!step) throw new Error('the QBR playbook has no steps');
  const fields: FieldState[] = step.fields.map((field) => ({ field, value: undefined }));
  return {
    company: COMPANY,
    memory: makeMemory(),
    playbook: QBR,
    stepIndex: 0,
    fields,
    pending: step.fields[0] ?? null,
    today: '2026-11-24',
    timezone: 'America/New_York',
    ...overrides,
  };
}

export function makeAskContext(overrides: Partial<AskContext> = {}): AskContext {
  return { company: COMPANY, memory: makeMemory(), today: '2026-11-24', ...overrides };
}
