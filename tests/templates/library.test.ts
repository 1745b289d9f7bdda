import { describe, expect, it } from 'vitest';
import { loadTemplates, BUILTIN_TEMPLATES_DIR } from '../../src/domain/templates/load';
import { qualityProblems } from '../../src/domain/templates/quality';
import { renderTemplate } from '../../src/domain/templates/render';
import { CATEGORIES } from '../../src/domain/templates/schema';
import { analyseBody } from '../../src/domain/templates/variables';
import { bareInput, demoInput } from '../support/demo-render';
import { nonEmpty } from '../support/tables';

const { templates, problems } = loadTemplates([BUILTIN_TEMPLATES_DIR]);

const MINIMUM: Record<string, number> = {
  strategy: 10,
  recruitment: 10,
  enablement: 10,
  legal: 5,
  finance: 4,
  security: 2,
  operations: 8,
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
];

const answerFields = (body: string) =>
  [...analyseBody(body).used].filter((n) => n.startsWith('answers.')).map((n) => n.slice(8));

describe('the template library', () => {
  it('loads every file without a problem (file, field and problem named otherwise)', () => {
    expect(problems.map((p) => `${p.file}: ${p.field}: ${p.message}`)).toEqual([]);
  });

  it('has at least 53 templates, with the minimum per category', () => {
    expect(templates.length).toBeGreaterThanOrEqual(53);
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
    expect(missing.length).toBe(new Set(missing.map((m) => m.name)).size);
    expect(markdown).not.toMatch(/\{\{|\}\}/);
  });
});
