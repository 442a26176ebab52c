// Dates and times as people type them: Jalali or Gregorian, Persian, Arabic or Latin digits, month names, «فردا».
import { isValidJalaaliDate } from 'jalaali-js';
import words from '../data/typed-words.json' with { type: 'json' };
import { matchKey, normalizeInput } from './persian-text.ts';
import { addDays, fromJalali, fromTehranWallTime, startOfTehranDay, tehranParts } from './tehran-clock.ts';

/** Spellings users type for Jalali months, by matchKey: Persian (incl. «امرداد») and common transliterations. */
const JALALI_MONTH_BY_KEY = new Map<string, number>(
  words.jalaliMonths.flatMap((names, i) => names.map((name) => [matchKey(name), i + 1] as const)),
);

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

const RELATIVE_DAYS = new Map<string, number>(
  Object.entries(words.relativeDays).map(([word, days]) => [matchKey(word), days]),
);

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
/** A day or a year, maybe with an ordinal ending («۱۵ام», "15th"). */
const ORDINAL_NUMBER = new RegExp(`^(\\d{1,4})(?:${words.dateWords.ordinalSuffixes.join('|')})?$`, 'i');
const MONTH_WORD = new RegExp(`${words.dateWords.monthWord}$`);

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
    const number = ORDINAL_NUMBER.exec(token);
    if (number) {
      const digits = number[1]!;
      if (digits.length <= 2 && day === undefined) day = Number(digits);
      else if (digits.length === 4 && year === undefined) year = Number(digits);
      else return null;
      continue;
    }
    // «۱۵ فروردین ماه ۱۴۰۴»: the word for month after a month's name says nothing more.
    const key = matchKey(token).replace(MONTH_WORD, '');
    if (key === '') continue;
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

const TIME = new RegExp(
  `(?:^|\\s|(?<=\\d)T)(?:${words.dateWords.timeWords.join('|')})?\\s*(\\d{1,2}):(\\d{1,2})(?:\\s|$)`,
  'i',
);

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
