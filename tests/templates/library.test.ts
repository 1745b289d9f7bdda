import { describe, expect, it } from 'vitest';
import { loadTemplates, BUILTIN_TEMPLATES_DIR } from '../../src/domain/templates/load';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks } from '../../src/domain/playbooks/load';
import {
  answerDefinitions,
  definitionProblems,
  loadFieldCatalogue,
  rangedUses,
} from '../../src/domain/templates/fields';
import {
  COACHING_HEADING,
  inventedDefaults,
  inventedFact,
  isLegalDraft,
  openingLine,
  qualityProblems,
  severityRows,
  TIER_NAMES,
} from '../../src/domain/templates/quality';
import { renderTemplate } from '../../src/domain/templates/render';
import { CATEGORIES, type Template } from '../../src/domain/templates/schema';
import { analyseBody } from '../../src/domain/templates/variables';
import { bareInput, demoInput } from '../support/demo-render';
import { nonEmpty } from '../support/tables';

const { templates, problems } = loadTemplates([BUILTIN_TEMPLATES_DIR]);

const MINIMUM: Record<string, number> = {
  strategy: 13,
  recruitment: 10,
  enablement: 11,
  legal: 6,
  finance: 7,
  security: 2,
  operations: 11,
  executive: 1,
  analysis: 3,
};

// The documents the issue names, by the ids playbooks and users address them with.
const REQUIRED_IDS = [
  'strategy/business-case',
  'strategy/ideal-partner-profile',
  'strategy/evaluation-framework',
  'strategy/competitive-differentiation',
  'strategy/strategy-plan',
  'strategy/program-architecture',
  'strategy/internal-alignment',
  'strategy/partner-charter',
  'strategy/channel-conflict-rules',
  'strategy/exit-checklist',
  'recruitment/email-sequence',
  'recruitment/multi-channel-outreach',
  'recruitment/qualification-scorecard',
  'recruitment/discovery-call-script',
  'recruitment/pitch-outline',
  'recruitment/one-pager',
  'recruitment/proposal',
  'recruitment/agreement-term-sheet',
  'recruitment/onboarding-checklist',
  'recruitment/account-mapping-tracker',
  'enablement/enablement-roadmap',
  'enablement/training-plan',
  'enablement/certification-program',
  'enablement/co-marketing-plan',
  'enablement/integration-guide',
  'enablement/success-metrics',
  'enablement/qbr-document',
  'enablement/case-study',
  'enablement/kickoff-agenda',
  'enablement/launch-checklist',
  'legal/mutual-nda',
  'legal/master-agreement',
  'legal/data-processing-agreement',
  'legal/service-level-agreement',
  'legal/referral-agreement',
  'finance/commission-structure',
  'finance/rebate-program',
  'finance/revenue-share',
  'finance/compensation-plan',
  'security/security-questionnaire',
  'security/soc2-guide',
  'operations/deal-registration-policy',
  'operations/weekly-sync',
  'operations/monthly-report',
  'operations/portal-guide',
  'operations/territory-plan',
  'operations/annual-review',
  'operations/support-tiers',
  'operations/co-sell-playbook',
  'executive/board-update',
  'analysis/health-scorecard',
  'analysis/roi-model',
  'analysis/analytics-dashboard',
  // The program documents a partner team needs beyond the first library.
  'strategy/program-guide',
  'strategy/joint-business-plan',
  'operations/deal-registration-form',
  'finance/mdf-request',
  'finance/mdf-claim',
  'operations/partner-nps-survey',
  'enablement/certification-tracker',
  'finance/settlement-statement',
  'legal/data-deletion-certificate',
];

const answerFields = (body: string) =>
  [...analyseBody(body).used].filter((n) => n.startsWith('answers.')).map((n) => n.slice(8));

describe('the template library', () => {
  it('loads every file without a problem (file, field and problem named otherwise)', () => {
    expect(problems.map((p) => `${p.file}: ${p.field}: ${p.message}`)).toEqual([]);
  });

  it('has at least 64 templates, with the minimum per category', () => {
    expect(templates.length).toBeGreaterThanOrEqual(64);
    for (const category of CATEGORIES) {
      expect(templates.filter((t) => t.category === category).length, category).toBeGreaterThanOrEqual(
        MINIMUM[category] ?? 1,
      );
    }
  });

  it('covers the partner program end to end under stable ids', () => {
    const ids = new Set(templates.map((t) => t.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(
    nonEmpty(
      templates.map((t) => [t.id, t] as const),
      'templates',
    ),
  )('%s reads as a finished working document', (_id, t) => {
    expect(qualityProblems(t)).toEqual([]);
  });

  it.each(
    nonEmpty(
      templates.map((t) => [t.id, t] as const),
      'templates',
    ),
  )('%s fills completely for a fully described partner', (_id, t) => {
    const { markdown, missing } = renderTemplate(t, demoInput(answerFields(t.body)));
    expect(missing).toEqual([]);
    expect(markdown).toContain('Globex Systems');
    expect(markdown).not.toMatch(/\{\{|\}\}|‹|\[object Object\]|\bNaN\b/);
  });

  it.each(
    nonEmpty(
      templates.map((t) => [t.id, t] as const),
      'templates',
    ),
  )('%s lists exactly the values a bare partner lacks', (_id, t) => {
    const input = bareInput();
    const blank = (name: string) => {
      if (name === 'today' || name === 'user.name') return false;
      // A bare install configures tier names and cadences only: every other tier figure is a placeholder.
      if (name.startsWith('tier.')) return !['tier.name', 'tier.qbr_every_months'].includes(name);
      const [root, ...rest] = name.split('.');
      let v: unknown =
        root === 'answers' ? input.answers : (input as unknown as Record<string, unknown>)[root as string];
      for (const key of rest) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return v === undefined || v === null || v === '';
    };
    const { markdown, missing } = renderTemplate(t, input);
    // Listed ⇔ shown: every placeholder in the text is listed, every listed value is shown and really lacked a value.
    const shown = new Set([...markdown.matchAll(/‹([^›]+)›/g)].map((m) => m[1]));
    expect(new Set(missing.map((m) => m.label))).toEqual(shown);
    for (const m of missing) expect(blank(m.name), m.name).toBe(true);
    expect(missing.length).toBe(new Set(missing.map((m) => m.label)).size);
    expect(markdown).not.toMatch(/\{\{|\}\}/);
  });
});

/** A library template with its body replaced, checked like a real one. */
const withBody = (id: string, body: string): Template => ({ ...(byId.get(id) as Template), body });
const byId = new Map(templates.map((t) => [t.id, t]));
const legalDrafts = templates.filter(isLegalDraft);

describe('documents a partner team can send as they are', () => {
  it('keep advice for whoever fills them in guidance, never in the body', () => {
    const coaching = templates.flatMap((t) =>
      [...t.body.matchAll(/^#{1,6}\s+(.+)$/gm)]
        .map((m) => (m[1] ?? '').replace(/[*_`]/g, '').replace(/^\d+[.)]\s*/, ''))
        .filter((h) => COACHING_HEADING.test(h))
        .map((h) => `${t.id}: ${h}`),
    );
    expect(coaching).toEqual([]);
    for (const t of templates) expect(t.guidance.length, t.id).toBeGreaterThan(100);
    for (const heading of ['Common mistakes', 'Who this is for and when to use it', 'Decisions this forces', 'Tips']) {
      const body = `${byId.get('legal/mutual-nda')?.body}\n\n## ${heading}\n\n- Check it twice.\n`;
      expect(qualityProblems(withBody('legal/mutual-nda', body))).toContainEqual(expect.stringContaining(heading));
    }
  });

  it('never fill a missing answer with a number, a count, a duration or a claim', () => {
    expect(templates.flatMap((t) => inventedDefaults(t.body).map((p) => `${t.id}: ${p}`))).toEqual([]);
    for (const invented of [
      'several',
      '90',
      'three',
      'None',
      'Our customers tell us the product pays for itself within the first year.',
      'Bronze',
    ])
      expect(inventedFact(invented), invented).not.toBeNull();
    for (const neutral of ["the partner's technical lead", 'to be agreed', 'the partner portal'])
      expect(inventedFact(neutral), neutral).toBeNull();
    const body = `${byId.get('recruitment/email-sequence')?.body}\nWe share {{default answers.mutual_customers "several"}} customers.`;
    expect(qualityProblems(withBody('recruitment/email-sequence', body))).toContainEqual(
      expect.stringContaining('the default "several" for answers.mutual_customers states a count'),
    );
  });

  it('take tiers from the configuration, never by name', () => {
    expect(templates.filter((t) => TIER_NAMES.test(t.body)).map((t) => t.id)).toEqual([]);
    const body = `${byId.get('operations/support-tiers')?.body}\n{{#if (eq partner.tier "Gold")}}Gold perks{{/if}}`;
    expect(qualityProblems(withBody('operations/support-tiers', body))).toContainEqual(
      expect.stringContaining('the body names the tier "Gold"'),
    );
  });

  it('open every legal draft with a notice for counsel that names both parties', () => {
    expect(legalDrafts.map((t) => t.id)).toEqual(
      expect.arrayContaining(['legal/mutual-nda', 'legal/master-agreement', 'recruitment/agreement-term-sheet']),
    );
    for (const t of legalDrafts) {
      const opening = openingLine(t.body);
      expect(opening, t.id).toMatch(/draft/i);
      expect(opening, t.id).toMatch(/counsel/i);
      expect(opening, t.id).toContain('{{company.name}}');
      expect(opening, t.id).toContain('{{partner.name}}');
    }
    const nda = byId.get('legal/mutual-nda') as Template;
    const noNotice = nda.body.replace(/^> \*\*DRAFT[^\n]*\n/m, '');
    expect(qualityProblems(withBody(nda.id, noNotice))).toContain(
      'a legal draft opens with a line saying it is a draft for review by counsel',
    );
    const oneParty = nda.body.replace(/^(> \*\*DRAFT[^\n]*?)\{\{partner\.name\}\}/m, '$1the partner');
    expect(qualityProblems(withBody(nda.id, oneParty))).toContain(
      'the draft notice names both parties: {{company.name}} and {{partner.name}}',
    );
  });

  it('state service levels once: the SLA and the support tiers take each severity from the same answers', () => {
    const sla = severityRows(byId.get('legal/service-level-agreement')?.body ?? '');
    const tiers = severityRows(byId.get('operations/support-tiers')?.body ?? '');
    expect([...sla.keys()].sort()).toEqual(['1', '2', '3']);
    expect([...tiers.keys()].sort()).toEqual([...sla.keys()].sort());
    for (const [severity, row] of sla) {
      expect(row.answers.size, `Sev ${severity}`).toBeGreaterThan(0);
      expect([...row.answers].sort(), `Sev ${severity}`).toEqual([...(tiers.get(severity)?.answers ?? [])].sort());
      expect(row.literalTimes, `Sev ${severity} in the SLA`).toEqual([]);
      expect(tiers.get(severity)?.literalTimes, `Sev ${severity} in the support tiers`).toEqual([]);
    }
    // The old fault: a Sev 1 row printed from the Sev 2 answer, with a time nobody entered.
    const broken = severityRows(
      '| Sev 1 | Down | 1 hour, 24x7 |\n| Sev 2 | Broken | {{answers.sev1_response_hours}} hours |',
    );
    expect(broken.get('1')?.literalTimes).toEqual(['1 hour']);
    expect([...(broken.get('2')?.answers ?? [])]).toEqual(['sev1_response_hours']);
  });

  it('give the term sheet and the master agreement one notice period, and separate invoice and commission timing', () => {
    for (const id of ['recruitment/agreement-term-sheet', 'legal/master-agreement']) {
      const body = byId.get(id)?.body ?? '';
      expect(body, id).toContain('{{answers.notice_days}} days');
      expect(body, id).not.toMatch(/\b\d+ days' notice/);
      expect(body, id).toContain('{{answers.invoice_due_days}}');
      expect(body, id).toContain('{{answers.commission_payment_days}}');
    }
  });

  it('draft the master agreement, the DPA and the referral agreement with the clauses counsel expects', () => {
    const msa = byId.get('legal/master-agreement')?.body ?? '';
    for (const clause of [
      '### 3. Licence and intellectual property',
      '### 4. Customers and Customer Terms',
      '### 7. Reporting and audit',
      '### 11. Indemnities',
      '### 12. Limitation of liability',
      '## Schedule A: commercial terms',
      'Program Guide',
    ])
      expect(msa, clause).toContain(clause);
    expect(msa).toMatch(/infringes that third party's intellectual property/);
    const dpa = byId.get('legal/data-processing-agreement')?.body ?? '';
    expect(dpa).toMatch(/\| Controllers \| \{\{company\.name\}\}'s customers/);
    expect(dpa).toContain('| Processor | {{company.name}} |');
    expect(dpa).toContain('| Sub-processor | {{partner.name}} |');
    expect(dpa).not.toMatch(/\| Controller \| \{\{company\.name\}\} \|/);
    expect(dpa).toMatch(/standard contractual clauses/);
    expect(dpa).toMatch(/### 5\. Further Sub-processors/);
    const referral = byId.get('legal/referral-agreement')?.body ?? '';
    expect(referral).toContain('### 7. Data');
    expect(referral).toContain('### 8. Liability');
  });
});

describe('one definition for every answer', () => {
  const { playbooks } = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], new Set(templates.map((t) => t.id)));
  const catalogue = loadFieldCatalogue([BUILTIN_TEMPLATES_DIR]);

  it('comes from the playbook that asks it or the field catalogue, and numbers printed as money, percentages or durations have a range', () => {
    expect(catalogue.problems).toEqual([]);
    expect(definitionProblems(templates, playbooks, catalogue.fields).map((p) => `${p.path}: ${p.message}`)).toEqual(
      [],
    );
    const definitions = answerDefinitions(playbooks, catalogue.fields);
    expect(definitions.get('notice_days')?.definedIn).toBe('playbook recruit');
    expect(definitions.get('registration_customer')?.definedIn).toMatch(/templates\/fields\.yaml$/);
  });

  it('fails on an answer nobody defines, a second definition, and a number printed without a range', () => {
    const orphan = withBody('legal/mutual-nda', `${byId.get('legal/mutual-nda')?.body} {{answers.favourite_colour}}`);
    const orphanVars = {
      ...orphan,
      variables: [
        ...orphan.variables,
        { name: 'answers.favourite_colour', description: 'd', source: 'answers' as const, required: false },
      ],
    };
    const unranged = { id: 'term_weeks', question: 'How many weeks?', type: 'number' as const, required: true };
    const shadow = { ...unranged, id: 'notice_days', definedIn: 'our-templates/fields.yaml' };
    const printsWeeks = {
      ...withBody('legal/mutual-nda', `${byId.get('legal/mutual-nda')?.body} {{percent answers.term_weeks}}`),
      variables: [
        ...(byId.get('legal/mutual-nda') as Template).variables,
        { name: 'answers.term_weeks', description: 'd', source: 'answers' as const, required: false },
      ],
    };
    const found = definitionProblems([orphanVars, printsWeeks], playbooks, [
      ...catalogue.fields,
      shadow,
      { ...unranged, definedIn: 'our-templates/fields.yaml' },
    ]).map((p) => p.message);
    expect(found).toContainEqual(expect.stringMatching(/^no playbook asks favourite_colour/));
    expect(found).toContainEqual(expect.stringMatching(/^notice_days is asked by playbook recruit/));
    expect(found).toContainEqual('legal/mutual-nda prints term_weeks as percent: give the field a min and a max');
    expect(
      rangedUses('{{answers.term_months}} months · {{currency answers.fee}} · {{number answers.x}} hours'),
    ).toEqual(
      new Map([
        ['term_months', new Set(['duration'])],
        ['fee', new Set(['currency'])],
        ['x', new Set(['duration'])],
      ]),
    );
  });
});
