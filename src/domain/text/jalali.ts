/**
 * Jalali (Solar Hijri) dates and Asia/Tehran wall-clock time.
 * Instants are plain `Date`s in UTC; Tehran's offset always comes from Intl (tzdata), never from a constant,
 * because Iran observed DST (+04:30) until September 2022 and old records still carry summer times.
 */
import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { type DisplayLocale, matchKey, normalizeInput, toPersianDigits } from './persian-text.ts';

export const TEHRAN_TIME_ZONE = 'Asia/Tehran';

export const JALALI_MONTHS_FA = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
] as const;

/** Saturday first, as the Iranian week starts (index = `TehranParts.weekday`). */
export const WEEKDAYS_FA = ['شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه'] as const;
export const WEEKDAYS_EN = ['Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Spellings users type for Jalali months, by matchKey: Persian (incl. امرداد) and common transliterations. */
const JALALI_MONTH_BY_KEY = new Map<string, number>();
[
  ['فروردین', 'farvardin', 'farvardin'],
  ['اردیبهشت', 'ordibehesht', 'ordibehesht'],
  ['خرداد', 'khordad', 'khordad'],
  ['تیر', 'tir', 'tir'],
  ['مرداد', 'امرداد', 'mordad', 'amordad'],
  ['شهریور', 'shahrivar', 'shahrivar'],
  ['مهر', 'mehr', 'mehr'],
  ['آبان', 'aban', 'aban'],
  ['آذر', 'azar', 'azar'],
  ['دی', 'dey', 'dei'],
  ['بهمن', 'bahman', 'bahman'],
  ['اسفند', 'esfand', 'esfand'],
].forEach((names, i) => {
  for (const name of names) JALALI_MONTH_BY_KEY.set(matchKey(name), i + 1);
});

/** English Gregorian month names and abbreviations, so `4 Apr 2025` (what `formatDate('en')` shows) reads back. */
const GREGORIAN_MONTH_BY_KEY = new Map<string, number>();
[
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
].forEach((name, i) => {
  GREGORIAN_MONTH_BY_KEY.set(name, i + 1);
  GREGORIAN_MONTH_BY_KEY.set(name.slice(0, 3), i + 1);
});
GREGORIAN_MONTH_BY_KEY.set('sept', 9);

const RELATIVE_DAYS = new Map<string, number>([
  [matchKey('امروز'), 0],
  [matchKey('فردا'), 1],
  [matchKey('پس‌فردا'), 2],
  ['today', 0],
  ['tomorrow', 1],
]);

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

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** fa: `۱۵ فروردین ۱۴۰۴` (Jalali); en: `4 Apr 2025` (Gregorian); both as the day is in Tehran. */
export function formatDate(locale: DisplayLocale, date: Date): string {
  const p = tehranParts(date);
  if (locale === 'en') return `${p.gd} ${MONTHS_EN[p.gm - 1]} ${p.gy}`;
  return toPersianDigits(`${p.jd} ${JALALI_MONTHS_FA[p.jm - 1]} ${p.jy}`);
}

/** A Jalali date as typed and sorted: `1404/01/15` (with `withTime`, `1404/01/15 09:05`), Tehran time, Latin digits. */
export function jalaliNumeric(date: Date, withTime = false): string {
  const p = tehranParts(date);
  const day = `${p.jy}/${pad2(p.jm)}/${pad2(p.jd)}`;
  return withTime ? `${day} ${pad2(p.hour)}:${pad2(p.minute)}` : day;
}

/** 24-hour Tehran time: fa `۰۹:۰۵`, en `09:05`. */
export function formatTime(locale: DisplayLocale, date: Date): string {
  const p = tehranParts(date);
  const hhmm = `${pad2(p.hour)}:${pad2(p.minute)}`;
  return locale === 'fa' ? toPersianDigits(hhmm) : hhmm;
}

/** fa: `۱۵ فروردین ۱۴۰۴، ساعت ۰۹:۰۵`; en: `4 Apr 2025, 09:05`. */
export function formatDateTime(locale: DisplayLocale, date: Date): string {
  return locale === 'fa'
    ? `${formatDate('fa', date)}، ساعت ${formatTime('fa', date)}`
    : `${formatDate('en', date)}, ${formatTime('en', date)}`;
}

/** The Tehran weekday name: fa `شنبه`, en `Saturday`. */
export function formatWeekday(locale: DisplayLocale, date: Date): string {
  const { weekday } = tehranParts(date);
  return (locale === 'fa' ? WEEKDAYS_FA : WEEKDAYS_EN)[weekday]!;
}

export type ParseDateResult = { ok: true; date: Date } | { ok: false; reason: 'format' | 'invalid_date' };
export type ParseDateTimeResult =
  | { ok: true; date: Date }
  | { ok: false; reason: 'format' | 'invalid_date' | 'invalid_time' };

type DateFields = { calendar: 'jalali' | 'gregorian'; y: number; m: number; d: number };

const JALALI_YEARS = { min: 1200, max: 1699 };
const GREGORIAN_YEARS = { min: 1700, max: 2399 };

/** Four-digit years below 1700 are Jalali, the rest Gregorian: the two ranges cannot be confused for our dates. */
const calendarOf = (year: number): DateFields['calendar'] | null =>
  year >= JALALI_YEARS.min && year <= JALALI_YEARS.max
    ? 'jalali'
    : year >= GREGORIAN_YEARS.min && year <= GREGORIAN_YEARS.max
      ? 'gregorian'
      : null;

const SEP = '\\s*[/\\-.\\u066B\\u060C\\\\]\\s*';
const YMD = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})${SEP}(\\d{1,2})$`);
const DMY = new RegExp(`^(\\d{1,2})${SEP}(\\d{1,2})${SEP}(\\d{4})$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Reads the date part; `null` when the text is not a date at all, `invalid` for a date-shaped impossibility. */
function readDate(s: string, now: Date): DateFields | 'invalid' | null {
  const numeric = YMD.exec(s) ?? COMPACT.exec(s);
  const ymd = numeric ? [numeric[1], numeric[2], numeric[3]] : DMY.exec(s)?.slice(1).reverse();
  if (ymd) {
    const [y, m, d] = ymd.map(Number) as [number, number, number];
    const calendar = calendarOf(y);
    return calendar ? { calendar, y, m, d } : 'invalid';
  }
  return readNamedDate(s, now);
}

/** `۱۵ فروردین ۱۴۰۴`, `15 Farvardin`, `۱۵ام اردیبهشت‌ماه`, `4 Apr 2025`, `April 4, 2025`. */
function readNamedDate(s: string, now: Date): DateFields | 'invalid' | null {
  const tokens = s
    .replace(/[,\u060C]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '');
  let day: number | undefined;
  let year: number | undefined;
  let month: { calendar: DateFields['calendar']; m: number } | undefined;
  for (const token of tokens) {
    const number = /^(\d{1,4})(?:ام|م|st|nd|rd|th)?$/i.exec(token);
    if (number) {
      const digits = number[1]!;
      if (digits.length <= 2 && day === undefined) day = Number(digits);
      else if (digits.length === 4 && year === undefined) year = Number(digits);
      else return null;
      continue;
    }
    const key = matchKey(token).replace(/ماه$/, '');
    if (key === '') continue; // «۱۵ فروردین ماه ۱۴۰۴»
    const jm = JALALI_MONTH_BY_KEY.get(key);
    const gm = GREGORIAN_MONTH_BY_KEY.get(key);
    if (month !== undefined || (jm === undefined && gm === undefined)) return null;
    month = jm !== undefined ? { calendar: 'jalali', m: jm } : { calendar: 'gregorian', m: gm! };
  }
  if (month === undefined || day === undefined) return null;
  if (year === undefined) {
    const p = tehranParts(now);
    year = month.calendar === 'jalali' ? p.jy : p.gy;
  }
  if (calendarOf(year) !== month.calendar) return 'invalid';
  return { calendar: month.calendar, y: year, m: month.m, d: day };
}

function isValidGregorian(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function toInstant(f: DateFields, hour: number, minute: number): Date | null {
  if (f.calendar === 'jalali')
    return isValidJalaaliDate(f.y, f.m, f.d) ? fromJalali(f.y, f.m, f.d, hour, minute) : null;
  return isValidGregorian(f.y, f.m, f.d) ? fromTehranWallTime(f.y, f.m, f.d, hour, minute) : null;
}

/**
 * Reads a date typed in any digit style: `۱۴۰۴/۰۱/۱۵`, `1404-1-15`, `۱۵ فروردین ۱۴۰۴` (the year may be left out:
 * then it is the current Jalali year at `now`), `امروز`/`فردا`, or Gregorian `2025-04-04` / `4 Apr 2025`.
 * The result is Tehran midnight of that day.
 */
export function parseJalaliDate(input: string, now: Date = new Date()): ParseDateResult {
  const s = normalizeInput(input);
  const relative = RELATIVE_DAYS.get(matchKey(s));
  if (relative !== undefined) return { ok: true, date: startOfTehranDay(addDays(now, relative)) };
  const fields = readDate(s, now);
  if (fields === null) return { ok: false, reason: 'format' };
  const date = fields === 'invalid' ? null : toInstant(fields, 0, 0);
  return date ? { ok: true, date } : { ok: false, reason: 'invalid_date' };
}

const TIME = /(?:^|\s|(?<=\d)T)(?:ساعت|at)?\s*(\d{1,2}):(\d{1,2})(?:\s|$)/i;

/** Reads a date (as `parseJalaliDate`) plus a 24-hour `HH:mm` time, e.g. `۱۴۰۴/۰۱/۱۵ ۱۴:۳۰`, as Tehran time. */
export function parseJalaliDateTime(input: string, now: Date = new Date()): ParseDateTimeResult {
  const s = normalizeInput(input);
  const time = TIME.exec(s);
  if (!time) return { ok: false, reason: 'format' };
  const rest = `${s.slice(0, time.index)} ${s.slice(time.index + time[0].length)}`.replace(/[\s,\u060C]+$/, '').trim();
  const day = parseJalaliDate(rest, now);
  if (!day.ok) return day;
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  if (hour > 23 || minute > 59 || time[2]!.length !== 2) return { ok: false, reason: 'invalid_time' };
  const p = tehranParts(day.date);
  return { ok: true, date: fromTehranWallTime(p.gy, p.gm, p.gd, hour, minute) };
}
