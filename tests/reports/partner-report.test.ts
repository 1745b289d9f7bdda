import { describe, expect, it } from 'vitest';
import { renderPartnerReport } from '../../src/domain/reports/partner-report';
import { emptyPartner, heavyPartner, richPartner } from './factories';

/** The section of the Markdown under a `## ` heading, up to the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length + 4);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('the partner report', () => {
  const report = renderPartnerReport(richPartner());
  const { markdown } = report;

  it('opens with the partner and a summary: tier, QBR cadence, last and next QBR, owner, channel, health', () => {
    expect(markdown.startsWith('# Acme Corp — partner report\n')).toBe(true);
    const summary = section(markdown, 'Summary');
    expect(summary).toContain('| Tier | Gold |');
    expect(summary).toContain('| Stage | Active |');
    expect(summary).toContain('| QBR cadence | every 3 months |');
    expect(summary).toContain('| Last QBR | 2026-08-20 |');
    expect(summary).toContain('| Next QBR | 2026-11-20 (in 10 days) |');
    expect(summary).toContain('| Owner | Ana Pérez |');
    expect(summary).toContain('| Channel | #partner-acme |');
    expect(summary).toContain('| Health now | 🟡 58 |');
    expect(summary).toContain('| Partner since | 2025-06-02 |');
  });

  it('lists every health score with its change and reason, oldest first', () => {
    const health = section(markdown, 'Health trend');
    const rows = health.split('\n').filter((l) => /^\| 20\d\d-/.test(l));
    expect(rows).toEqual([
      '| 2025-12-01 | 🟡 72 |  | First joint deal signed | Ana Pérez |',
      '| 2026-03-01 | 🟢 86 | +14 | Strong pipeline \\| 4 deals | Ana Pérez |',
      '| 2026-06-15 | 🟡 64 | -22 | Lost their SE; \\<!channel\\> asked for help | U0SAM |',
      '| 2026-10-30 | 🟡 58 | -6 | — | — |',
    ]);
    expect(health).toContain(
      '4 scores from 2025-12-01 to 2026-10-30: latest 🟡 58, lowest 58, highest 86, average 70, -14 since the first.',
    );
  });

  it('splits milestones into open (soonest first, overdue flagged), done and cancelled', () => {
    const milestones = section(markdown, 'Milestones');
    expect(milestones).toContain('- [ ] Certify 3 engineers — due 2026-11-01 (9 days overdue) ⚠️');
    expect(milestones).toContain('- [ ] Co-marketing webinar — due 2026-12-15 (in 35 days)');
    expect(milestones.indexOf('Certify')).toBeLessThan(milestones.indexOf('Co-marketing'));
    expect(milestones).toContain('- [x] First joint deal — done 2025-11-28');
    expect(milestones).toContain('- ~~Old idea~~ (was due 2026-02-01)');
  });

  it('shows the ten newest notes, newest first, with user text escaped', () => {
    const notes = section(markdown, 'Recent notes');
    const items = notes.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(10);
    expect(notes).toContain('The 10 newest of 12 notes.');
    const dates = items.map((l) => l.slice(4, 14));
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(notes).toContain('\\# Not a heading — \\*really\\*');
    expect(markdown).not.toMatch(/^# Not a heading/m);
  });

  it('tables the playbook runs (with progress and thread link) and the documents', () => {
    const runs = section(markdown, 'Playbook runs');
    expect(runs).toContain(
      '| [QBR](https://acme.slack.com/archives/C0ACME/p1762160400000100) | ⏸️ paused | step 2 of 4 | 2026-11-02 | 2026-11-03 |',
    );
    expect(runs).toContain('| Onboard | ✅ completed | step 5 of 5 | 2025-06-10 | 2025-07-01 |');
    const docs = section(markdown, 'Documents');
    expect(docs).toContain('| QBR document — Acme Corp v2 | `enablement/qbr-document` | v2 | 2026-08-20 |');
    expect(docs.indexOf('QBR document')).toBeLessThan(docs.indexOf('Partner agreement'));
  });

  it('shows dates in the report’s zone', () => {
    const late = richPartner({
      health: [{ at: '2026-11-01T02:30:00.000Z', score: 70, note: null, by: null }],
    });
    // 02:30 UTC on 1 November is still 31 October in New York.
    expect(renderPartnerReport(late).markdown).toContain('| 2026-10-31 | 🟡 70 |');
    expect(renderPartnerReport({ ...late, zone: 'Europe/Berlin' }).markdown).toContain('| 2026-11-01 | 🟡 70 |');
  });

  it('names the files after the partner and the day', () => {
    expect(report.fileName).toBe('report-acme-corp-2026-11-10.md');
    expect(report.chartFileName).toBe('health-acme-corp-2026-11-10.png');
    expect(report.title).toBe('Acme Corp — partner report');
  });

  it('reads as complete for a new partner with nothing recorded: each section says so', () => {
    const empty = renderPartnerReport(emptyPartner()).markdown;
    expect(section(empty, 'Health trend')).toContain(
      'No health score has been recorded for this partner yet, so there is no trend to show.',
    );
    expect(section(empty, 'Health trend')).toContain('`/partner health "Newco" <0-100> [reason]`');
    expect(section(empty, 'Summary')).toContain('| Health now | ⚪ not set |');
    expect(section(empty, 'Summary')).toContain('| Next QBR | not planned |');
    expect(section(empty, 'Summary')).toContain('| Owner | — |');
    expect(section(empty, 'Milestones')).toContain('No open milestones.');
    expect(section(empty, 'Recent notes')).toContain('No notes yet.');
    expect(section(empty, 'Playbook runs')).toContain('No playbook has been run');
    expect(section(empty, 'Documents')).toContain('No documents have been generated');
  });

  it('keeps every one of 500 health scores', () => {
    const heavy = renderPartnerReport(heavyPartner(500)).markdown;
    expect(
      section(heavy, 'Health trend')
        .split('\n')
        .filter((l) => /^\| 20\d\d-/.test(l)),
    ).toHaveLength(500);
  });
});
