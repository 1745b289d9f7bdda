/**
 * `npm run bench` (reports part): how long `/partner report` spends rendering, in one process, no store.
 *
 *   1. The heaviest partner we fixture (500 health events, 300 notes, 80 milestones, 40 runs, 60 documents):
 *      the Markdown document, the chart spec, the SVG, and the PNG.
 *   2. A program of 2,000 partners: the portfolio document and its bar chart.
 */
import { chartSvg } from '../src/charts/svg';
import { renderChartPng } from '../src/charts/png';
import { partnerHealthChart, portfolioHealthChart } from '../src/domain/reports/charts';
import type { PortfolioPartner } from '../src/domain/reports/model';
import { renderPartnerReport } from '../src/domain/reports/partner-report';
import { renderPortfolioReport } from '../src/domain/reports/portfolio-report';
import { heavyPartner, program, prng } from '../tests/reports/factories';
import { ms, summarize } from './stats';

const PASSES = 30;
const log = (line = ''): void => void process.stdout.write(`${line}\n`);

async function time(fn: () => unknown): Promise<number[]> {
  await fn(); // warm-up: module loading, font parsing, JIT
  const samples: number[] = [];
  for (let i = 0; i < PASSES; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

function bigProgram(count: number) {
  const rand = prng(2000);
  const tiers = ['Gold', 'Silver', 'Bronze'];
  const stages = ['prospect', 'recruiting', 'onboarding', 'active', 'growing', 'at_risk', 'exited'] as const;
  const partners: PortfolioPartner[] = Array.from({ length: count }, (_, i) => ({
    name: `Partner ${i} Holdings`,
    tier: tiers[Math.floor(rand() * 3)] ?? 'Bronze',
    stage: stages[Math.floor(rand() * stages.length)] ?? 'active',
    health: rand() < 0.2 ? null : Math.round(rand() * 100),
    healthNote: 'pipeline review',
    owner: { id: `U${i % 40}` },
    nextQbrDueOn: `2026-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-15`,
    openMilestones: [{ title: 'Certification', dueOn: '2026-10-01' }],
  }));
  return program({ partners, runs: [] });
}

export async function benchReports(): Promise<Record<string, unknown>> {
  const heavy = heavyPartner(500);
  const rows: [string, number[]][] = [];
  rows.push(['partner: Markdown (500 scores)', await time(() => renderPartnerReport(heavy))]);
  rows.push(['partner: chart SVG', await time(() => chartSvg(partnerHealthChart(heavy)))]);
  rows.push(['partner: chart PNG (SVG + raster)', await time(() => renderChartPng(partnerHealthChart(heavy)))]);
  rows.push([
    'partner: Markdown + PNG',
    await time(async () => {
      renderPartnerReport(heavy);
      await renderChartPng(partnerHealthChart(heavy));
    }),
  ]);
  const big = bigProgram(2000);
  rows.push(['portfolio: Markdown (2,000 partners)', await time(() => renderPortfolioReport(big))]);
  rows.push(['portfolio: chart PNG', await time(() => renderChartPng(portfolioHealthChart(big)))]);

  const report = renderPartnerReport(heavy);
  const png = await renderChartPng(partnerHealthChart(heavy));
  log(`\nReports (${PASSES} passes after one warm-up; ms)`);
  log('| what | mean | p50 | p95 | max |');
  log('|---|---|---|---|---|');
  const figures: Record<string, unknown> = {};
  for (const [what, samples] of rows) {
    const s = summarize(samples);
    log(`| ${what} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} |`);
    figures[what] = s;
  }
  log(
    `heavy partner: ${(report.markdown.length / 1024).toFixed(0)} KiB of Markdown, PNG ${png.width}×${png.height} ${(png.png.length / 1024).toFixed(0)} KiB`,
  );
  return { passes: PASSES, figures, markdownBytes: report.markdown.length, pngBytes: png.png.length };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReports();
