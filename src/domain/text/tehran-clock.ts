/**
 * Asia/Tehran wall-clock time and Jalali calendar arithmetic. Instants are plain `Date`s in UTC; Tehran's offset
 * always comes from Intl (tzdata), never from a constant, because Iran observed DST (+04:30) until September 2022
 * and old records still carry summer times.
 */
import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';

export const TEHRAN_TIME_ZONE = 'Asia/Tehran';

/** Wall-clock fields of an instant in Tehran; `weekday` counts from Saturday = 0 to Friday = 6. */
export interface TehranParts {
  gy: number;
  gm: number;
  gd: number;
  jy: number;
  jm: number;
  jd: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TEHRAN_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

export function tehranParts(date: Date): TehranParts {
  const field: Record<string, number> = {};
  for (const part of wallClock.formatToParts(date)) field[part.type] = Number(part.value);
  const gy = field.year!;
  const gm = field.month!;
  const gd = field.day!;
  const { jy, jm, jd } = toJalaali(gy, gm, gd);
  // getUTCDay: Sunday = 0; shifting by one puts Saturday first.
  const weekday = (new Date(Date.UTC(gy, gm - 1, gd)).getUTCDay() + 1) % 7;
  return { gy, gm, gd, jy, jm, jd, hour: field.hour!, minute: field.minute!, second: field.second!, weekday };
}

/** Tehran's UTC offset at that instant, in minutes (210 today, 270 in summers up to 2022). */
export function tehranOffsetMinutes(date: Date): number {
  const p = tehranParts(date);
  const asUtc = Date.UTC(p.gy, p.gm - 1, p.gd, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** The instant at which Tehran clocks show this Gregorian date and time. */
export function fromTehranWallTime(gy: number, gm: number, gd: number, hour = 0, minute = 0): Date {
  const naive = Date.UTC(gy, gm - 1, gd, hour, minute);
  // Guess with the offset at the naive instant, then correct once in case the guess crossed an offset change.
  let t = naive - tehranOffsetMinutes(new Date(naive)) * 60_000;
  const corrected = naive - tehranOffsetMinutes(new Date(t)) * 60_000;
  if (corrected !== t) t = corrected;
  return new Date(t);
}

/** The instant at which Tehran clocks show this Jalali date and time; throws on an impossible date. */
export function fromJalali(jy: number, jm: number, jd: number, hour = 0, minute = 0): Date {
  if (!isValidJalaaliDate(jy, jm, jd)) throw new RangeError(`Invalid Jalali date ${jy}/${jm}/${jd}`);
  const { gy, gm, gd } = toGregorian(jy, jm, jd);
  return fromTehranWallTime(gy, gm, gd, hour, minute);
}

/** Tehran midnight of the day the instant falls on. */
export function startOfTehranDay(date: Date): Date {
  const p = tehranParts(date);
  return fromTehranWallTime(p.gy, p.gm, p.gd);
}

/** The same Tehran wall-clock time `days` calendar days later (or earlier). */
export function addDays(date: Date, days: number): Date {
  const p = tehranParts(date);
  const d = new Date(Date.UTC(p.gy, p.gm - 1, p.gd + days));
  return fromTehranWallTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), p.hour, p.minute);
}

/** The same Tehran wall-clock time `months` Jalali months later; the day is clamped (31 Shahrivar + 1 → 30 Mehr). */
export function addMonths(date: Date, months: number): Date {
  const p = tehranParts(date);
  const index = p.jy * 12 + (p.jm - 1) + months;
  const jy = Math.floor(index / 12);
  const jm = index - jy * 12 + 1;
  const jd = Math.min(p.jd, jalaaliMonthLength(jy, jm));
  return fromJalali(jy, jm, jd, p.hour, p.minute);
}

/**
 * True inside the nightly quiet window in Tehran, `fromHour` (inclusive) to `toHour` (exclusive); the window may
 * wrap past midnight. Equal hours mean no quiet window.
 */
export function isQuietHours(date: Date, fromHour = 22, toHour = 7): boolean {
  const { hour } = tehranParts(date);
  if (fromHour === toHour) return false;
  return fromHour < toHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
}

/** The first instant at or after `date` outside the quiet window: `date` itself, or `toHour`:00 in Tehran. */
export function afterQuietHours(date: Date, fromHour = 22, toHour = 7): Date {
  if (!isQuietHours(date, fromHour, toHour)) return date;
  // A window past midnight that has not reached it yet ends on the next calendar day.
  const day = fromHour > toHour && tehranParts(date).hour >= fromHour ? addDays(date, 1) : date;
  const p = tehranParts(day);
  return fromTehranWallTime(p.gy, p.gm, p.gd, toHour, 0);
}
