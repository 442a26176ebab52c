/**
 * A horizontal bar chart as SVG, drawn by hand so every label is plain text that the renderer shapes with a Persian
 * font. Right-to-left charts put labels on the right and grow bars leftwards, as a Persian reader scans.
 */
import type { Locale } from '../../domain/locale.ts';
import { formatNumber } from '../../domain/text/persian-text.ts';

export interface ChartBar {
  label: string;
  value: number;
  /** Shown instead of the number (e.g. «۷۵٪»); the bar still follows `value`. */
  display?: string;
}

export interface ChartSection {
  title: string;
  bars: ChartBar[];
  /** Bars of a section are scaled to this (e.g. 1 for rates); the section's largest value by default. */
  max?: number;
}

/** Everything the picture shows: the tests compare these numbers with the report's. */
export interface ChartSpec {
  locale: Locale;
  title: string;
  subtitle: string;
  sections: ChartSection[];
  /** Shown in a section with no bars. */
  emptyLabel: string;
}

export const FONT_FAMILY = 'Vazirmatn';

const WIDTH = 960;
const PAD = 32;
const LABEL_WIDTH = 300;
const VALUE_WIDTH = 90;
const ROW = 38;
const BAR = 24;
const SECTION_GAP = 22;
const SECTION_TITLE = 40;
const HEADER = 104;
const COLORS = ['#0f766e', '#2563eb', '#b45309', '#7c3aed', '#be123c'];

const escapeXml = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Long labels are cut with an ellipsis rather than running into the bars. */
const fitLabel = (label: string, max = 30): string =>
  [...label].length > max ? `${[...label].slice(0, max - 1).join('')}…` : label;

export function chartHeight(spec: ChartSpec): number {
  const rows = spec.sections.reduce((sum, s) => sum + Math.max(s.bars.length, 1), 0);
  return HEADER + spec.sections.length * (SECTION_TITLE + SECTION_GAP) + rows * ROW + PAD;
}

/** The chart as an SVG document. */
export function barChartSvg(spec: ChartSpec): string {
  const rtl = spec.locale === 'fa';
  // resvg lays a text out in a left-to-right paragraph unless its first strong character is right-to-left; a leading
  // RLM makes Persian sentences that start with a number («۲ آذر») read right to left as a whole.
  const text = (s: string) => escapeXml(rtl ? `\u200F${s}` : s);
  const height = chartHeight(spec);
  // Text anchored at the reading start: the right edge in Persian, the left in English.
  const startX = rtl ? WIDTH - PAD : PAD;
  const startAnchor = rtl ? 'end' : 'start';
  const barStart = rtl ? WIDTH - PAD - LABEL_WIDTH : PAD + LABEL_WIDTH;
  const barMax = WIDTH - 2 * PAD - LABEL_WIDTH - VALUE_WIDTH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${startX}" y="${PAD + 26}" font-size="28" font-weight="700" fill="#111827" text-anchor="${startAnchor}">${text(spec.title)}</text>`,
    `<text x="${startX}" y="${PAD + 58}" font-size="17" fill="#4b5563" text-anchor="${startAnchor}">${text(spec.subtitle)}</text>`,
  ];
  let y = HEADER;
  spec.sections.forEach((section, index) => {
    const color = COLORS[index % COLORS.length];
    y += SECTION_GAP;
    out.push(
      `<text x="${startX}" y="${y + 24}" font-size="20" font-weight="700" fill="#1f2937" text-anchor="${startAnchor}">${text(section.title)}</text>`,
      `<line x1="${PAD}" y1="${y + 34}" x2="${WIDTH - PAD}" y2="${y + 34}" stroke="#e5e7eb"/>`,
    );
    y += SECTION_TITLE;
    if (section.bars.length === 0) {
      out.push(
        `<text x="${startX}" y="${y + 25}" font-size="17" fill="#6b7280" text-anchor="${startAnchor}">${text(spec.emptyLabel)}</text>`,
      );
      y += ROW;
      return;
    }
    const max = section.max ?? Math.max(...section.bars.map((b) => b.value), 1);
    for (const bar of section.bars) {
      const length = max > 0 ? Math.max(0, Math.min(1, bar.value / max)) * barMax : 0;
      const barX = rtl ? barStart - 12 - length : barStart + 12;
      const valueX = rtl ? barX - 8 : barX + length + 8;
      const value = bar.display ?? formatNumber(spec.locale, bar.value);
      out.push(
        `<text x="${startX}" y="${y + 25}" font-size="18" fill="#111827" text-anchor="${startAnchor}">${text(fitLabel(bar.label))}</text>`,
        `<rect x="${barX.toFixed(1)}" y="${y + (ROW - BAR) / 2}" width="${length.toFixed(1)}" height="${BAR}" rx="4" fill="${color}"/>`,
        `<text x="${valueX.toFixed(1)}" y="${y + 25}" font-size="18" font-weight="700" fill="#111827" text-anchor="${rtl ? 'end' : 'start'}">${escapeXml(value)}</text>`,
      );
      y += ROW;
    }
  });
  out.push('</svg>');
  return out.join('\n');
}
