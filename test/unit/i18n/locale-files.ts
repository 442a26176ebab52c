import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCALES_DIR = join(import.meta.dirname, '../../../locales');

/** `ns:dotted.key → value` for one namespace or a whole locale. */
export type Messages = Map<string, string>;

/** Flattens a namespace file to `ns:dotted.key → value`; non-string leaves are reported as problems. */
export function flatten(ns: string, tree: unknown, prefix = '', out: Messages = new Map(), problems: string[] = []) {
  if (typeof tree === 'string') out.set(`${ns}:${prefix}`, tree);
  else if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree))
      flatten(ns, value, prefix ? `${prefix}.${key}` : key, out, problems);
  } else problems.push(`${ns}:${prefix} is not a string or an object`);
  return { messages: out, problems };
}

export const namespaceFiles = (locale: string) =>
  readdirSync(join(LOCALES_DIR, locale))
    .filter((f) => f.endsWith('.json'))
    .sort();

/** One namespace file of a locale, flattened. */
export function loadNamespace(locale: string, file: string) {
  const ns = file.replace(/\.json$/, '');
  return flatten(ns, JSON.parse(readFileSync(join(LOCALES_DIR, locale, file), 'utf8')));
}

/** Every message of a locale, flattened. */
export function loadLocale(locale: string): Messages {
  const all: Messages = new Map();
  for (const file of namespaceFiles(locale)) for (const [k, v] of loadNamespace(locale, file).messages) all.set(k, v);
  return all;
}
