import type { PartnerFacts, RenderInput, TierFacts } from '../../src/domain/templates/render';
import { tierFacts } from '../../src/domain/templates/service';
import { CompanyConfigSchema } from '../../src/config/schema';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import { answerDefinitions, type FieldDefinition, loadFieldCatalogue } from '../../src/domain/templates/fields';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';

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
  top_tier: true,
  entry_tier: false,
  next_tier: null,
  tier_mdf_budget: 40000,
};

/** Tiers with every figure the program guide shows configured. */
export const DEMO_TIERS: TierFacts[] = tierFacts([
  {
    name: 'Gold',
    qbr_every_months: 3,
    discount_percent: 30,
    commission_percent: 15,
    mdf_budget: 40000,
    min_annual_revenue: 500000,
    min_certified_people: 4,
    benefits: ['A named partner manager and sales engineer', 'Priority leads'],
    requirements: ['A joint business plan every year'],
  },
  {
    name: 'Silver',
    qbr_every_months: 6,
    discount_percent: 20,
    commission_percent: 10,
    mdf_budget: 10000,
    min_annual_revenue: 150000,
    min_certified_people: 2,
    benefits: ['A named partner manager'],
    requirements: ['A joint business plan every year'],
  },
  {
    name: 'Bronze',
    qbr_every_months: 12,
    discount_percent: 10,
    commission_percent: 5,
    mdf_budget: 0,
    min_annual_revenue: 0,
    min_certified_people: 1,
    benefits: ['Self-paced training'],
    requirements: ['A signed partner agreement'],
  },
]);

/** The tiers of an empty partneros.yml: names and QBR cadences only. */
export const DEFAULT_TIER_FACTS: TierFacts[] = tierFacts(CompanyConfigSchema.parse({}).tiers);

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
  top_tier: false,
  entry_tier: true,
  next_tier: 'Silver',
  tier_mdf_budget: null,
};

/** Every answer's one definition (the playbooks' fields, then the field catalogue), for plausible demo values. */
const definitions = (() => {
  let loaded: ReadonlyMap<string, FieldDefinition> | undefined;
  return (): ReadonlyMap<string, FieldDefinition> => {
    if (!loaded) {
      const { templates } = loadTemplates([BUILTIN_TEMPLATES_DIR]);
      const { playbooks } = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], new Set(templates.map((t) => t.id)));
      loaded = answerDefinitions(playbooks, loadFieldCatalogue([BUILTIN_TEMPLATES_DIR]).fields);
    }
    return loaded;
  };
})();

/** A typical figure of each unit, kept inside the field's range. */
const TYPICAL: Readonly<Record<string, number>> = {
  percent: 12,
  currency: 250000,
  days: 30,
  months: 12,
  years: 3,
  hours: 4,
  count: 25,
};

/** A value of the right kind for a field id: from its definition (type, range), else guessed from its name. */
export function demoAnswer(field: string): string | number {
  const def = definitions().get(field);
  if (def?.type === 'number') {
    const typical = TYPICAL[def.unit ?? 'count'] ?? 25;
    return Math.min(Math.max(typical, def.min ?? typical), def.max ?? typical);
  }
  if (def?.type === 'date') return '2026-12-15';
  if (def?.type === 'choice') return def.choices?.[0] ?? 'Demo choice';
  if (def?.type === 'email') return 'jo@globex.example';
  if (def?.type === 'url') return 'https://globex.example';
  if (def?.type === 'user') return 'Ana Ortiz';
  if (def) return `Demo ${field.replace(/_/g, ' ')}`;
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
    tiers: DEMO_TIERS,
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
    tiers: DEFAULT_TIER_FACTS,
    today: '2026-11-25',
    currency: 'USD',
  };
}
