import { fileSlug } from '../file-slug';
import { STAGE_LABELS, dayOf, dueIn, healthText, md, person, table } from './markdown';
import type { HealthEvent, MilestoneItem, PartnerReportData, RunItem } from './model';

/**
 * The document `/partner report <name>` uploads: one partner's record as Markdown. Every section is always
 * there; an empty one says so and how to fill it, so a new partner's report reads as complete.
 */

export interface RenderedReport {
  readonly title: string;
  readonly markdown: string;
  /** For the upload: `report-acme-corp-2026-11-24.md`. */
  readonly fileName: string;
  /** For the chart uploaded beside it: `health-acme-corp-2026-11-24.png`. */
  readonly chartFileName: string;
}

const DEFAULT_RECENT_NOTES = 10;

export const byTime = <T extends { at: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

function summary(data: PartnerReportData): string {
  const { partner: p, qbr, today, zone } = data;
  const next = qbr.nextDueOn ? `${qbr.nextDueOn} (${dueIn(qbr.nextDueOn, today)})` : 'not planned';
  return table(
    ['', ''],
    [
      ['Tier', md(p.tier)],
      ['Stage', STAGE_LABELS[p.stage] ?? p.stage],
      ['Type', p.type ? md(p.type) : '—'],
      ['Owner', person(p.owner)],
      ['Channel', p.channel ? `#${md(p.channel.replace(/^#/, ''))}` : '— (none linked)'],
      ['Vertical', p.vertical ? md(p.vertical) : '—'],
      ['Partner since', dayOf(p.since, zone)],
      ['Health now', healthText(p.health)],
      ['QBR cadence', `every ${data.qbr.everyMonths} month${data.qbr.everyMonths === 1 ? '' : 's'}`],
      ['Last QBR', qbr.lastHeldOn ?? 'none recorded'],
      ['Next QBR', next],
    ],
  );
}

function healthSection(data: PartnerReportData): string[] {
  const events = byTime(data.health);
  // Inside a code span nothing is escaped: only a backtick or a quote could break it.
  const name = data.partner.name.replace(/["`]/g, '');
  if (events.length === 0)
    return [
      'No health score has been recorded for this partner yet, so there is no trend to show.',
      `Record one in Slack with \`/partner health "${name}" <0-100> [reason]\`.`,
    ];
  const scores = events.map((e) => e.score);
  const first = events[0] as HealthEvent;
  const last = events.at(-1) as HealthEvent;
  const change = last.score - first.score;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const lines = [
    `${events.length} score${events.length === 1 ? '' : 's'} from ${dayOf(first.at, data.zone)} to ${dayOf(last.at, data.zone)}: ` +
      `latest ${healthText(last.score)}, lowest ${Math.min(...scores)}, highest ${Math.max(...scores)}, ` +
      `average ${mean.toFixed(0)}${events.length > 1 ? `, ${change >= 0 ? '+' : ''}${change} since the first` : ''}. ` +
      'The chart beside this document draws the same scores.',
    '',
  ];
  const rows = events.map((e, i) => {
    const prev = i > 0 ? (events[i - 1] as HealthEvent).score : null;
    const delta = prev === null ? '' : e.score - prev === 0 ? '0' : `${e.score - prev > 0 ? '+' : ''}${e.score - prev}`;
    return [dayOf(e.at, data.zone), healthText(e.score), delta, e.note ? md(e.note) : '—', person(e.by)];
  });
  lines.push(table(['Date', 'Score', 'Change', 'Reason', 'By'], rows));
  if (data.healthOmitted)
    lines.push(
      '',
      `The ${data.healthOmitted} oldest scores are left out; the figures above cover the ${events.length} newest.`,
    );
  return lines;
}

function milestoneSection(milestones: readonly MilestoneItem[], data: PartnerReportData): string[] {
  const open = milestones.filter((m) => m.status === 'open').sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const done = milestones
    .filter((m) => m.status === 'done')
    .sort((a, b) => (b.doneAt ?? b.dueOn).localeCompare(a.doneAt ?? a.dueOn));
  const cancelled = milestones.filter((m) => m.status === 'cancelled');
  const lines = ['### Open', ''];
  if (open.length === 0) lines.push('No open milestones.');
  for (const m of open) {
    const overdue = m.dueOn < data.today;
    lines.push(`- [ ] ${md(m.title)} — due ${m.dueOn} (${dueIn(m.dueOn, data.today)})${overdue ? ' ⚠️' : ''}`);
  }
  lines.push('', '### Done', '');
  if (done.length === 0) lines.push('No milestones done yet.');
  for (const m of done)
    lines.push(`- [x] ${md(m.title)} — done ${m.doneAt ? dayOf(m.doneAt, data.zone) : '(date not recorded)'}`);
  if (cancelled.length) {
    lines.push('', '### Cancelled', '');
    for (const m of cancelled) lines.push(`- ~~${md(m.title)}~~ (was due ${m.dueOn})`);
  }
  if (data.milestonesOmitted) lines.push('', `${data.milestonesOmitted} older milestones are left out.`);
  return lines;
}

function notesSection(data: PartnerReportData): string[] {
  const limit = data.recentNotes ?? DEFAULT_RECENT_NOTES;
  const notes = byTime(data.notes).reverse();
  if (notes.length === 0) return ['No notes yet.'];
  const shown = notes.slice(0, limit);
  const total = Math.max(notes.length, data.notesTotal ?? 0);
  const lines = shown.map((n) => `- **${dayOf(n.at, data.zone)}** · ${person(n.by)}: ${md(n.text)}`);
  if (total > shown.length) lines.push('', `The ${shown.length} newest of ${total} notes.`);
  return lines;
}

const STATUS_LABELS: Record<RunItem['status'], string> = {
  active: '▶️ active',
  paused: '⏸️ paused',
  completed: '✅ completed',
  abandoned: '✖️ abandoned',
};

/** "Step 2 of 5", or "5 of 5" once completed. */
export function runProgress(run: RunItem): string {
  const step = run.status === 'completed' ? run.stepCount : Math.min(run.stepIndex + 1, run.stepCount);
  return `step ${step} of ${run.stepCount}`;
}

function runsSection(data: PartnerReportData): string[] {
  if (data.runs.length === 0) return ['No playbook has been run for this partner yet.'];
  const runs = [...data.runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  return [
    table(
      ['Playbook', 'Status', 'Progress', 'Started', 'Last change'],
      runs.map((r) => [
        r.link ? `[${md(r.playbookName)}](${r.link})` : md(r.playbookName),
        STATUS_LABELS[r.status],
        runProgress(r),
        dayOf(r.startedAt, data.zone),
        dayOf(r.updatedAt, data.zone),
      ]),
    ),
  ];
}

function documentsSection(data: PartnerReportData): string[] {
  if (data.documents.length === 0) return ['No documents have been generated for this partner yet.'];
  const docs = byTime(data.documents).reverse();
  const total = Math.max(docs.length, data.documentsTotal ?? 0);
  return [
    ...(total > docs.length ? [`The ${docs.length} newest of ${total} documents.`, ''] : []),
    table(
      ['Document', 'Template', 'Version', 'Date'],
      docs.map((d) => [
        d.link ? `[${md(d.title)}](${d.link})` : md(d.title),
        `\`${d.templateId}\``,
        `v${d.version}`,
        dayOf(d.at, data.zone),
      ]),
    ),
  ];
}

export function partnerReportFileNames(name: string, today: string): { markdown: string; chart: string } {
  const slug = fileSlug(name);
  return { markdown: `report-${slug}-${today}.md`, chart: `health-${slug}-${today}.png` };
}

/** One partner's report as Markdown. */
export function renderPartnerReport(data: PartnerReportData): RenderedReport {
  const title = `${data.partner.name} — partner report`;
  const markdown = [
    `# ${md(data.partner.name)} — partner report`,
    '',
    `Generated ${data.today} (dates in ${data.zone}).`,
    '',
    '## Summary',
    '',
    summary(data),
    '',
    '## Health trend',
    '',
    ...healthSection(data),
    '',
    '## Milestones',
    '',
    ...milestoneSection(data.milestones, data),
    '',
    '## Recent notes',
    '',
    ...notesSection(data),
    '',
    '## Playbook runs',
    '',
    ...runsSection(data),
    '',
    '## Documents',
    '',
    ...documentsSection(data),
    '',
  ].join('\n');
  const files = partnerReportFileNames(data.partner.name, data.today);
  return { title, markdown, fileName: files.markdown, chartFileName: files.chart };
}
