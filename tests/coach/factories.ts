import { CompanyConfigSchema } from '../../src/config/schema';
import type { FieldState, PartnerMemory, StepContext } from '../../src/domain/coach/engine';
import type { TemplateSummary } from '../../src/domain/coach/related';
import type { Partner } from '../../src/domain/partners/model';
import { PlaybookSchema, type Playbook, type PlaybookField } from '../../src/domain/playbooks/schema';

/** Wednesday. */
export const TODAY = '2026-11-25';

export const company = CompanyConfigSchema.parse({}).company;

/** A two-step playbook, parsed by the real schema so the tests use what a company file would give. */
export function makePlaybook(overrides: Record<string, unknown> = {}): Playbook {
  const parsed = PlaybookSchema.parse({
    id: 'co-marketing',
    name: 'Co-marketing',
    description: 'Plan and launch a joint campaign with the partner.',
    tags: ['marketing', 'campaign'],
    prerequisites: [],
    steps: [
      {
        id: 'plan',
        name: 'Plan the campaign',
        template: 'enablement/co-marketing-plan',
        guidance: 'Agree the audience, the budget split and one launch date before any creative work.',
        fields: [
          { id: 'partner_size', question: 'How many employees does the partner have?', type: 'number' },
          { id: 'kickoff_date', question: 'When is the kickoff?', type: 'date' },
          { id: 'region', question: 'Which region?', type: 'choice', choices: ['EMEA', 'NA', 'APAC'] },
          { id: 'campaign_owner', question: 'Who owns the campaign on our side?', type: 'user' },
          { id: 'landing_page_url', question: 'Where is the landing page?', type: 'url', required: false },
          { id: 'contact_email', question: 'What is the partner contact e-mail?', type: 'email', required: false },
          { id: 'goals', question: 'What does the campaign need to achieve?', type: 'text', required: false },
        ],
        checklist: ['Budget split agreed in writing', 'Launch date in both calendars'],
        tier_notes: {
          gold: 'Gold partners get a matched MDF budget up to 10k.',
          default: 'Keep the first campaign small: one webinar.',
        },
      },
      {
        id: 'launch',
        name: 'Launch',
        template: 'enablement/launch-checklist',
        guidance: 'Ship on the agreed date and track leads for 30 days.',
        fields: [{ id: 'launch_date', question: 'When do we launch?', type: 'date' }],
        checklist: ['Leads tracked in the CRM'],
        tier_notes: { default: 'Share the lead list with the partner every week.' },
      },
    ],
    success_criteria: ['The campaign launched on the agreed date'],
    recurring: true,
    ...overrides,
  });
  return { ...parsed, file: 'playbooks/co-marketing.yaml' };
}

export function makePartner(overrides: Partial<Partner> = {}): Partner {
  return {
    id: 1,
    name: 'Acme Corp',
    type: 'reseller',
    tier: 'Gold',
    stage: 'active',
    health: 72,
    ownerUserId: 'U0OWNER01',
    channelId: 'C0ACME001',
    vertical: null,
    createdBy: 'U0OWNER01',
    createdAt: '2026-01-10T09:00:00Z',
    updatedAt: '2026-11-01T09:00:00Z',
    archivedAt: null,
    ...overrides,
  };
}

export function makeMemory(overrides: Partial<PartnerMemory> = {}): PartnerMemory {
  return {
    partner: makePartner(),
    topTier: true,
    qbrEveryMonths: 3,
    lastQbr: '2026-07-01',
    health: [{ score: 72, at: '2026-11-01', note: null }],
    openMilestones: [{ title: 'First joint deal', dueOn: '2026-11-20', overdue: true }],
    notes: [],
    earlierRuns: [],
    ...overrides,
  };
}

/** The context of a step with some answers known; the pending field is the first one still unanswered. */
export function makeContext(
  options: {
    playbook?: Playbook;
    stepIndex?: number;
    answers?: Record<string, string | number | null>;
    memory?: PartnerMemory;
  } = {},
): StepContext {
  const playbook = options.playbook ?? makePlaybook();
  const stepIndex = options.stepIndex ?? 0;
  const step = playbook.steps[stepIndex];
  if (!step) throw new Error(`no step ${stepIndex}`);
  const answers = options.answers ?? {};
  const fields: FieldState[] = step.fields.map((field) => ({
    field,
    value: field.id in answers ? answers[field.id] : undefined,
  }));
  const pending: PlaybookField | null = fields.find((f) => f.value === undefined)?.field ?? null;
  return {
    company,
    memory: options.memory ?? makeMemory(),
    playbook,
    stepIndex,
    fields,
    pending,
    today: TODAY,
    timezone: 'Europe/Berlin',
  };
}

export const TEMPLATES: readonly TemplateSummary[] = [
  {
    id: 'enablement/qbr-document',
    title: 'QBR document',
    description: 'A quarterly business review: results, pipeline and the plan for next quarter.',
  },
  {
    id: 'enablement/co-marketing-plan',
    title: 'Co-marketing plan',
    description: 'A joint campaign: audience, budget, channels and dates.',
  },
  { id: 'enablement/launch-checklist', title: 'Launch checklist', description: 'Everything to ship a joint launch.' },
  {
    id: 'recruitment/email-sequence',
    title: 'Recruitment email sequence',
    description: 'Five e-mails to recruit a new partner.',
  },
  { id: 'legal/mutual-nda', title: 'Mutual NDA', description: 'A mutual non-disclosure agreement draft.' },
  {
    id: 'finance/commission-structure',
    title: 'Commission structure',
    description: 'How partners earn commission on deals. Why it pays?',
  },
];

export const library = { templates: () => TEMPLATES, playbooks: () => PLAYBOOKS };

const PLAYBOOKS: readonly Playbook[] = [
  makePlaybook(),
  {
    ...makePlaybook({
      id: 'qbr',
      name: 'Quarterly business review',
      description: 'Prepare, hold and follow up a QBR.',
      tags: ['qbr', 'review'],
    }),
    file: 'playbooks/qbr.yaml',
  },
  {
    ...makePlaybook({
      id: 'recruit',
      name: 'Recruit a partner',
      description: 'From first contact to a signed agreement.',
      tags: ['recruitment'],
    }),
    file: 'playbooks/recruit.yaml',
  },
];
