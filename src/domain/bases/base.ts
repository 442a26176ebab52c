/**
 * A local base (پایگاه): a mosque base, a neighbourhood council, a health house… in one city of one province, with a
 * place on the map (its shared pin, or its city's centre when none was given) and its leaders.
 */
import type { GeoPoint } from '../geo/geo-point.ts';
import { cityNamed, getBaseKind, getProvince } from './base-reference.ts';

export const BASE_NAME_LENGTH = { min: 2, max: 80 } as const;
export const NEIGHBOURHOOD_MAX_LENGTH = 60;

export const BASE_STATUSES = ['open', 'closed'] as const;
export type BaseStatus = (typeof BASE_STATUSES)[number];

export interface Base {
  id: string;
  kind: string;
  name: string;
  province: string;
  /** The city's Persian name as listed in cities.json. */
  city: string;
  neighbourhood: string | null;
  location: GeoPoint;
  /** Where the location came from: a pin someone shared, or the city's centre. */
  locationFrom: 'pin' | 'city';
  /** User keys of the base's leaders. */
  leaders: string[];
  status: BaseStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a coordinator gives to create a base (or changes in one). */
export interface BaseFields {
  kind: string;
  name: string;
  province: string;
  city: string;
  neighbourhood: string | null;
  /** Absent: the city's coordinates. */
  pin: GeoPoint | null;
}

export const BASE_PROBLEMS = [
  'kind_unknown',
  'name_length',
  'province_unknown',
  'city_unknown',
  'neighbourhood_length',
  'location_invalid',
] as const;
export type BaseProblem = (typeof BASE_PROBLEMS)[number];

/** Iran's bounding box, loosely: a pin outside it is a typo (swapped lat/lon, a missing digit). */
const inIran = (p: GeoPoint) => p.lat >= 24 && p.lat <= 40.5 && p.lon >= 43.5 && p.lon <= 64;

/** Everything wrong with the fields, in the order a person fixes them; empty when they make a base. */
export function baseProblems(fields: BaseFields): BaseProblem[] {
  const problems: BaseProblem[] = [];
  if (!getBaseKind(fields.kind)) problems.push('kind_unknown');
  const nameLength = [...fields.name.trim()].length;
  if (nameLength < BASE_NAME_LENGTH.min || nameLength > BASE_NAME_LENGTH.max) problems.push('name_length');
  if (!getProvince(fields.province)) problems.push('province_unknown');
  else if (!cityNamed(fields.province, fields.city)) problems.push('city_unknown');
  if ((fields.neighbourhood?.length ?? 0) > NEIGHBOURHOOD_MAX_LENGTH) problems.push('neighbourhood_length');
  if (fields.pin && !inIran(fields.pin)) problems.push('location_invalid');
  return problems;
}

/** The base's place: the pin, or the centre of its city. Call after `baseProblems` found none. */
export function placeOf(fields: BaseFields): Pick<Base, 'location' | 'locationFrom'> {
  if (fields.pin) return { location: fields.pin, locationFrom: 'pin' };
  const city = cityNamed(fields.province, fields.city);
  if (!city) throw new Error(`no listed city "${fields.city}" in ${fields.province}`);
  return { location: { lat: city.latitude, lon: city.longitude }, locationFrom: 'city' };
}

/** Two bases are the same when kind, name and city match after normalisation (an import run twice adds nothing). */
export const sameBaseKey = (b: Pick<BaseFields, 'kind' | 'name' | 'province' | 'city'>, key: (s: string) => string) =>
  [b.kind, key(b.name), b.province, key(b.city)].join('|');
