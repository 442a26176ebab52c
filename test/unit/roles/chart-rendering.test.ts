import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/domain/locale.ts';
import { barChartSvg, type ChartSpec } from '../../../src/services/reports/bar-chart.svg.ts';
import { RENDER_OPTIONS } from '../../../src/services/reports/render-png.ts';

/** A one-bar chart, so the only thing that differs between two drawings is the bar's label. */
const chart = (label: string, locale: Locale = 'fa'): ChartSpec => ({
  locale,
  title: '',
  subtitle: '',
  emptyLabel: '',
  sections: [{ title: '', bars: [{ label, value: 3 }] }],
});

/** The box of pixels where two drawings differ: where the label's glyphs were drawn. */
function inkOf(label: string, locale: Locale = 'fa') {
  const draw = (spec: ChartSpec) => {
    const image = new Resvg(barChartSvg(spec), RENDER_OPTIONS).render();
    return { pixels: image.pixels, width: image.width, height: image.height };
  };
  const withLabel = draw(chart(label, locale));
  const without = draw(chart('', locale));
  let left = Number.POSITIVE_INFINITY;
  let right = -1;
  let count = 0;
  for (let i = 0; i < withLabel.pixels.length; i += 4) {
    if (withLabel.pixels[i] === without.pixels[i]) continue;
    const x = (i / 4) % withLabel.width;
    left = Math.min(left, x);
    right = Math.max(right, x);
    count += 1;
  }
  return { left, right, width: right - left + 1, count, imageWidth: withLabel.width };
}

describe('the chart as drawn (resvg with the shipped Vazirmatn font)', () => {
  it('when a Persian label is drawn, then its glyphs are inked, ending at the right margin', () => {
    const ink = inkOf('پرستاری');
    expect(ink.count).toBeGreaterThan(100);
    expect(ink.imageWidth - ink.right).toBeLessThan(40);
    expect(ink.left).toBeGreaterThan(ink.imageWidth / 2);
  });

  it('when Persian letters are drawn, then they are joined: narrower than the same letters kept apart', () => {
    // A zero-width non-joiner between letters forces their separate forms; shaped, joined text is much narrower.
    const joined = inkOf('پرستاری');
    const apart = inkOf([...'پرستاری'].join('\u200C'));
    expect(apart.count).toBeGreaterThan(0);
    expect(joined.width).toBeLessThan(apart.width * 0.9);
  });

  it('when an English label is drawn, then it starts at the left margin', () => {
    const ink = inkOf('Nurses', 'en');
    expect(ink.count).toBeGreaterThan(100);
    expect(ink.left).toBeLessThan(40);
    expect(ink.right).toBeLessThan(ink.imageWidth / 2);
  });
});
