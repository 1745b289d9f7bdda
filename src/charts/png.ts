import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import type { ChartSpec } from '../domain/reports/charts';
import { chartSvg, FONT_FAMILY } from './svg';

/**
 * Charts as PNG: our SVG rasterised by resvg (Rust, shipped prebuilt inside its npm package), with the
 * DejaVu font loaded from node_modules instead of the system, so text renders the same in a slim container
 * that has no fonts at all. Rendering runs on libuv's thread pool, off the event loop.
 */

export interface ChartImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly svg: string;
  /** A sentence describing the chart, for the upload's alt text. */
  readonly alt: string;
}

const require = createRequire(import.meta.url);
let fontFiles: string[] | undefined;

function fonts(): string[] {
  if (!fontFiles) {
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
    // Fail here, with the path, rather than draw a chart without text.
    for (const f of fontFiles) readFileSync(f).subarray(0, 4);
  }
  return fontFiles;
}

function altText(chart: ChartSpec): string {
  if (chart.kind === 'line') {
    const last = chart.points.at(-1);
    return last
      ? `${chart.title}: ${chart.points.length} scores, latest ${last.value}.`
      : `${chart.title}: ${chart.emptyText.toLowerCase()}.`;
  }
  return chart.bars.length ? `${chart.title}: ${chart.subtitle}.` : `${chart.title}: ${chart.emptyText.toLowerCase()}.`;
}

export async function renderChartPng(chart: ChartSpec): Promise<ChartImage> {
  const svg = chartSvg(chart);
  const rendered = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    logLevel: 'off',
  });
  return { png: rendered.asPng(), width: rendered.width, height: rendered.height, svg, alt: altText(chart) };
}
