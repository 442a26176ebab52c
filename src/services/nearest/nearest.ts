/**
 * The nearest matching volunteers, whichever server answers: the candidate source asks MongoDB's `$geoNear` or the
 * in-process grid (see candidates.ts and match-index.ts), and this orders what it found by distance.
 */
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import { type Circle, distanceKm } from '../../domain/geo/distance.ts';
import type { GeoPoint } from '../../domain/geo/geo-point.ts';
import { locationOf } from '../../domain/geo/location-of.ts';
import type { CandidateSource } from '../callups/ports.ts';

export interface Nearby<T extends MatchFields = MatchFields> {
  volunteer: T;
  km: number;
}

/** Each volunteer with their distance from `center`, nearest first; ties by key, so the order is repeatable. */
export function nearestFirst<T extends MatchFields>(found: readonly T[], center: GeoPoint): Nearby<T>[] {
  const measured: Nearby<T>[] = [];
  for (const volunteer of found) {
    const at = locationOf(volunteer);
    if (at) measured.push({ volunteer, km: distanceKm(at, center) });
  }
  return measured.sort(
    (a, b) => a.km - b.km || (a.volunteer.key < b.volunteer.key ? -1 : a.volunteer.key > b.volunteer.key ? 1 : 0),
  );
}

/** Up to `limit` of the volunteers matching `criteria` within `near`, nearest first. */
export async function findNearest(
  source: Pick<CandidateSource, 'find'>,
  criteria: MatchCriteria,
  near: Circle,
  now: Date,
  limit: number,
): Promise<Nearby[]> {
  const found = await source.find({ ...criteria, near }, now);
  return nearestFirst(found, near.center).slice(0, limit);
}
