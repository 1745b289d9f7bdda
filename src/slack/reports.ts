import type { WebClient } from '@slack/web-api';
import { renderChartPng } from '../charts/png';
import { partnerHealthChart, portfolioHealthChart } from '../domain/reports/charts';
import type { ReportNames } from '../domain/reports/data';
import { dueIn, healthText } from '../domain/reports/markdown';
import type { PartnerReportData, PortfolioReportData } from '../domain/reports/model';
import { renderPartnerReport } from '../domain/reports/partner-report';
import { isAtRisk, overdueItems, qbrsDueThisMonth, renderPortfolioReport } from '../domain/reports/portfolio-report';
import { renderReportDelivered, type ReportTarget } from './blocks/reports';
import { esc, type Message } from './blocks/text';
import type { SlackDeps } from './deps';
import { shareFiles, type OutgoingFile } from './files';

/**
 * `/partner report`, after the ack: read the report's data through the workspace's services, render the
 * Markdown and the chart (PNG, off the event loop), and share both in one message. A failure to read or
 * render is thrown to the listener boundary; a refused upload is answered like a document's.
 */

/** People whose names one report looks up in Slack; the rest are shown by id rather than wait on users.info. */
const MAX_NAME_LOOKUPS = 100;
const LOOKUPS_AT_ONCE = 8;

function reportNames(client: WebClient, deps: SlackDeps): ReportNames {
  return {
    async users(ids) {
      const named = new Map<string, string>();
      const wanted = ids.slice(0, MAX_NAME_LOOKUPS);
      for (let i = 0; i < wanted.length; i += LOOKUPS_AT_ONCE) {
        await Promise.all(
          wanted.slice(i, i + LOOKUPS_AT_ONCE).map(async (id) => {
            const name = await deps.names.user(client, id);
            if (name) named.set(id, name);
          }),
        );
      }
      return named;
    },
    channel: (id) => deps.names.channel(client, id),
  };
}

/**
 * Where a report goes: the channel it was asked in, as documents do (or the DM when PartnerOS is not in
 * it). A report holds health scores and notes, which stay out of channels shared outside the company
 * unless the company allows them: asked in one of those, it goes to the requester's DM.
 */
async function destination(client: WebClient, deps: SlackDeps, channelId: string) {
  if (
    !deps.config.company.privacy.internal_details_in_shared_channels &&
    (await deps.isSharedChannel(client, channelId))
  )
    return { to: null, dmBecause: 'shared_channel' };
  return { to: { channelId } };
}

function partnerHighlights(d: PartnerReportData): string {
  const open = d.milestones.filter((m) => m.status === 'open');
  const overdue = open.filter((m) => m.dueOn < d.today).length;
  return [
    `Health ${healthText(d.partner.health)} (${d.health.length + (d.healthOmitted ?? 0)} scores)`,
    `next QBR ${d.qbr.nextDueOn ? `${d.qbr.nextDueOn}, ${dueIn(d.qbr.nextDueOn, d.today)}` : 'not planned'}`,
    `${open.length} open milestone${open.length === 1 ? '' : 's'}${overdue ? ` (${overdue} overdue)` : ''}`,
  ].join(' · ');
}

function portfolioHighlights(d: PortfolioReportData): string {
  const atRisk = d.partners.filter((p) => isAtRisk(p, d.healthBelow)).length;
  return [
    `${d.partners.length + (d.partnersOmitted ?? 0)} partners`,
    `${atRisk} at risk`,
    `${overdueItems(d).length} overdue`,
    `${qbrsDueThisMonth(d).length} QBRs due this month`,
  ].join(' · ');
}

async function build(client: WebClient, deps: SlackDeps, target: ReportTarget, actor: string) {
  const names = reportNames(client, deps);
  if ('partner' in target) {
    const data = await deps.reports.partner(target.partner, actor, names);
    const rendered = renderPartnerReport(data);
    const chart = await renderChartPng(partnerHealthChart(data));
    return { rendered, chart, highlights: partnerHighlights(data), about: target.partner.name };
  }
  const { data } = await deps.reports.portfolio(actor, names);
  const rendered = renderPortfolioReport(data);
  const chart = await renderChartPng(portfolioHealthChart(data));
  return { rendered, chart, highlights: portfolioHighlights(data), about: 'portfolio' };
}

/** Builds and shares the report; the answer is the reply that replaces "Preparing the report…". */
export async function deliverReport(
  client: WebClient,
  deps: SlackDeps,
  request: { target: ReportTarget; actor: string; channelId: string },
): Promise<Message> {
  const started = performance.now();
  const { rendered, chart, highlights } = await build(client, deps, request.target, request.actor);
  const built = performance.now();
  const files: [OutgoingFile, OutgoingFile] = [
    { fileName: rendered.fileName, title: rendered.title, content: rendered.markdown, type: 'text/markdown' },
    { fileName: rendered.chartFileName, title: chart.alt, content: chart.png, type: 'image/png', altText: chart.alt },
  ];
  const where = await destination(client, deps, request.channelId);
  const shared = await shareFiles(client, files, where.to, {
    actor: request.actor,
    comment: `📊 ${esc(rendered.title)}, for <@${request.actor}>`,
    ...(where.dmBecause ? { dmBecause: where.dmBecause } : {}),
  });
  deps.logger.info(
    {
      kind: 'report',
      user: request.actor,
      report: 'partner' in request.target ? 'partner' : 'portfolio',
      ...('partner' in request.target ? { partner: request.target.partner.id } : {}),
      upload: shared.ok ? (shared.movedToDm ? `dm:${shared.movedBecause}` : 'ok') : shared.error,
      bytes: Buffer.byteLength(rendered.markdown) + chart.png.length,
      build_ms: Math.round(built - started),
      ms: Math.round(performance.now() - started),
    },
    'report',
  );
  return renderReportDelivered({ title: rendered.title, fileName: rendered.fileName, shared, highlights });
}
