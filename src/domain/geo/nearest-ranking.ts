/**
 * Who a call-up by distance asks first: the nearer distance band first (see bands.ts), then within a band the fairness
 * rules of ranking.ts, so that among the doctors a few minutes away the same one is not always called.
 */
import { compareCandidates, type RankedCandidate } from '../callups/ranking.ts';
import { bandOf, bandRank } from './bands.ts';
import { distanceKm } from './distance.ts';
import type { GeoPoint } from './geo-point.ts';
import { type Locatable, locationOf } from './location-of.ts';

/** A new array in invitation order; those with no known place (never found by a search) go last. */
export function rankNearestFirst<T extends RankedCandidate & Locatable>(
  candidates: readonly T[],
  center: GeoPoint,
): T[] {
  const ring = new Map<string, number>();
  for (const c of candidates) {
    const at = locationOf(c);
    ring.set(c.key, at ? bandRank(bandOf(distanceKm(at, center))) : Number.POSITIVE_INFINITY);
  }
  return [...candidates].sort((a, b) => ring.get(a.key)! - ring.get(b.key)! || compareCandidates(a, b));
}
