import { STAGES, healthBand } from '../partners/model';
import { fileSlug } from '../file-slug';
import { STAGE_LABELS, dayOf, daysFrom, dueIn, healthText, md, person, table } from './markdown';
import type { PortfolioPartner, PortfolioReportData } from './model';
import { runProgress, type RenderedReport } from './partner-report';

/**
 * The document `/partner report` uploads for the whole program: partners by tier and stage, who is at risk,
 * what is overdue, the QBRs due this month and the playbook runs in flight.
 */

export interface OverdueItem {
  readonly partner: string;
  readonly what: string;
  readonly dueOn: string;
}

/** At risk: the stage says so, or the health is below `reminders.health_below`. */
export function isAtRisk(p: PortfolioPartner, healthBelow: number): boolean {
  return p.stage === 'at_risk' || (p.health !== null && p.health < healthBelow);
}

/** Open milestones past their day and QBRs past theirs, oldest first. Exited partners owe nothing. */
export function overdueItems(data: PortfolioReportData): OverdueItem[] {
  const items: OverdueItem[] = [];
  for (const p of data.partners) {
    if (p.stage === 'exited') continue;
    if (p.nextQbrDueOn && p.nextQbrDueOn < data.today)
      items.push({ partner: p.name, what: 'QBR', dueOn: p.nextQbrDueOn });
    for (const m of p.openMilestones)
      if (m.dueOn < data.today) items.push({ partner: p.name, what: `Milestone: ${m.title}`, dueOn: m.dueOn });
  }
  return items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.partner.localeCompare(b.partner));
}

/** Partners whose next QBR falls from today to the end of this calendar month. */
export function qbrsDueThisMonth(data: PortfolioReportData): PortfolioPartner[] {
  const month = data.today.slice(0, 7);
  return data.partners
    .filter((p) => p.stage !== 'exited' && p.nextQbrDueOn && p.nextQbrDueOn >= data.today)
    .filter((p) => p.nextQbrDueOn?.slice(0, 7) === month)
    .sort((a, b) => (a.nextQbrDueOn ?? '').localeCompare(b.nextQbrDueOn ?? ''));
}

function tierStageTable(data: PortfolioReportData): string {
  const known = new Map(data.tiers.map((t) => [t.toLowerCase(), t]));
  // A partner whose tier was removed from partneros.yml still counts, in a row of its own after the others.
  const extra = [...new Set(data.partners.map((p) => p.tier))].filter((t) => !known.has(t.toLowerCase())).sort();
  const tiers = [...data.tiers, ...extra];
  const stages = STAGES.filter((s) => data.partners.some((p) => p.stage === s));
  const count = (tier: string | null, stage: string | null) =>
    data.partners.filter(
      (p) => (tier === null || p.tier.toLowerCase() === tier.toLowerCase()) && (stage === null || p.stage === stage),
    ).length;
  const rows = tiers.map((t) => [
    `**${md(t)}**`,
    ...stages.map((s) => String(count(t, s) || '·')),
    `**${count(t, null)}**`,
  ]);
  rows.push(['**Total**', ...stages.map((s) => `**${count(null, s)}**`), `**${data.partners.length}**`]);
  return table(['Tier', ...stages.map((s) => STAGE_LABELS[s] ?? s), 'Total'], rows);
}

function atRiskSection(data: PortfolioReportData): string[] {
  const atRisk = data.partners
    .filter((p) => isAtRisk(p, data.healthBelow))
    .sort((a, b) => (a.health ?? 101) - (b.health ?? 101) || a.name.localeCompare(b.name));
  if (atRisk.length === 0) return [`No partner is at risk (stage at risk, or health below ${data.healthBelow}).`];
  return [
    `${atRisk.length} partner${atRisk.length === 1 ? '' : 's'} at stage at risk or with health below ${data.healthBelow}:`,
    '',
    table(
      ['Partner', 'Tier', 'Stage', 'Health', 'Latest reason', 'Owner'],
      atRisk.map((p) => [
        md(p.name),
        md(p.tier),
        STAGE_LABELS[p.stage] ?? p.stage,
        healthText(p.health),
        p.healthNote ? md(p.healthNote) : '—',
        person(p.owner),
      ]),
    ),
  ];
}

function overdueSection(data: PortfolioReportData): string[] {
  const items = overdueItems(data);
  if (items.length === 0) return ['Nothing is overdue.'];
  return [
    table(
      ['Partner', 'What', 'Was due', 'Late by'],
      items.map((i) => [md(i.partner), md(i.what), i.dueOn, `${daysFrom(i.dueOn, data.today)} days`]),
    ),
  ];
}

function qbrSection(data: PortfolioReportData): string[] {
  const due = qbrsDueThisMonth(data);
  if (due.length === 0) return ['No QBR falls due in the rest of this month.'];
  return due.map(
    (p) =>
      `- [ ] **${md(p.name)}** (${md(p.tier)}) — ${p.nextQbrDueOn} (${dueIn(p.nextQbrDueOn ?? data.today, data.today)}), owner ${person(p.owner)}`,
  );
}

function runsSection(data: PortfolioReportData): string[] {
  const runs = data.runs
    .filter((r) => r.status === 'active' || r.status === 'paused')
    .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
  if (runs.length === 0) return ['No playbook run is in progress.'];
  return [
    table(
      ['Partner', 'Playbook', 'Status', 'Progress', 'Idle for'],
      runs.map((r) => [
        md(r.partner),
        r.link ? `[${md(r.playbookName)}](${r.link})` : md(r.playbookName),
        r.status,
        runProgress(r),
        `${Math.max(0, daysFrom(dayOf(r.updatedAt, data.zone), data.today))} days`,
      ]),
    ),
  ];
}

function healthOverview(data: PortfolioReportData): string {
  const bands = { green: 0, yellow: 0, red: 0, unset: 0 };
  for (const p of data.partners) bands[healthBand(p.health)] += 1;
  return `Health: 🟢 ${bands.green} · 🟡 ${bands.yellow} · 🔴 ${bands.red} · ⚪ ${bands.unset} not set. The chart beside this document shows each partner's health.`;
}

/** The whole program's report as Markdown. */
export function renderPortfolioReport(data: PortfolioReportData): RenderedReport {
  const program = data.companyName ? `${data.companyName} partner program` : 'Partner program';
  const ownerName = data.owner ? (data.owner.name ?? data.owner.id) : undefined;
  const who = ownerName ? `${program}: partners of ${ownerName}` : program;
  // Whose partners these are, and what was left out: said under the title so nobody reads a part as the whole.
  const scope = [
    ...(ownerName ? [`Only the partners ${md(ownerName)} owns; PartnerOS admins get the whole program.`] : []),
    ...(data.partnersOmitted
      ? [`The report covers the first ${data.partners.length} partners; ${data.partnersOmitted} more are left out.`]
      : []),
  ];
  const slug = fileSlug(data.companyName ?? '', 'program');
  if (data.partners.length === 0) {
    const markdown = [
      `# ${md(who)} — portfolio report`,
      '',
      `Generated ${data.today} (dates in ${data.zone}).`,
      ...scope.flatMap((l) => ['', l]),
      '',
      ownerName
        ? `${md(ownerName)} owns no partners yet.`
        : 'No partners yet. Add the first with `/partner add "<name>"`, or import a spreadsheet with `npx partneros import`.',
      '',
    ].join('\n');
    return {
      title: `${who} — portfolio report`,
      markdown,
      fileName: `portfolio-${slug}-${data.today}.md`,
      chartFileName: `health-${slug}-${data.today}.png`,
    };
  }
  const markdown = [
    `# ${md(who)} — portfolio report`,
    '',
    `Generated ${data.today} (dates in ${data.zone}). ${data.partners.length} partner${data.partners.length === 1 ? '' : 's'}.`,
    ...scope.flatMap((l) => ['', l]),
    '',
    healthOverview(data),
    '',
    '## Partners by tier and stage',
    '',
    tierStageTable(data),
    '',
    '## At risk',
    '',
    ...atRiskSection(data),
    '',
    '## Overdue',
    '',
    ...overdueSection(data),
    '',
    '## QBRs due this month',
    '',
    ...qbrSection(data),
    '',
    '## Playbook runs in flight',
    '',
    ...runsSection(data),
    '',
  ].join('\n');
  return {
    title: `${who} — portfolio report`,
    markdown,
    fileName: `portfolio-${slug}-${data.today}.md`,
    chartFileName: `health-${slug}-${data.today}.png`,
  };
}
