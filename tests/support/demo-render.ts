import type { PartnerFacts, RenderInput } from '../../src/domain/templates/render';

/** A fully described company and partner, and a plausible answer for any playbook field, for rendering tests and the benchmark. */

export const DEMO_COMPANY: RenderInput['company'] = {
  name: 'Acme Cloud',
  website: 'acme.example',
  product: 'Acme Data Platform',
  value_proposition: 'Teams ship analytics in days instead of months',
  contact: { name: 'Dana Lee', email: 'dana@acme.example' },
};

export const DEMO_PARTNER: PartnerFacts = {
  name: 'Globex Systems',
  tier: 'Gold',
  type: 'reseller',
  stage: 'active',
  health: 82,
  health_band: 'green',
  owner: 'Ana Ortiz',
  channel: '#partner-globex',
  vertical: 'Retail',
  since: '2026-02-01',
  qbr_every_months: 3,
};

/** A bare partner: only what `/partner add "Name"` records. */
export const BARE_PARTNER: PartnerFacts = {
  name: 'Initech',
  tier: 'Bronze',
  type: null,
  stage: 'prospect',
  health: null,
  health_band: null,
  owner: null,
  channel: null,
  vertical: null,
  since: '2026-11-20',
  qbr_every_months: 12,
};

/** A value of the right kind for a field id, guessed from its name as the playbooks type them. */
export function demoAnswer(field: string): string | number {
  if (/(_date|_start|_deadline|^effective_date)$/.test(field)) return '2026-12-15';
  if (/(percent|_rate|threshold|uptime)/.test(field)) return 12;
  if (
    /(^|_)(value|revenue|size|budget|target|needed|closed|won|registered|people|customers|accounts|score|months|years|days|hours|deal_size)$/.test(
      field,
    )
  )
    return 250;
  if (/email|contact$/.test(field)) return 'jo@globex.example';
  if (/url|website/.test(field)) return 'https://globex.example';
  return `Demo ${field.replace(/_/g, ' ')}`;
}

export function demoInput(answerFields: Iterable<string>): RenderInput {
  const answers: Record<string, string | number> = {};
  for (const f of answerFields) answers[f] = demoAnswer(f);
  return {
    company: DEMO_COMPANY,
    partner: DEMO_PARTNER,
    user: { name: 'Ana Ortiz' },
    answers,
    today: '2026-11-25',
    currency: 'USD',
  };
}

export function bareInput(): RenderInput {
  return {
    company: { contact: {} },
    partner: BARE_PARTNER,
    user: { name: 'Ana Ortiz' },
    answers: {},
    today: '2026-11-25',
    currency: 'USD',
  };
}
