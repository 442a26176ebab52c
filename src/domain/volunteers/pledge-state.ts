/**
 * What a pledge's stored status means at a given moment. The daily lifecycle job writes these transitions down, but a
 * reader must not depend on the job having run: a pause that has ended or an end date that has passed count at once.
 */
import type { Volunteer, VolunteerStatus } from './volunteer.ts';

type PledgeClock = Pick<Volunteer, 'status' | 'pausedUntil' | 'validUntil'>;

export function hasEnded(v: Pick<Volunteer, 'validUntil'>, now: Date): boolean {
  return v.validUntil !== null && v.validUntil.getTime() <= now.getTime();
}

/** The status as of `now`. */
export function effectiveStatus(v: PledgeClock, now: Date): VolunteerStatus {
  if (v.status === 'withdrawn' || v.status === 'expired') return v.status;
  if (hasEnded(v, now)) return 'expired';
  if (v.status === 'paused' && v.pausedUntil !== null && v.pausedUntil.getTime() > now.getTime()) return 'paused';
  return 'active';
}

/** True when the volunteer has said they are away until a moment still ahead. */
export function isUnavailable(v: Pick<Volunteer, 'unavailableUntil'>, now: Date): boolean {
  return v.unavailableUntil !== null && v.unavailableUntil.getTime() > now.getTime();
}

/** Whether call-ups reach the volunteer now, and if not, why: what the menu, the profile and the availability screen say. */
export type Availability = 'available' | 'unavailable' | 'paused' | 'inactive';

/** A paused, ended or withdrawn pledge counts before a day marked available: call-ups skip the volunteer then too. */
export function availabilityOf(v: PledgeClock & Pick<Volunteer, 'unavailableUntil'>, now: Date): Availability {
  const status = effectiveStatus(v, now);
  if (status === 'paused') return 'paused';
  if (status !== 'active') return 'inactive';
  return isUnavailable(v, now) ? 'unavailable' : 'available';
}

export type PledgeTransition =
  | { ok: true; status: VolunteerStatus; pausedUntil: Date | null }
  | { ok: false; reason: 'not_active' | 'not_paused' | 'ended' | 'already_withdrawn' };

/** Pausing needs a pledge in force; a new pause replaces one already running. */
export function pause(v: PledgeClock, until: Date, now: Date): PledgeTransition {
  const status = effectiveStatus(v, now);
  if (status !== 'active' && status !== 'paused') return { ok: false, reason: 'not_active' };
  return { ok: true, status: 'paused', pausedUntil: until };
}

/** Resuming works after a pause or a withdrawal, unless the end date has passed (then the date must change first). */
export function resume(v: PledgeClock, now: Date): PledgeTransition {
  if (hasEnded(v, now)) return { ok: false, reason: 'ended' };
  const status = effectiveStatus(v, now);
  if (status === 'active') return { ok: false, reason: 'not_paused' };
  return { ok: true, status: 'active', pausedUntil: null };
}

export function withdraw(v: PledgeClock): PledgeTransition {
  if (v.status === 'withdrawn') return { ok: false, reason: 'already_withdrawn' };
  return { ok: true, status: 'withdrawn', pausedUntil: null };
}

/**
 * The status after the volunteer edits their pledge: a new end date in the future renews an expired pledge; an end
 * date in the past expires it. A withdrawal or a pause is left as it is.
 */
export function statusAfterEdit(v: PledgeClock, now: Date): Pick<Volunteer, 'status' | 'pausedUntil'> {
  if (v.status === 'withdrawn') return { status: 'withdrawn', pausedUntil: null };
  if (hasEnded(v, now)) return { status: 'expired', pausedUntil: null };
  if (v.status === 'expired') return { status: 'active', pausedUntil: null };
  return { status: v.status, pausedUntil: v.status === 'paused' ? v.pausedUntil : null };
}
