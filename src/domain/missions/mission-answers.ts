/** Reading what a volunteer types for the long-missions part: a passport's expiry month («تیر ۱۴۰۷»، «۱۴۰۷/۴»). */
import words from '../data/typed-words.json' with { type: 'json' };
import { matchKey, normalizeInput } from '../text/persian-text.ts';
import { tehranParts } from '../text/tehran-clock.ts';
import type { JalaliMonth } from './mission-pledge.ts';

const MONTH_BY_KEY = new Map<string, number>(
  words.jalaliMonths.flatMap((names, i) => names.map((name) => [matchKey(name), i + 1] as const)),
);

const NUMERIC = /^(\d{4})\s*[/\-.]\s*(\d{1,2})$|^(\d{1,2})\s*[/\-.]\s*(\d{4})$/;
const NAMED = /^(\D+?)\s*(\d{4})$|^(\d{4})\s*(\D+)$/;

/** Passports last at most ten years; a later month is a typing mistake. */
const LONGEST_PASSPORT_YEARS = 10;

export type ParseMonthResult = { ok: true; month: JalaliMonth } | { ok: false; reason: 'format' | 'out_of_range' };

function readMonth(text: string): JalaliMonth | undefined {
  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const jy = Number(numeric[1] ?? numeric[4]);
    const jm = Number(numeric[2] ?? numeric[3]);
    return jm >= 1 && jm <= 12 ? { jy, jm } : undefined;
  }
  const named = NAMED.exec(text);
  if (!named) return undefined;
  const jm = MONTH_BY_KEY.get(matchKey(named[1] ?? named[4] ?? ''));
  return jm ? { jy: Number(named[2] ?? named[3]), jm } : undefined;
}

/** A Jalali month and year, in Persian or Latin digits, by number or by name; within ten years of `now`. */
export function parsePassportMonth(input: string, now: Date): ParseMonthResult {
  const month = readMonth(normalizeInput(input));
  if (!month) return { ok: false, reason: 'format' };
  const { jy } = tehranParts(now);
  if (month.jy < jy - LONGEST_PASSPORT_YEARS || month.jy > jy + LONGEST_PASSPORT_YEARS)
    return { ok: false, reason: 'out_of_range' };
  return { ok: true, month };
}
