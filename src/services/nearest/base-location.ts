/**
 * A volunteer's base as their place for call-ups by distance, when they shared no pin of their own (issue 17 §3).
 * The bases feature owns membership; it tells this service where each member's base is, and the volunteer record
 * keeps a copy, so that both MongoDB's `2dsphere` index and the in-process grid place them there with no extra read.
 *
 * Wiring (bases feature): after a volunteer joins a base, `placeAtBase(key, base.location)`; after they leave it or
 * it closes, `placeAtBase(key, null)`; after a base's location changes, the same for each member. Pass the
 * volunteer repository the app builds (the one that refreshes the in-process index after each write).
 */
import type { GeoPoint } from '../../domain/geo/geo-point.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';

export type PlaceAtBase = (volunteerKey: string, baseLocation: GeoPoint | null) => Promise<void>;

export function createBasePlacement(volunteers: Pick<VolunteerRepository, 'update'>): PlaceAtBase {
  // A key with no registered volunteer behind it writes nothing (the repository finds no record to update).
  return async (volunteerKey, baseLocation) => {
    await volunteers.update(volunteerKey, () => ({ baseLocation }));
  };
}
