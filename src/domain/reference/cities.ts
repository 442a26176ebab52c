/**
 * The cities of each province (county seats and a few larger towns), validated from cities.json at load, and the
 * matching of a typed city against them. The list is not complete (Iran has over a thousand cities), so a name that
 * is not on it may still be right: it is taken after a confirmation and shown to coordinators as unlisted.
 */
import { z } from 'zod';
import data from '../data/cities.json' with { type: 'json' };
import type { Locale } from '../locale.ts';
import { createListMatcher, type ListMatch } from '../text/list-matcher.ts';
import { matchKey } from '../text/persian-text.ts';
import { parseReference, persianTextSchema } from './parse-reference.ts';
import { getProvince, PROVINCES } from './provinces.ts';

const citySchema = z
  .object({
    fa: persianTextSchema,
    en: z.string().min(1),
    lat: z.number().min(25).max(40),
    lon: z.number().min(44).max(63.5),
    county_seat: z.boolean(),
    capital: z.boolean(),
  })
  .transform((c) => ({ fa: c.fa, en: c.en, latitude: c.lat, longitude: c.lon, capital: c.capital }));

export type City = Readonly<z.output<typeof citySchema>>;

const fileSchema = z
  .object({ cities: z.record(z.string(), z.array(citySchema).min(1)) })
  .superRefine(({ cities }, ctx) => {
    for (const province of PROVINCES) {
      const list = cities[province.code];
      if (!list) {
        ctx.addIssue({ code: 'custom', message: `no cities for "${province.code}"`, path: ['cities'] });
        continue;
      }
      // The capital leads the list, so it is the first button.
      if (!list[0]?.capital || matchKey(list[0].fa) !== matchKey(province.centerFa)) {
        ctx.addIssue({ code: 'custom', message: 'the capital must come first', path: ['cities', province.code] });
      }
      const keys = list.map((c) => matchKey(c.fa));
      if (new Set(keys).size !== keys.length) {
        ctx.addIssue({ code: 'custom', message: 'a name repeats', path: ['cities', province.code] });
      }
    }
    for (const code of Object.keys(cities)) {
      if (!getProvince(code)) ctx.addIssue({ code: 'custom', message: `unknown province "${code}"`, path: ['cities'] });
    }
  });

const CITIES: Readonly<Record<string, readonly City[]>> = parseReference('cities.json', fileSchema, data).cities;

/** A province's cities, the capital first; none for an unknown code. */
export function citiesOf(province: string): readonly City[] {
  return CITIES[province] ?? [];
}

/** The city at `index` of its province's list (the value its button carries). */
export function cityAt(province: string, index: number): City | undefined {
  return citiesOf(province)[index];
}

const matchers = new Map(
  PROVINCES.map((p) => [
    p.code,
    createListMatcher(citiesOf(p.code).map((c, i) => ({ code: String(i), shown: [c.fa, c.en] }))),
  ]),
);

/** Every province's listed names, to say where a city typed for the wrong province is. */
const everywhere = new Map<string, string>();
for (const p of PROVINCES) {
  for (const city of citiesOf(p.code)) {
    for (const name of [city.fa, city.en]) if (!everywhere.has(matchKey(name))) everywhere.set(matchKey(name), p.code);
  }
}

export type CityMatch =
  /** A listed city by a whole name; `exact` when typed as its button shows it (in either language). */
  | { kind: 'listed'; city: City; exact: boolean }
  /** Not a whole name, but close to these (a typo, or the start of a name): offered, never taken silently. */
  | { kind: 'close'; indexes: number[] }
  /** On no list of this province; `elsewhere`: the province whose list has a city of that very name. */
  | { kind: 'unlisted'; elsewhere: string | undefined };

/** What a typed city names within `province`. */
export function matchCity(province: string, input: string): CityMatch {
  const match: ListMatch = matchers.get(province)?.(input) ?? { kind: 'none' };
  if (match.kind === 'one' && !match.close) {
    const city = cityAt(province, Number(match.code))!;
    return { kind: 'listed', city, exact: match.exact };
  }
  if (match.kind === 'one') return { kind: 'close', indexes: [Number(match.code)] };
  if (match.kind === 'several') return { kind: 'close', indexes: match.codes.map(Number) };
  const elsewhere = everywhere.get(matchKey(input));
  return { kind: 'unlisted', elsewhere: elsewhere === province ? undefined : elsewhere };
}

/** Each province's cities by the match key of either name: every card names its city, thousands in a wave. */
const byName = new Map(
  PROVINCES.map((p) => {
    const cities = new Map<string, City>();
    for (const city of citiesOf(p.code)) {
      for (const name of [city.fa, city.en]) if (!cities.has(matchKey(name))) cities.set(matchKey(name), city);
    }
    return [p.code, cities];
  }),
);

/** True when `city` is on its province's list: an unlisted name was only confirmed by the person who typed it. */
export function isListedCity(province: string, city: string): boolean {
  return byName.get(province)?.has(matchKey(city)) ?? false;
}

/** A listed city's name in the reader's language; anything else as it was typed. */
export function cityName(province: string, city: string, locale: Locale): string {
  return byName.get(province)?.get(matchKey(city))?.[locale] ?? city;
}
