import { DateTime } from 'luxon';
import { HEALTH_BANDS, type BarChart, type ChartSpec, type LineChart } from '../domain/reports/charts';

/**
 * Charts drawn as SVG by hand: two chart kinds with fixed layouts need no chart library, and SVG text with
 * one bundled font renders the same on every machine (see png.ts).
 */

export const FONT_FAMILY = 'DejaVu Sans';
const INK = '#1f2328';
const MUTED = '#656d76';
const GRID = '#d0d7de';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const n = (x: number) => (Math.round(x * 10) / 10).toString();

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}" ${attrs}>${esc(content)}</text>`;
}

function clip(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

function frame(width: number, height: number, title: string, subtitle: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(32, 40, clip(title, 70), `font-size="24" font-weight="bold" fill="${INK}"`),
    text(32, 66, clip(subtitle, 110), `font-size="15" fill="${MUTED}"`),
    ...body,
    '</svg>',
  ].join('\n');
}

export const LINE_SIZE = { width: 1200, height: 600 } as const;

/** Up to `count` evenly spaced time ticks, labelled in the zone (days, or months over a long span). */
function timeTicks(from: number, to: number, zone: string, count: number): { at: number; label: string }[] {
  if (to <= from) return [{ at: from, label: DateTime.fromMillis(from, { zone }).toFormat('d LLL yyyy') }];
  const longSpan = to - from > 400 * 86_400_000;
  return Array.from({ length: count }, (_, i) => {
    const at = from + ((to - from) * i) / (count - 1);
    return { at, label: DateTime.fromMillis(at, { zone }).toFormat(longSpan ? 'LLL yyyy' : 'd LLL yyyy') };
  });
}

export function lineChartSvg(chart: LineChart): string {
  const { width, height } = LINE_SIZE;
  const box = { left: 80, right: width - 40, top: 100, bottom: height - 70 };
  const y = (v: number) => box.bottom - (v / 100) * (box.bottom - box.top);
  const body: string[] = [];
  for (const band of HEALTH_BANDS)
    body.push(
      `<rect x="${box.left}" y="${n(y(band.to))}" width="${box.right - box.left}" height="${n(y(band.from) - y(band.to))}" fill="${band.colour}" fill-opacity="0.10"/>`,
    );
  for (const v of [0, 25, 50, 75, 100]) {
    body.push(`<line x1="${box.left}" y1="${n(y(v))}" x2="${box.right}" y2="${n(y(v))}" stroke="${GRID}"/>`);
    body.push(text(box.left - 12, y(v) + 5, String(v), `font-size="14" text-anchor="end" fill="${MUTED}"`));
  }
  body.push(
    text(
      24,
      (box.top + box.bottom) / 2,
      'Health',
      `font-size="14" fill="${MUTED}" transform="rotate(-90 24 ${n((box.top + box.bottom) / 2)})" text-anchor="middle"`,
    ),
  );
  if (chart.points.length === 0) {
    body.push(
      text(
        (box.left + box.right) / 2,
        (box.top + box.bottom) / 2,
        chart.emptyText,
        `font-size="22" text-anchor="middle" fill="${MUTED}"`,
      ),
    );
    return frame(width, height, chart.title, chart.subtitle, body);
  }
  const first = chart.points[0]?.at ?? 0;
  const last = chart.points.at(-1)?.at ?? first;
  const pad = Math.max((last - first) * 0.03, 86_400_000);
  const [t0, t1] = [first - pad, last + pad];
  const x = (t: number) => box.left + ((t - t0) / (t1 - t0)) * (box.right - box.left);
  for (const tick of timeTicks(first, last, chart.zone, chart.points.length === 1 ? 1 : 6)) {
    body.push(
      `<line x1="${n(x(tick.at))}" y1="${box.bottom}" x2="${n(x(tick.at))}" y2="${box.bottom + 6}" stroke="${MUTED}"/>`,
    );
    body.push(text(x(tick.at), box.bottom + 26, tick.label, `font-size="14" text-anchor="middle" fill="${MUTED}"`));
  }
  const path = chart.points.map((p, i) => `${i ? 'L' : 'M'}${n(x(p.at))} ${n(y(p.value))}`).join(' ');
  body.push(`<path d="${path}" fill="none" stroke="${INK}" stroke-width="2.5" stroke-linejoin="round"/>`);
  // Dots only while they stay apart; hundreds of scores read better as a line.
  const radius = chart.points.length <= 60 ? 5 : chart.points.length <= 200 ? 3 : 0;
  if (radius)
    for (const p of chart.points)
      body.push(
        `<circle cx="${n(x(p.at))}" cy="${n(y(p.value))}" r="${radius}" fill="${p.colour}" stroke="#ffffff" stroke-width="1.5"/>`,
      );
  const end = chart.points.at(-1);
  if (end)
    body.push(
      text(
        Math.min(x(end.at) + 10, box.right - 4),
        y(end.value) - 10,
        String(end.value),
        `font-size="16" font-weight="bold" fill="${end.colour}" stroke="#ffffff" stroke-width="4" paint-order="stroke" text-anchor="${x(end.at) + 40 > box.right ? 'end' : 'start'}"`,
      ),
    );
  return frame(width, height, chart.title, chart.subtitle, body);
}

export const BAR_LAYOUT = { width: 1200, row: 28, top: 100, bottom: 70, labelWidth: 320 } as const;

export function barChartHeight(rows: number): number {
  return Math.max(320, BAR_LAYOUT.top + Math.max(rows, 1) * BAR_LAYOUT.row + BAR_LAYOUT.bottom);
}

export function barChartSvg(chart: BarChart): string {
  const { width, row, top, labelWidth } = BAR_LAYOUT;
  const height = barChartHeight(chart.bars.length);
  const box = { left: labelWidth + 20, right: width - 80, top, bottom: top + Math.max(chart.bars.length, 1) * row };
  const x = (v: number) => box.left + (v / 100) * (box.right - box.left);
  const body: string[] = [];
  if (chart.bars.length === 0) {
    body.push(
      text(width / 2, (box.top + height) / 2, chart.emptyText, `font-size="22" text-anchor="middle" fill="${MUTED}"`),
    );
    return frame(width, height, chart.title, chart.subtitle, body);
  }
  for (const v of [0, 25, 50, 75, 100]) {
    const dashed = v === 50 || v === 80 ? ' stroke-dasharray="6 4"' : '';
    body.push(
      `<line x1="${n(x(v))}" y1="${box.top - 6}" x2="${n(x(v))}" y2="${box.bottom}" stroke="${GRID}"${dashed}/>`,
    );
    body.push(text(x(v), box.bottom + 24, String(v), `font-size="14" text-anchor="middle" fill="${MUTED}"`));
  }
  body.push(
    `<line x1="${n(x(80))}" y1="${box.top - 6}" x2="${n(x(80))}" y2="${box.bottom}" stroke="${GRID}" stroke-dasharray="6 4"/>`,
  );
  chart.bars.forEach((bar, i) => {
    const top = box.top + i * row;
    const mid = top + row / 2 + 5;
    body.push(text(box.left - 12, mid, clip(bar.label, 34), `font-size="15" text-anchor="end" fill="${INK}"`));
    if (bar.value === null) {
      body.push(text(box.left + 8, mid, 'not set', `font-size="14" fill="${MUTED}"`));
      return;
    }
    const w = Math.max(x(bar.value) - box.left, 2);
    body.push(
      `<rect x="${box.left}" y="${top + 5}" width="${n(w)}" height="${row - 10}" rx="3" fill="${bar.colour}"/>`,
    );
    body.push(text(box.left + w + 8, mid, String(bar.value), `font-size="14" font-weight="bold" fill="${INK}"`));
  });
  if (chart.omitted > 0)
    body.push(
      text(
        32,
        height - 20,
        `${chart.omitted} more partner${chart.omitted === 1 ? '' : 's'} with higher health or no score not drawn (all are in the report).`,
        `font-size="14" fill="${MUTED}"`,
      ),
    );
  return frame(width, height, chart.title, chart.subtitle, body);
}

export function chartSvg(chart: ChartSpec): string {
  return chart.kind === 'line' ? lineChartSvg(chart) : barChartSvg(chart);
}
