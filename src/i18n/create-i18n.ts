import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type Resource, type ResourceLanguage } from 'i18next';
import { LOCALES, type Locale } from '../domain/locale.ts';
import { registerFormatters } from './formatters.ts';

export type TranslateVars = Record<string, unknown>;
/** Renders a key in a locale chosen beforehand: a chat's own (`ctx.t`), or one reader's (`I18n.fixedT`). */
export type Tr = (key: string, vars?: TranslateVars) => string;
/** Renders a key in a recipient's own locale (`I18n.t` fits): for messages to people other than the one writing. */
export type Translate = (locale: Locale, key: string, vars?: TranslateVars) => string;

export interface I18n {
  /** Translates `namespace:key.path` (namespace defaults to `common`) into `locale`. */
  t: Translate;
  /** A translator bound to one locale, e.g. for a chat's context or one broadcast recipient. */
  fixedT(locale: Locale): Tr;
  readonly namespaces: readonly string[];
}

export interface I18nOptions {
  defaultLocale: Locale;
  /** Directory holding `<locale>/<namespace>.json`; the repository's `locales/` by default. */
  localesDir?: string;
}

const DEFAULT_LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

/** Reads every `<locale>/<namespace>.json`; a missing or broken file stops start-up rather than showing raw keys. */
async function loadResources(dir: string): Promise<{ resources: Resource; namespaces: string[] }> {
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const locale of LOCALES) {
    const files = (await readdir(join(dir, locale))).filter((f) => f.endsWith('.json')).sort();
    const bundle: ResourceLanguage = {};
    for (const file of files) {
      const ns = basename(file, '.json');
      try {
        bundle[ns] = JSON.parse(await readFile(join(dir, locale, file), 'utf8'));
      } catch (error) {
        throw new Error(`locales/${locale}/${file} is not valid JSON`, { cause: error });
      }
      namespaces.add(ns);
    }
    resources[locale] = bundle;
  }
  return { resources, namespaces: [...namespaces] };
}

/** Builds an isolated i18next instance over the locale files, with Persian-aware number and Jalali date formats. */
export async function createI18n(options: I18nOptions): Promise<I18n> {
  const { resources, namespaces } = await loadResources(options.localesDir ?? DEFAULT_LOCALES_DIR);
  const instance = i18next.createInstance();
  await instance.init({
    resources,
    lng: options.defaultLocale,
    fallbackLng: options.defaultLocale,
    supportedLngs: [...LOCALES],
    ns: namespaces,
    defaultNS: 'common',
    returnNull: false,
    // An empty string in a locale file is a mistake; fall back rather than send an empty message.
    returnEmptyString: false,
    // Messages are plain text for chat apps, not HTML.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  registerFormatters(instance);

  // A text without variables never changes while the process runs: looked up in i18next once (each lookup parses
  // the key and walks the fallbacks, and a keyboard asks for dozens of labels per update).
  const fixed = new Map<string, string>();
  const t = (locale: Locale, key: string, vars?: TranslateVars): string => {
    if (vars !== undefined) return String(instance.t(key, { ...vars, lng: locale }));
    const id = `${locale}\u0000${key}`;
    let text = fixed.get(id);
    if (text === undefined) {
      text = String(instance.t(key, { lng: locale }));
      fixed.set(id, text);
    }
    return text;
  };
  return {
    t,
    fixedT: (locale) => (key, vars) => t(locale, key, vars),
    namespaces,
  };
}
