import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  json: 'application/json; charset=utf-8',
  woff2: 'font/woff2',
};

/** The variable Vazirmatn from the npm package, if installed; the page falls back to Tahoma and system fonts. */
function vazirmatnPath(): string | undefined {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('vazirmatn/package.json'));
    return join(root, 'fonts', 'webfonts', 'Vazirmatn[wght].woff2');
  } catch {
    return undefined;
  }
}

/**
 * The page, its labels and its font. Only names from fixed patterns are served, so no request reaches a file outside
 * public/, the web chat's own locale files or the font.
 */
export async function serveStatic(pathname: string, response: ServerResponse): Promise<boolean> {
  let file: string | undefined;
  if (pathname === '/' || pathname === '/index.html') file = join(PUBLIC_DIR, 'index.html');
  else if (/^\/[a-z][a-z0-9-]*\.(js|css|svg)$/.test(pathname)) file = join(PUBLIC_DIR, pathname.slice(1));
  else if (/^\/labels\/(fa|en)\.json$/.test(pathname)) file = join(LOCALES_DIR, pathname.slice(8, 10), 'webchat.json');
  else if (pathname === '/fonts/vazirmatn.woff2') file = vazirmatnPath();
  if (!file) return false;
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes) return false;
  const extension = file.slice(file.lastIndexOf('.') + 1);
  response.writeHead(200, {
    'content-type': TYPES[extension] ?? 'application/octet-stream',
    'content-length': bytes.byteLength,
    // The page changes while one develops it; the font never does.
    'cache-control': extension === 'woff2' ? 'public, max-age=86400' : 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(bytes);
  return true;
}
