/**
 * Invitations go out in waves sized to the need, so a call-up for two nurses does not alert two hundred people:
 * about three invitations per open seat, and another wave only when answers lag.
 */
import type { UrgencyCode } from '../reference/crisis-types.ts';

export const WAVE_FACTOR = 3;

export interface SpecialtyProgress {
  need: number;
  /** Seats taken. */
  confirmed: number;
  /** Invited, not answered yet, and invited recently enough that an answer may still come. */
  pending: number;
}

/** How many more volunteers of one specialty to invite now. */
export function nextWaveSize(progress: SpecialtyProgress): number {
  const open = Math.max(0, progress.need - progress.confirmed);
  return Math.max(0, WAVE_FACTOR * open - progress.pending);
}

/** After this long without an answer, an invitation counts as lagging and a new wave may replace it. */
export interface WaveTimings {
  lagMs: Record<UrgencyCode, number>;
  /** Not filled this long after creation: extend to the neighbours, remind non-responders, tell the coordinator. */
  escalateAfterMs: Record<UrgencyCode, number>;
}

const MINUTE = 60_000;

export const DEFAULT_WAVE_TIMINGS: WaveTimings = {
  lagMs: { immediate: 5 * MINUTE, urgent: 30 * MINUTE, scheduled: 6 * 60 * MINUTE },
  escalateAfterMs: { immediate: 20 * MINUTE, urgent: 2 * 60 * MINUTE, scheduled: 24 * 60 * MINUTE },
};

/** True when an unanswered invitation sent at `invitedAt` still counts as pending at `now`. */
export function isFresh(invitedAt: Date, urgency: UrgencyCode, now: Date, timings: WaveTimings): boolean {
  return now.getTime() - invitedAt.getTime() < timings.lagMs[urgency];
}
