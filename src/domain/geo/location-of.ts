/**
 * Where a volunteer is taken to be for distance targeting: the pin they shared (coarse, see coarse.ts), else their
 * base's place, else their city's centre when the city is on the province's list; null when none is known (an
 * unlisted city), so they are left out of distance call-ups rather than placed somewhere wrong.
 */
import { citiesOf } from '../reference/cities.ts';
import { matchKey } from '../text/persian-text.ts';
import type { GeoPoint } from './geo-point.ts';

export interface Locatable {
  /** The pin the volunteer shared, stored coarse; null when they shared none or removed it. */
  location?: GeoPoint | null;
  /** The place of the base they belong to, kept by services/nearest/base-location.ts; null when they have none. */
  baseLocation?: GeoPoint | null;
  province: string;
  city: string;
}

export function locationOf(volunteer: Locatable): GeoPoint | null {
  return volunteer.location ?? volunteer.baseLocation ?? cityLocation(volunteer.province, volunteer.city);
}

/** Found once per province and typed name: a search ranks thousands of volunteers of a few cities. */
const known = new Map<string, GeoPoint | null>();

/** A listed city's centre, by either of its names. */
export function cityLocation(province: string, city: string): GeoPoint | null {
  const memo = `${province}\n${city}`;
  const cached = known.get(memo);
  if (cached !== undefined) return cached;
  const key = matchKey(city);
  const found = citiesOf(province).find((c) => matchKey(c.fa) === key || matchKey(c.en) === key);
  const point = found ? { lat: found.latitude, lon: found.longitude } : null;
  // Unlisted names are as many as people typed them: only listed ones are kept.
  if (point) known.set(memo, point);
  return point;
}
