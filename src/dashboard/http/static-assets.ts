/** The dashboard's own files: the page, its scripts and styles, the Vazirmatn font, and its strings per locale. */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../domain/locale.ts';
import { SECURITY_HEADERS } from './http-helpers.ts';

const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
const LOCALES_DIR = fileURLToPath(new URL('../../../locales/', import.meta.url));
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  woff2: 'font/woff2',
};
/** Only these names are served: nothing else under the folder can be asked for. */
const ASSET_NAME = /^[a-z-]+\.(js|css)$/;

function fontPath(): string {
  const root = dirname(createRequire(import.meta.url).resolve('vazirmatn/package.json'));
  return join(root, 'fonts', 'webfonts', 'Vazirmatn[wght].woff2');
}

export function createStaticAssets() {
  const cache = new Map<string, Buffer>();
  const load = async (path: string) => {
    let bytes = cache.get(path);
    if (!bytes) {
      bytes = await readFile(path);
      cache.set(path, bytes);
    }
    return bytes;
  };
  const send = (res: ServerResponse, type: string, bytes: Buffer, cacheable: boolean) =>
    res
      .writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': type,
        ...(cacheable ? { 'Cache-Control': 'public, max-age=86400' } : {}),
      })
      .end(bytes);
  const strings = new Map<Locale, unknown>();

  return {
    async page(res: ServerResponse) {
      send(res, TYPES.html!, await load(join(WEB_DIR, 'index.html')), false);
    },
    /** True when `name` is one of the dashboard's files (and it was sent). */
    async asset(res: ServerResponse, name: string): Promise<boolean> {
      if (name === 'vazirmatn.woff2') {
        send(res, TYPES.woff2!, await load(fontPath()), true);
        return true;
      }
      if (!ASSET_NAME.test(name)) return false;
      const extension = name.split('.').pop()!;
      const bytes = await load(join(WEB_DIR, name)).catch(() => undefined);
      if (!bytes) return false;
      send(res, TYPES[extension]!, bytes, false);
      return true;
    },
    /** The `dashboard` namespace of the locale files, as the page renders it. */
    async strings(locale: Locale): Promise<unknown> {
      if (!strings.has(locale)) {
        strings.set(locale, JSON.parse(await readFile(join(LOCALES_DIR, locale, 'dashboard.json'), 'utf8')));
      }
      return strings.get(locale);
    },
  };
}

export type StaticAssets = ReturnType<typeof createStaticAssets>;
