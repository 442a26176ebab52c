/**
 * Call-ups by distance: «everyone within R km» of the incident, the incident being the pin the coordinator shared or
 * else the city's centre. R is one of the quick choices or typed as a whole number in any digit style.
 */

import words from '../data/typed-words.json' with { type: 'json' };
import type { Circle } from '../geo/distance.ts';
import type { GeoPoint } from '../geo/geo-point.ts';
import { cityLocation } from '../geo/location-of.ts';
import { beforeUnit, normalizeInput, parseInteger } from '../text/persian-text.ts';
import type { CallUpDraft } from './callup.ts';
import { type CallUpTarget, targetOf } from './target.ts';

export const RADIUS_CHOICES_KM = [5, 10, 25, 50] as const;
/** A typed radius: from a neighbourhood to a whole region (the target schema's own limit). */
export const RADIUS_KM = { min: 1, max: 500 } as const;

export type RadiusAnswer = { ok: true; km: number } | { ok: false; reason: 'radius_number' | 'radius_range' };

/** Reads a typed radius: a whole number in Persian, Arabic or Latin digits, with or without the unit word. */
export function parseRadiusKm(text: string): RadiusAnswer {
  // Normalised first, so an Arabic kaf or yeh in the unit matches the Persian word.
  const typed = normalizeInput(text);
  const km = parseInteger(beforeUnit(typed, words.unitWords.km) ?? typed);
  if (km === null) return { ok: false, reason: 'radius_number' };
  if (km < RADIUS_KM.min || km > RADIUS_KM.max) return { ok: false, reason: 'radius_range' };
  return { ok: true, km };
}

/** Where the incident is: the shared pin, else the city's centre; null when neither is known (an unlisted city). */
export function incidentCenter(draft: Pick<CallUpDraft, 'location' | 'province' | 'city'>): GeoPoint | null {
  if (draft.location) return { lat: draft.location.latitude, lon: draft.location.longitude };
  return cityLocation(draft.province, draft.city);
}

/** The circle a call-up reaches, when it reaches by distance. */
export function circleOf(callUp: { target?: CallUpTarget | null }): Circle | undefined {
  const target = targetOf(callUp);
  return target.kind === 'radius' ? { center: target.center, km: target.km } : undefined;
}

/**
 * Only a call-up of a province widens to the neighbouring provinces when it is slow to fill; one drawn as a circle
 * (or aimed at bases) already says whom it wants, and its matching does not read provinces at all.
 */
export const widensToNeighbours = (callUp: { target?: CallUpTarget | null }): boolean =>
  targetOf(callUp).kind === 'province';
