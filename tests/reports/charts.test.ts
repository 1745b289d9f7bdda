import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/charts/png';
import { BAR_LAYOUT, LINE_SIZE, barChartHeight } from '../../src/charts/svg';
import { BAND_COLOURS, MAX_BARS, partnerHealthChart, portfolioHealthChart } from '../../src/domain/reports/charts';
import { emptyPartner, heavyPartner, program, richPartner } from './factories';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes with pngjs (not the renderer) and counts pixels by kind. */
function inspect(png: Buffer) {
  expect(png.subarray(0, 8).equals(SIGNATURE)).toBe(true);
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  let nonWhite = 0;
  let dark = 0;
  const hits = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < image.data.length; i += 4)
      if (image.data[i] === r && image.data[i + 1] === g && image.data[i + 2] === b) count += 1;
    return count;
  };
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    colours.add((r << 16) | (g << 8) | b);
    if (r + g + b < 765) nonWhite += 1;
    if (r + g + b < 200) dark += 1;
  }
  return { width: image.width, height: image.height, colours: colours.size, nonWhite, dark, hits };
}

describe('the report charts', () => {
  it('draws one partner’s health over time as a PNG with text, the line and band-coloured points', async () => {
    const image = await renderChartPng(partnerHealthChart(richPartner()));
    const px = inspect(image.png);
    expect([px.width, px.height]).toEqual([LINE_SIZE.width, LINE_SIZE.height]);
    expect([image.width, image.height]).toEqual([px.width, px.height]);
    // Antialiased text and lines make many colours; dark pixels are the title, labels and line.
    expect(px.colours).toBeGreaterThan(50);
    expect(px.dark).toBeGreaterThan(2_000);
    expect(px.hits(BAND_COLOURS.green)).toBeGreaterThan(20);
    expect(px.hits(BAND_COLOURS.yellow)).toBeGreaterThan(20);
    expect(image.svg).toContain('Acme Corp — health over time');
    expect(image.alt).toBe('Acme Corp — health over time: 4 scores, latest 58.');
  });

  it('renders text from the bundled font: a chart with a title has far more dark pixels than one without', async () => {
    const spec = partnerHealthChart(emptyPartner());
    const titled = inspect((await renderChartPng(spec)).png);
    const untitled = inspect((await renderChartPng({ ...spec, title: '', subtitle: '', emptyText: '' })).png);
    expect(titled.dark - untitled.dark).toBeGreaterThan(1_000);
  });

  it('draws a partner with no health history as an empty chart that says so', async () => {
    const spec = partnerHealthChart(emptyPartner());
    expect(spec.points).toEqual([]);
    const image = await renderChartPng(spec);
    expect(image.svg).toContain('No health score recorded yet');
    expect(image.alt).toBe('Newco — health over time: no health score recorded yet.');
    const px = inspect(image.png);
    expect([px.width, px.height]).toEqual([LINE_SIZE.width, LINE_SIZE.height]);
    expect(px.hits(BAND_COLOURS.green)).toBe(0);
  });

  it('draws 500 scores as a line', async () => {
    const spec = partnerHealthChart(heavyPartner(500));
    expect(spec.points).toHaveLength(500);
    const px = inspect((await renderChartPng(spec)).png);
    expect(px.dark).toBeGreaterThan(5_000);
  });

  it('draws the portfolio as bars, lowest health first, exited partners left out, unset scores last', async () => {
    const spec = portfolioHealthChart(program());
    expect(spec.bars.map((b) => [b.label, b.value])).toEqual([
      ['Umbrella', 41],
      ['Globex', 62],
      ['Acme Corp', 88],
      ['Vandelay', 90],
      ['Hooli', null],
    ]);
    const image = await renderChartPng(spec);
    const px = inspect(image.png);
    expect([px.width, px.height]).toEqual([BAR_LAYOUT.width, barChartHeight(5)]);
    expect(px.hits(BAND_COLOURS.red)).toBeGreaterThan(500);
    expect(px.hits(BAND_COLOURS.green)).toBeGreaterThan(500);
    expect(image.svg).toContain('not set');
  });

  it('caps the bars at the lowest health, counts the rest, and escapes names in the SVG', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...program().partners[0],
      name: i === 0 ? 'A&D <Labs> "Q"' : `Partner ${i}`,
      stage: 'active' as const,
      health: i < 55 ? 30 : 90,
    })) as ReturnType<typeof program>['partners'];
    const spec = portfolioHealthChart(program({ partners: many }));
    expect(spec.bars).toHaveLength(MAX_BARS);
    expect(spec.bars.every((b) => b.value === 30)).toBe(true);
    expect(spec.omitted).toBe(120 - MAX_BARS);
    const image = await renderChartPng(spec);
    expect(image.svg).toContain('A&amp;D &lt;Labs&gt; &quot;Q&quot;');
    expect(image.svg).toContain(`${120 - MAX_BARS} more partners with higher health or no score not drawn`);
    expect(inspect(image.png).height).toBe(barChartHeight(MAX_BARS));
  });

  it('draws an empty program without failing', async () => {
    const image = await renderChartPng(portfolioHealthChart(program({ partners: [] })));
    expect(image.svg).toContain('No partners yet');
    expect(inspect(image.png).width).toBe(BAR_LAYOUT.width);
  });
});
