import { fileURLToPath } from 'node:url';
import { type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY } from './bar-chart.svg.ts';

/** Vazirmatn ships in the `vazirmatn` npm package: nothing is downloaded at run time and no system font is used. */
const FONT_FILES = ['Vazirmatn-Regular.ttf', 'Vazirmatn-Bold.ttf'].map((file) =>
  fileURLToPath(import.meta.resolve(`vazirmatn/fonts/ttf/${file}`)),
);

/**
 * Renders an SVG to PNG off the main thread. resvg shapes the text with the font (joined Persian letters) and lays
 * out each run in its Unicode bidi order, so Persian reads right to left.
 */
export async function renderPng(svg: string): Promise<Uint8Array> {
  const image = await renderAsync(svg, RENDER_OPTIONS);
  return new Uint8Array(image.asPng());
}

/** The renderer's settings: the shipped font only. Exported for the tests that look at the drawn pixels. */
export const RENDER_OPTIONS: ResvgRenderOptions = {
  font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
  background: '#ffffff',
  logLevel: 'off',
};
