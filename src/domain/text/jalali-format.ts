// Dates and times as people read them, in Tehran time: Jalali in fa, Gregorian in en.
import words from '../data/typed-words.json' with { type: 'json' };
import type { Locale } from '../locale.ts';
import { TEHRAN_TIME_ZONE, tehranParts } from './tehran-clock.ts';

/**
 * Saturday first, as the Iranian week starts (index = `TehranParts.weekday`). A table, not Intl: ICU writes
 * «پنجشنبه» without the ZWNJ the glossary asks for.
 */
const WEEKDAYS_FA = words.dateWords.weekdaysFa;
const WEEKDAYS_EN = ['Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] as const;

const faDate = new Intl.DateTimeFormat('fa-IR-u-ca-persian', {
  timeZone: TEHRAN_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const enDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: TEHRAN_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const time = (locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone: TEHRAN_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const faTime = time('fa-IR');
const enTime = time('en-GB');

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** fa: `۱۵ فروردین ۱۴۰۴` (Jalali); en: `4 Apr 2025` (Gregorian); both as the day is in Tehran. */
export function formatDate(locale: Locale, date: Date): string {
  return (locale === 'fa' ? faDate : enDate).format(date);
}

/** A Jalali date as typed and sorted: `1404/01/15` (with `withTime`, `1404/01/15 09:05`), Tehran time, Latin digits. */
export function jalaliNumeric(date: Date, withTime = false): string {
  const p = tehranParts(date);
  const day = `${p.jy}/${pad2(p.jm)}/${pad2(p.jd)}`;
  return withTime ? `${day} ${pad2(p.hour)}:${pad2(p.minute)}` : day;
}

/** 24-hour Tehran time: fa `۰۹:۰۵`, en `09:05`. */
export function formatTime(locale: Locale, date: Date): string {
  return (locale === 'fa' ? faTime : enTime).format(date);
}
/** fa: `۱۵ فروردین ۱۴۰۴، ساعت ۰۹:۰۵`; en: `4 Apr 2025, 09:05`. */
export function formatDateTime(locale: Locale, date: Date): string {
  return locale === 'fa'
    ? `${formatDate('fa', date)}${words.dateWords.dateTimeJoiner}${formatTime('fa', date)}`
    : `${formatDate('en', date)}, ${formatTime('en', date)}`;
}

/** The Tehran weekday name: fa `شنبه`, en `Saturday`. */
export function formatWeekday(locale: Locale, date: Date): string {
  const { weekday } = tehranParts(date);
  return (locale === 'fa' ? WEEKDAYS_FA : WEEKDAYS_EN)[weekday]!;
}
