import { addDays, fromTehranWallTime, isQuietHours, tehranParts } from '../../domain/text/jalali.ts';

/** Non-urgent messages wait out the night: nothing between 22:00 and 07:00 Tehran time. */
export const QUIET_FROM_HOUR = 22;
export const QUIET_TO_HOUR = 7;

/** `now` outside the quiet hours, else the next 07:00 in Tehran. */
export function nextSendTime(now: Date): Date {
  if (!isQuietHours(now, QUIET_FROM_HOUR, QUIET_TO_HOUR)) return now;
  const day = tehranParts(now).hour >= QUIET_FROM_HOUR ? addDays(now, 1) : now;
  const p = tehranParts(day);
  return fromTehranWallTime(p.gy, p.gm, p.gd, QUIET_TO_HOUR, 0);
}
