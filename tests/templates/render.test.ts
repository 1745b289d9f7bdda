import { describe, expect, it } from 'vitest';
import { parseTemplateFile } from '../../src/domain/templates/load';
import { renderTemplate, type RenderInput } from '../../src/domain/templates/render';
import type { Template } from '../../src/domain/templates/schema';
import { bareInput, DEFAULT_TIER_FACTS, DEMO_PARTNER, DEMO_TIERS, demoInput } from '../support/demo-render';

/** A template file: fixed frontmatter, the given `variables:` entries, then the body. */
const templateSource = (variablesYaml: string, body: string) => `---
id: strategy/test-doc
title: Test Doc
category: strategy
number: 1
version: 1.0.0
last_updated: 2026-11-25
tier: Bronze
skill_level: beginner
purpose: p
phase: strategy
time_required: 5 minutes
difficulty: easy
prerequisites: [x]
description: A test.
guidance: Advice for whoever fills it.
outcomes: [x]
skills_gained: [x]
related: [strategy/business-case]
variables:
${variablesYaml}
---
${body}`;

/** A one-off template from a body and its variables, through the same checks as a library file. */
function template(body: string, vars: Array<[string, boolean]>): Template {
  const variables = vars
    .map(
      ([name, required]) =>
        `  - { name: ${name}, description: d, source: ${name.split('.')[0]}, required: ${required} }`,
    )
    .join('\n');
  const { template: t, problems } = parseTemplateFile(
    'templates/strategy/01-test-doc.md',
    templateSource(variables, body),
  );
  expect(problems).toEqual([]);
  return t as Template;
}

const input = (over: Partial<RenderInput> = {}): RenderInput => ({ ...demoInput([]), ...over });

describe('rendering a template', () => {
  it('fills company, partner, user, answers and today', () => {
    const t = template(
      '{{company.name}} · {{partner.name}} ({{partner.tier}}) · {{user.name}} · {{answers.deal_size}} · {{today}}',
      [
        ['company.name', true],
        ['partner.name', true],
        ['partner.tier', true],
        ['user.name', true],
        ['answers.deal_size', true],
        ['today', true],
      ],
    );
    const out = renderTemplate(t, input({ answers: { deal_size: 5000 } }));
    expect(out.markdown.trim()).toBe('Acme Cloud · Globex Systems (Gold) · Ana Ortiz · 5000 · 2026-11-25');
    expect(out.missing).toEqual([]);
  });

  it('shows a missing value as a visible placeholder and lists it, required ones first', () => {
    const t = template('Dear {{answers.partner_contact_name}}, see {{partner.channel}} and {{company.website}}.', [
      ['answers.partner_contact_name', false],
      ['partner.channel', true],
      ['company.website', true],
    ]);
    const out = renderTemplate(t, bareInput());
    expect(out.markdown.trim()).toBe('Dear ‹partner contact name›, see ‹partner channel› and ‹company website›.');
    expect(out.missing.map((m) => [m.name, m.required])).toEqual([
      ['partner.channel', true],
      ['company.website', true],
      ['answers.partner_contact_name', false],
    ]);
  });

  it('lists a value once however often it is used, and never leaves a raw {{…}}', () => {
    const t = template('{{answers.joint_value}} and again {{answers.joint_value}}', [['answers.joint_value', true]]);
    const out = renderTemplate(t, bareInput());
    expect(out.missing).toHaveLength(1);
    expect(out.markdown).not.toContain('{{');
  });

  it('treats empty text as missing but keeps a zero', () => {
    const t = template('{{answers.win_count}} / {{answers.notes}}', [
      ['answers.win_count', true],
      ['answers.notes', true],
    ]);
    const out = renderTemplate(t, input({ answers: { win_count: 0, notes: '   ' } }));
    expect(out.markdown.trim()).toBe('0 / ‹notes›');
    expect(out.missing.map((m) => m.name)).toEqual(['answers.notes']);
  });

  it('formats dates, amounts, numbers and percentages, and shifts dates', () => {
    const t = template(
      '{{date today}} · {{date (add_days today 10)}} · {{date (add_months answers.start 3)}} · {{currency answers.amount}} · {{number answers.people}} · {{percent answers.rate}}',
      [
        ['today', true],
        ['answers.start', true],
        ['answers.amount', true],
        ['answers.people', true],
        ['answers.rate', true],
      ],
    );
    const out = renderTemplate(
      t,
      input({ answers: { start: '2026-11-30', amount: '25000', people: 1200, rate: 12.5 } }),
    );
    expect(out.markdown.trim()).toBe(
      'November 25, 2026 · December 5, 2026 · February 28, 2027 · $25,000 · 1,200 · 12.5%',
    );
    expect(
      renderTemplate(t, input({ currency: 'EUR', answers: { start: '2026-11-30', amount: 99.5, people: 1, rate: 1 } }))
        .markdown,
    ).toContain('€99.50');
  });

  it('shows a placeholder when a formatted or shifted value is missing, and lets default replace it', () => {
    const t = template(
      '{{currency answers.amount}} · {{date (add_days answers.start 3)}} · {{default answers.size "about 50"}} · {{default (currency answers.budget) "to be agreed"}}',
      [
        ['answers.amount', true],
        ['answers.start', true],
        ['answers.size', false],
        ['answers.budget', false],
      ],
    );
    const out = renderTemplate(t, bareInput());
    expect(out.markdown.trim()).toBe('‹amount› · ‹start› · about 50 · to be agreed');
    expect(out.missing.map((m) => m.name)).toEqual(['answers.amount', 'answers.start']);
  });

  it('takes the else branch for a missing value and compares case-insensitively', () => {
    const t = template(
      '{{#if answers.discount}}Discount {{answers.discount}}{{else}}No discount{{/if}} · {{#if (eq partner.tier "gold")}}Gold perks{{/if}}{{#unless partner.vertical}} · no vertical{{/unless}}',
      [
        ['answers.discount', false],
        ['partner.tier', true],
        ['partner.vertical', false],
      ],
    );
    expect(renderTemplate(t, input()).markdown.trim()).toBe('No discount · Gold perks');
    expect(renderTemplate(t, bareInput()).markdown.trim()).toBe('No discount ·  · no vertical');
    expect(renderTemplate(t, bareInput()).missing).toEqual([]);
  });

  it('keeps quotes, ampersands and angle brackets as typed (no HTML entities)', () => {
    const t = template('{{partner.name}} says "{{answers.quote}}"', [
      ['partner.name', true],
      ['answers.quote', true],
    ]);
    const out = renderTemplate(
      t,
      input({ partner: { ...DEMO_PARTNER, name: 'AT&T <Labs>' }, answers: { quote: `it's "great" = 1` } }),
    );
    expect(out.markdown.trim()).toBe(`AT&T <Labs> says "it's "great" = 1"`);
  });
});

describe('the configured tiers in a template', () => {
  const tierTable = () =>
    template(
      '| Tier | Discount | Review |\n|---|---|---|\n{{#each tiers}}\n| {{tier.name}} | {{percent tier.discount_percent}} | every {{tier.qbr_every_months}} months |\n{{/each}}\n{{#if partner.top_tier}}Top{{else}}Next: {{partner.next_tier}}{{/if}}',
      [
        ['tier.name', true],
        ['tier.discount_percent', true],
        ['tier.qbr_every_months', true],
        ['partner.top_tier', true],
        ['partner.next_tier', false],
      ],
    );

  it('writes one row per configured tier, highest first, from partneros.yml', () => {
    const out = renderTemplate(tierTable(), input());
    expect(out.markdown).toContain(
      '| Gold | 30% | every 3 months |\n| Silver | 20% | every 6 months |\n| Bronze | 10% |',
    );
    expect(out.markdown.trim().endsWith('Top')).toBe(true);
    expect(out.missing).toEqual([]);
    const renamed = renderTemplate(
      tierTable(),
      input({ tiers: [{ ...(DEMO_TIERS[0] as (typeof DEMO_TIERS)[number]), name: 'Strategic' }] }),
    );
    expect(renamed.markdown).toContain('| Strategic | 30% |');
    expect(renamed.markdown).not.toContain('Gold');
  });

  it('shows a figure the company did not configure as a placeholder naming the tier, listed once per tier', () => {
    const out = renderTemplate(tierTable(), bareInput());
    expect(out.markdown).toContain('| Gold | ‹Gold discount› | every 3 months |');
    expect(out.markdown).toContain('Next: Silver');
    expect(out.missing.map((m) => [m.name, m.label])).toEqual(
      DEFAULT_TIER_FACTS.map((t) => ['tier.discount_percent', `${t.name} discount`]),
    );
  });

  it('allows {{#each}} over tiers only, one level deep, and tier.* only inside it', () => {
    const problems = (body: string, vars: string) =>
      parseTemplateFile(
        'templates/strategy/01-test-doc.md',
        templateSource(
          vars
            .split(' ')
            .map((n) => `  - { name: ${n}, description: d, source: ${n.split('.')[0]}, required: true }`)
            .join('\n'),
          body,
        ),
      ).problems.map((p) => p.message);
    expect(problems('{{tier.name}}', 'tier.name')).toContain(
      'tier.name is only known inside {{#each tiers}}…{{/each}}',
    );
    expect(problems('{{#each partner.name}}x{{/each}}', 'partner.name')[0]).toMatch(/loops over tiers only/);
    expect(problems('{{#each tiers}}{{#each tiers}}{{tier.name}}{{/each}}{{/each}}', 'tier.name')).toContain(
      '{{#each tiers}} cannot be nested',
    );
    expect(problems('{{#each tiers}}{{tier.ceo}}{{/each}}', 'tier.ceo')[0]).toMatch(/tier.ceo is not a known field/);
  });
});

describe('worked figures in a template', () => {
  const t = () =>
    template(
      '{{currency (percent_of answers.deal answers.rate)}} · {{currency (minus answers.deal answers.cost)}} · {{currency (plus answers.deal answers.cost)}} · {{divide answers.deal answers.count}} · {{divide answers.deal answers.zero}}',
      [
        ['answers.deal', true],
        ['answers.rate', true],
        ['answers.cost', true],
        ['answers.count', true],
        ['answers.zero', true],
      ],
    );

  it('computes from the answers given', () => {
    const out = renderTemplate(t(), input({ answers: { deal: 50000, rate: 12.5, cost: 2000, count: 4, zero: 0 } }));
    expect(out.markdown.trim()).toBe('$6,250 · $48,000 · $52,000 · 12500 · –');
  });

  it('never makes a figure up: a missing input passes its placeholder on', () => {
    const out = renderTemplate(t(), input({ answers: { deal: 50000, zero: 0 } }));
    expect(out.markdown.trim()).toBe('‹rate› · ‹cost› · ‹cost› · ‹count› · –');
    expect(out.missing.map((m) => m.name)).toEqual(['answers.rate', 'answers.cost', 'answers.count']);
  });
});

describe('checking a template file', () => {
  const base = (over: string) =>
    templateSource(
      `  - { name: partner.name, description: d, source: partner, required: true }\n${over}`,
      'Hello {{partner.name}}',
    );
  const problems = (source: string, file = 'templates/strategy/01-test-doc.md') =>
    parseTemplateFile(file, source).problems.map((p) => `${p.field}: ${p.message}`);

  it('names the field and the problem for a bad or missing value', () => {
    expect(problems(base('').replace('difficulty: easy', 'difficulty: trivial'))).toEqual([
      'difficulty: difficulty must be one of easy, medium, hard',
    ]);
    expect(problems(base('').replace('version: 1.0.0', 'version: one'))).toEqual([
      'version: version must be semver, e.g. 1.0.0',
    ]);
    expect(problems(base('').replace('description: A test.\n', ''))[0]).toMatch(/^description: /);
    expect(problems(base('').replace('outcomes: [x]', 'outcomes: []'))).toEqual([
      'outcomes: outcomes needs at least one entry',
    ]);
    expect(problems(base('colour: blue'))).toEqual(['(frontmatter): unknown key colour']);
    // Guidance is shown in run threads, where only the coach's pending question may hold a "?".
    expect(problems(base('').replace('guidance: Advice for whoever fills it.', 'guidance: Ready to send it?'))).toEqual(
      ['guidance: guidance must be statements: it is shown in run threads, where only the coach asks (no "?")'],
    );
    expect(
      problems(base('').replace('guidance: Advice for whoever fills it.', 'guidance: Send it to {{partner.name}}.')),
    ).toEqual(['guidance: guidance is advice, not part of the document: it takes no {{variables}}']);
    expect(problems(base('').replace('guidance: Advice for whoever fills it.\n', ''))[0]).toMatch(/^guidance: /);
  });

  it('refuses undeclared, unused and unknown variables, and helpers we do not offer', () => {
    expect(problems(base('').replace('Hello {{partner.name}}', 'Hello {{partner.name}} {{answers.x}}'))).toEqual([
      'variables: answers.x is used in the body but not declared',
    ]);
    expect(problems(base('  - { name: answers.y, description: d, source: answers, required: true }'))).toEqual([
      'variables: answers.y is declared but the body never uses it',
    ]);
    expect(
      problems(base('').replace('Hello {{partner.name}}', 'Hello {{partner.name}} {{#each answers}}x{{/each}}'))[0],
    ).toMatch(/#each/);
    expect(problems(base('').replace('Hello {{partner.name}}', '{{shout partner.name}}'))[0]).toMatch(
      /not a helper we offer/,
    );
    expect(
      problems(
        base('  - { name: partner.ceo, description: d, source: partner, required: true }').replace(
          'Hello {{partner.name}}',
          '{{partner.name}} {{partner.ceo}}',
        ),
      ),
    ).toContain(
      'variables[1].name: partner.ceo is not a known field (partner has name, tier, type, stage, health, health_band, owner, channel, vertical, since, qbr_every_months, top_tier, entry_tier, next_tier, tier_mdf_budget)',
    );
  });

  it('checks that the file lives where its id and number say', () => {
    expect(problems(base(''), 'templates/legal/01-test-doc.md')).toEqual([
      'category: is strategy but the file is in the folder "legal"',
    ]);
    expect(problems(base(''), 'templates/strategy/02-test-doc.md')).toEqual([
      'number: is 1 but the file name starts with 02',
    ]);
    expect(problems(base(''), 'templates/strategy/01-other.md')).toEqual([
      'id: ends with "test-doc" but the file is named other',
    ]);
  });

  it('reports invalid YAML and invalid Handlebars instead of throwing', () => {
    expect(problems('---\nid: [unclosed\n---\nbody')[0]).toMatch(/^\(frontmatter\): not valid YAML/);
    expect(problems(base('').replace('Hello {{partner.name}}', 'Hello {{#if partner.name}}'))[0]).toMatch(
      /not valid Handlebars/,
    );
  });
});
