/**
 * Who a call-up may invite: an active, unpaused pledge with crisis call-ups among its modes, of a needed specialty,
 * reaching one of the call-up's provinces, reachable, not away at the start, and (for planned call-ups) pledged for
 * that day and time. The repository's indexed query narrows by status, specialty and reach; this checks the rest.
 */
import { type Circle, isWithin } from '../geo/distance.ts';
import { locationOf } from '../geo/location-of.ts';
import type { UrgencyCode } from '../reference/crisis-types.ts';
import type { TimeWindow, Weekday } from '../volunteers/pledge.ts';
import { effectiveStatus, isUnavailable } from '../volunteers/pledge-state.ts';
import type { Volunteer } from '../volunteers/volunteer.ts';
import { fitsPledgedTime, respectsTimeWindows } from './pledged-time.ts';

/** The fields matching and ranking read; the repository loads only these. */
export type MatchFields = Pick<
  Volunteer,
  | 'key'
  | 'platform'
  | 'chatId'
  | 'locale'
  | 'status'
  | 'specialty'
  | 'province'
  | 'licence'
  | 'hoursPerMonth'
  | 'days'
  | 'windows'
  | 'modes'
  | 'reachProvinces'
  | 'reachAnywhere'
  | 'validUntil'
  | 'pausedUntil'
  | 'unavailableUntil'
  | 'reachable'
  | 'city'
  | 'location'
  | 'baseLocation'
>;

export interface MatchCriteria {
  /**
   * A call-up to chosen bases: their members, wherever they said they would travel (the candidate source keeps to
   * the members; see services/bases/base-candidates.ts).
   */
  bases?: readonly string[];
  specialties: readonly string[];
  /** The call-up's province, plus its neighbours once extended. */
  provinces: readonly string[];
  urgency: UrgencyCode;
  /** When the volunteer would have to be there. */
  startsAt: Date;
  /**
   * A call-up by distance: everyone within the circle, whatever provinces they said they would travel to (someone
   * this near is local); without it, the provinces decide.
   */
  near?: Circle;
}

/** The moment a pledge is judged at: the start, or now when the start has passed (an "immediate" call-up). */
const judgedAt = (criteria: MatchCriteria, now: Date) =>
  criteria.startsAt.getTime() > now.getTime() ? criteria.startsAt : now;

export function matchesCallUp(v: MatchFields, criteria: MatchCriteria, now: Date): boolean {
  const at = judgedAt(criteria, now);
  return (
    v.reachable === true &&
    // Judged at the start: away or paused now but back by then still counts; a pledge ending before it does not.
    effectiveStatus(v, at) === 'active' &&
    !isUnavailable(v, at) &&
    v.modes.includes('crisis') &&
    criteria.specialties.includes(v.specialty) &&
    reaches(v, criteria) &&
    (!respectsTimeWindows(criteria.urgency) ||
      fitsPledgedTime({ days: v.days as Weekday[], windows: v.windows as TimeWindow[] }, at))
  );
}

function reaches(v: MatchFields, criteria: MatchCriteria): boolean {
  if (criteria.near) {
    const at = locationOf(v);
    return at !== null && isWithin(at, criteria.near);
  }
  return v.reachAnywhere || criteria.provinces.some((p) => v.reachProvinces.includes(p));
}
