import { healthBand, type HealthBand } from '../partners/model';
import type { PartnerReportData, PortfolioReportData } from './model';

/**
 * What the report charts show, as data: the health trend of one partner and the health of every partner.
 * Drawing them (SVG, then PNG) is src/charts' job; the choices of what to show are made here.
 */

export const BAND_COLOURS: Readonly<Record<HealthBand, string>> = {
  green: '#2e9e5b',
  yellow: '#e0a800',
  red: '#d64545',
  unset: '#9aa0a6',
};

/** The health bands drawn behind a 0–100 axis: ≥80 green, 50–79 yellow, below 50 red. */
export const HEALTH_BANDS = [
  { from: 80, to: 100, colour: BAND_COLOURS.green },
  { from: 50, to: 80, colour: BAND_COLOURS.yellow },
  { from: 0, to: 50, colour: BAND_COLOURS.red },
] as const;

export interface LineChart {
  readonly kind: 'line';
  readonly title: string;
  readonly subtitle: string;
  /** Time (ms since the epoch) and score, oldest first. */
  readonly points: readonly { readonly at: number; readonly value: number; readonly colour: string }[];
  /** The zone dates on the time axis are shown in. */
  readonly zone: string;
  /** Shown in place of the plot when there are no points. */
  readonly emptyText: string;
}

export interface BarChart {
  readonly kind: 'bar';
  readonly title: string;
  readonly subtitle: string;
  readonly bars: readonly { readonly label: string; readonly value: number | null; readonly colour: string }[];
  /** Partners left out to keep the chart readable. */
  readonly omitted: number;
  readonly emptyText: string;
}

export type ChartSpec = LineChart | BarChart;

/** The most bars one chart draws (the lowest health, so the partners that need attention); the rest are counted in a footnote. */
export const MAX_BARS = 40;

export function partnerHealthChart(data: PartnerReportData): LineChart {
  const points = [...data.health]
    .map((e) => ({ at: Date.parse(e.at), value: e.score, colour: BAND_COLOURS[healthBand(e.score)] }))
    .sort((a, b) => a.at - b.at);
  return {
    kind: 'line',
    title: `${data.partner.name} — health over time`,
    subtitle: points.length
      ? `${points.length} score${points.length === 1 ? '' : 's'} · ${data.partner.tier} · as of ${data.today}`
      : `${data.partner.tier} · as of ${data.today}`,
    points,
    zone: data.zone,
    emptyText: 'No health score recorded yet',
  };
}

/** Lowest health first, so the partners that need attention lead; unset scores last. */
export function portfolioHealthChart(data: PortfolioReportData): BarChart {
  const sorted = [...data.partners]
    .filter((p) => p.stage !== 'exited')
    .sort((a, b) => (a.health ?? 101) - (b.health ?? 101) || a.name.localeCompare(b.name));
  const shown = sorted.slice(0, MAX_BARS);
  return {
    kind: 'bar',
    title: `${data.companyName ? `${data.companyName} — ` : ''}health by partner`,
    subtitle: `${sorted.length} partner${sorted.length === 1 ? '' : 's'} · lowest first · as of ${data.today}`,
    bars: shown.map((p) => ({ label: p.name, value: p.health, colour: BAND_COLOURS[healthBand(p.health)] })),
    omitted: sorted.length - shown.length,
    emptyText: 'No partners yet',
  };
}
