/**
 * Whether a call-up's time falls inside what a volunteer pledged (days and time windows). Urgent call-ups ignore
 * this; "not available until" and pauses are never ignored.
 */
import type { UrgencyCode } from '../reference/crisis-types.ts';
import { tehranParts } from '../text/tehran-clock.ts';
import type { TimeWindow, Weekday } from '../volunteers/pledge.ts';

/** Tehran hours of each window: morning 07–12, afternoon 12–17, evening 17–22, night 22–07. */
export function windowOf(at: Date): TimeWindow {
  const { hour } = tehranParts(at);
  if (hour >= 7 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

export function fitsPledgedTime(pledge: { days: readonly Weekday[]; windows: readonly TimeWindow[] }, at: Date) {
  const { weekday } = tehranParts(at);
  return pledge.days.includes(weekday as Weekday) && pledge.windows.includes(windowOf(at));
}

/** Immediate and urgent call-ups reach people outside their usual hours; a planned one respects them. */
export const respectsTimeWindows = (urgency: UrgencyCode): boolean => urgency === 'scheduled';
