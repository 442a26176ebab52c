/**
 * The optional "long missions" part of a pledge: how long a volunteer can deploy at home, whether abroad, and what a
 * mission asks of them (passport validity, languages, trainings, vaccinations). A passport number is never asked for
 * nor stored: only the month it expires, as the volunteer reads it (Jalali).
 */
import { isValidJalaaliDate } from 'jalaali-js';
import { z } from 'zod';
import type { Locale } from '../locale.ts';
import {
  getLanguage,
  getLanguageLevel,
  getMissionVaccination,
  getTraining,
  LANGUAGE_LEVELS,
} from '../reference/mission-lists.ts';
import { toPersianDigits } from '../text/persian-text.ts';
import { addMonths, fromJalali } from '../text/tehran-clock.ts';

/** Weeks a volunteer can be away at home; 4 means "four weeks or more". */
export const HOME_WEEKS = [1, 2, 3, 4] as const;
export const MISSION_NOTE_MAX_LENGTH = 300;

export interface JalaliMonth {
  jy: number;
  jm: number;
}

export interface LanguageSkill {
  code: string;
  level: string;
}

export interface VaccinationRecord {
  code: string;
  /** The day of the (last) dose, Tehran midnight. */
  date: Date;
}

export interface MissionPledge {
  /** Weeks at home (1–4, 4 = 4+), or null when not for long deployments at home. */
  homeWeeks: number | null;
  abroad: boolean;
  /** The month the passport expires; null = no passport. */
  passportExpiry: JalaliMonth | null;
  languages: LanguageSkill[];
  trainings: string[];
  vaccinations: VaccinationRecord[];
  /** Family or work constraints, in the volunteer's words. */
  note: string | null;
}

const jalaliMonthSchema = z
  .object({ jy: z.number().int().min(1300).max(1600), jm: z.number().int().min(1).max(12) })
  .refine((m) => isValidJalaaliDate(m.jy, m.jm, 1), 'not a Jalali month');

const known = (lookup: (code: string) => unknown, what: string) =>
  z.string().refine((code) => lookup(code) !== undefined, `unknown ${what}`);

export const missionPledgeSchema = z
  .object({
    homeWeeks: z.union(HOME_WEEKS.map((w) => z.literal(w))).nullable(),
    abroad: z.boolean(),
    passportExpiry: jalaliMonthSchema.nullable(),
    languages: z.array(z.object({ code: known(getLanguage, 'language'), level: known(getLanguageLevel, 'level') })),
    trainings: z.array(known(getTraining, 'training')),
    vaccinations: z.array(z.object({ code: known(getMissionVaccination, 'vaccination'), date: z.date() })),
    note: z.string().trim().min(1).max(MISSION_NOTE_MAX_LENGTH).nullable(),
  })
  .superRefine((p, ctx) => {
    const lists = { languages: p.languages.map((l) => l.code), trainings: p.trainings };
    for (const [path, codes] of Object.entries(lists)) {
      if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: 'repeated', path: [path] });
    }
  });

/** A pledge part with nothing chosen yet: the volunteer fills it in step by step. */
export const EMPTY_MISSION_PLEDGE: MissionPledge = Object.freeze({
  homeWeeks: null,
  abroad: false,
  passportExpiry: null,
  languages: [],
  trainings: [],
  vaccinations: [],
  note: null,
}) as MissionPledge;

/**
 * The first instant the passport may no longer be valid: the start of its expiry month, since only the month is
 * known (a passport "expiring in Tir" may expire on the 1st).
 */
export function passportValidUntil(month: JalaliMonth): Date {
  return fromJalali(month.jy, month.jm, 1);
}

/** True when the passport is still valid `monthsAfter` months after `date` (missions ask for return + 6 months). */
export function passportValidAt(month: JalaliMonth | null, date: Date, monthsAfter: number): boolean {
  if (!month) return false;
  return passportValidUntil(month).getTime() > addMonths(date, monthsAfter).getTime();
}

/** When a vaccination given on `date` stops counting; null = for life. */
export function vaccinationValidUntil(record: VaccinationRecord): Date | null {
  const years = getMissionVaccination(record.code)?.validityYears;
  if (years === undefined || years === null) return null;
  return addMonths(record.date, years * 12);
}

/** True when the volunteer has this vaccination and it still counts at `date`. */
export function vaccinationValidAt(records: readonly VaccinationRecord[], code: string, date: Date): boolean {
  return records.some((r) => {
    if (r.code !== code || r.date.getTime() > date.getTime()) return false;
    const until = vaccinationValidUntil(r);
    return until === null || until.getTime() > date.getTime();
  });
}

const rankOf = (level: string): number => getLanguageLevel(level)?.rank ?? 0;

/** True when the volunteer speaks the language at `minLevel` or better. */
export function speaksAtLeast(skills: readonly LanguageSkill[], code: string, minLevel: string): boolean {
  return skills.some((s) => s.code === code && rankOf(s.level) >= rankOf(minLevel));
}

/** The weakest level, used when a mission asks for a language without saying how well. */
export const ANY_LEVEL = LANGUAGE_LEVELS[0]?.code ?? 'basic';

/** A Jalali month as «۱۴۰۷/۰۴» (Persian digits for Persian readers). */
export function jalaliMonthText(locale: Locale, month: JalaliMonth): string {
  const text = `${month.jy}/${String(month.jm).padStart(2, '0')}`;
  return locale === 'fa' ? toPersianDigits(text) : text;
}

/** The level after `level` on a tap of a language button: none → basic → … → native → none. */
export function nextLanguageLevel(level: string | undefined): string | undefined {
  const i = level === undefined ? -1 : LANGUAGE_LEVELS.findIndex((l) => l.code === level);
  return LANGUAGE_LEVELS[i + 1]?.code;
}
