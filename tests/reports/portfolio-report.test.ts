import { describe, expect, it } from 'vitest';
import { overdueItems, qbrsDueThisMonth, renderPortfolioReport } from '../../src/domain/reports/portfolio-report';
import { program } from './factories';

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length + 4);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('the portfolio report', () => {
  const { markdown, fileName, chartFileName } = renderPortfolioReport(program());

  it('counts partners by tier (in partneros.yml order, unknown tiers after) and stage, with totals', () => {
    const t = section(markdown, 'Partners by tier and stage');
    expect(t).toContain('| Tier | Prospect | Onboarding | Active | At risk | Exited | Total |');
    const rows = t.split('\n').filter((l) => l.startsWith('| **'));
    expect(rows).toEqual([
      '| **Gold** | · | · | 1 | 1 | · | **2** |',
      '| **Silver** | · | · | 1 | · | · | **1** |',
      '| **Bronze** | · | 1 | · | · | 1 | **2** |',
      '| **Platinum** | 1 | · | · | · | · | **1** |',
      '| **Total** | **1** | **1** | **2** | **1** | **1** | **6** |',
    ]);
    expect(markdown).toContain('Health: 🟢 2 · 🟡 1 · 🔴 2 · ⚪ 1 not set.');
  });

  it('lists partners at risk by stage or by health below the threshold, worst first, with the latest reason', () => {
    const r = section(markdown, 'At risk');
    const rows = r.split('\n').filter((l) => /^\| (?!Partner|---)/.test(l));
    expect(rows.map((l) => l.split(' | ')[0])).toEqual(['| Gone Inc', '| Umbrella', '| Globex']);
    expect(r).toContain('| Umbrella | Silver | Active | 🔴 41 | No deals in Q3 | Ana Pérez |');
    expect(r).toContain('| Globex | Gold | At risk | 🟡 62 | Champion left | Ana Pérez |');
    const stricter = renderPortfolioReport(program({ healthBelow: 70 })).markdown;
    expect(section(stricter, 'At risk')).toContain('| Globex |');
  });

  it('lists what is overdue, oldest first, leaving exited partners out', () => {
    expect(overdueItems(program())).toEqual([
      { partner: 'Umbrella', what: 'QBR', dueOn: '2026-10-01' },
      { partner: 'Umbrella', what: 'Milestone: Joint webinar', dueOn: '2026-11-01' },
    ]);
    expect(section(markdown, 'Overdue')).toContain('| Umbrella | QBR | 2026-10-01 | 40 days |');
  });

  it('lists the QBRs due from today to the end of the month', () => {
    expect(qbrsDueThisMonth(program()).map((p) => p.name)).toEqual(['Acme Corp', 'Hooli']);
    expect(section(markdown, 'QBRs due this month')).toContain(
      '- [ ] **Acme Corp** (Gold) — 2026-11-20 (in 10 days), owner Ana Pérez',
    );
  });

  it('lists only active and paused runs, longest idle first', () => {
    const runs = section(markdown, 'Playbook runs in flight');
    expect(runs).toContain('| Hooli | Onboard | active | step 3 of 5 | 9 days |');
    expect(runs).not.toContain('Acme Corp');
  });

  it('says plainly when a section is empty, and when there are no partners at all', () => {
    const calm = renderPortfolioReport(program({ partners: [], runs: [] })).markdown;
    expect(calm).toContain('No partners yet.');
    const quiet = renderPortfolioReport(
      program({ partners: program().partners.filter((p) => p.name === 'Acme Corp'), runs: [] }),
    ).markdown;
    expect(section(quiet, 'At risk')).toContain('No partner is at risk');
    expect(section(quiet, 'Overdue')).toContain('Nothing is overdue.');
    expect(section(quiet, 'Playbook runs in flight')).toContain('No playbook run is in progress.');
    const december = renderPortfolioReport(program({ today: '2026-12-20' })).markdown;
    expect(section(december, 'QBRs due this month')).toContain('No QBR falls due');
  });

  it('names its files after the company and the day', () => {
    expect(fileName).toBe('portfolio-initech-2026-11-10.md');
    expect(chartFileName).toBe('health-initech-2026-11-10.png');
  });
});
