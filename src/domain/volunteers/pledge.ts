/**
 * The pledge (نذر): how many hours, on which days and in which time windows, in which ways and how far a volunteer
 * will go, and until when. Pure rules; dates are instants, and "until a day" always means Tehran midnight.
 */
import { neighborsOf } from '../reference/provinces.ts';
import { addDays, addMonths, startOfTehranDay } from '../text/tehran-clock.ts';

/** Saturday = 0 … Friday = 6, the Iranian week (the same index as `TehranParts.weekday`). */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const TIME_WINDOWS = ['morning', 'afternoon', 'evening', 'night'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

/** In person in their own city, travel to underserved areas, remote/telephone consultation, crisis call-ups. */
export const SERVICE_MODES = ['in_person', 'deprived_areas', 'remote', 'crisis'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

/** How far a travelling volunteer goes: their own province, also its neighbours, or anywhere in the country. */
export const REACH_OPTIONS = ['own', 'neighbors', 'anywhere'] as const;
export type Reach = (typeof REACH_OPTIONS)[number];

export const PLEDGE_HOURS = { min: 1, max: 200 } as const;
export const NOTE_MAX_LENGTH = 500;

/** Quick choices for how long a pledge stands; `indefinite` has no end. */
export const VALIDITY_CHOICES = ['3m', '6m', '12m', 'indefinite'] as const;
export type ValidityChoice = (typeof VALIDITY_CHOICES)[number];

/** Quick choices for a pause or for "not available until". */
export const UNTIL_CHOICES = ['1d', '3d', '1w', '2w', '1m', '3m'] as const;
export type UntilChoice = (typeof UNTIL_CHOICES)[number];

/** A pledge typed to end further ahead than this is a typo (e.g. 1440 for 1404). */
export const MAX_VALIDITY_MONTHS = 120;
/** Pauses and unavailability are for weeks or months; a year is the limit before withdrawing makes more sense. */
export const MAX_UNTIL_MONTHS = 12;

/** Days between two check-ins ("is your pledge still valid?"). */
export const CHECK_IN_INTERVAL_DAYS = 30;

/** Modes that take the volunteer out of their own city, so the call-up needs to know how far they go. */
const TRAVEL_MODES: readonly ServiceMode[] = ['deprived_areas', 'crisis'];

export interface PledgeTerms {
  /** Hours a month, or `null` for "only in crises". */
  hoursPerMonth: number | null;
  days: Weekday[];
  windows: TimeWindow[];
  modes: ServiceMode[];
  reach: Reach;
  /** The pledge stands until this instant (exclusive); `null` = indefinitely. */
  validUntil: Date | null;
  note: string | null;
}

export function needsReach(modes: readonly ServiceMode[]): boolean {
  return modes.some((mode) => TRAVEL_MODES.includes(mode));
}

/** The reach that applies: without a travelling mode a volunteer only serves in their own province. */
export function effectiveReach(modes: readonly ServiceMode[], reach: Reach): Reach {
  return needsReach(modes) ? reach : 'own';
}

/**
 * The provinces a call-up in which would reach this volunteer, stored so matching by province is one indexed
 * equality: always their own, plus the neighbours for `neighbors`; `anywhere` is a separate flag.
 */
export function reachOf(province: string, reach: Reach): { reachProvinces: string[]; reachAnywhere: boolean } {
  if (reach === 'neighbors') {
    return { reachProvinces: [province, ...neighborsOf(province).map((p) => p.code)], reachAnywhere: false };
  }
  return { reachProvinces: [province], reachAnywhere: reach === 'anywhere' };
}

/** Keeps a multi-select in canonical order without repeats (Saturday first; windows and modes in list order). */
export function sortedUnique<T>(values: readonly T[], order: readonly T[]): T[] {
  return order.filter((value) => values.includes(value));
}

/** Adds a value to a multi-select, or takes it out when already there. */
export function toggle<T>(values: readonly T[], value: T, order: readonly T[]): T[] {
  return sortedUnique(values.includes(value) ? values.filter((v) => v !== value) : [...values, value], order);
}

/**
 * The one rule for a pledge's end as people read it: stored as the instant it stops (Tehran midnight), it stands
 * through the day before, so every text and export shows that last day («تا پایان ۳۱ شهریور», `1406/06/31`).
 */
export function lastDayOf(validUntil: Date): Date {
  return new Date(validUntil.getTime() - 1);
}

/** The end of a pledge for a quick choice: through the whole last day, so the end is Tehran midnight after it. */
export function validUntilFor(choice: ValidityChoice, now: Date): Date | null {
  if (choice === 'indefinite') return null;
  const months = choice === '3m' ? 3 : choice === '6m' ? 6 : 12;
  return startOfTehranDay(addDays(addMonths(now, months), 1));
}

/** The end of a pledge typed as a date (the last day it stands), or why it cannot be. */
export function validUntilFromLastDay(
  lastDay: Date,
  now: Date,
): { ok: true; validUntil: Date } | { ok: false; reason: 'past' | 'too_far' } {
  const validUntil = startOfTehranDay(addDays(lastDay, 1));
  if (validUntil.getTime() <= startOfTehranDay(addDays(now, 1)).getTime()) return { ok: false, reason: 'past' };
  if (validUntil.getTime() > addMonths(now, MAX_VALIDITY_MONTHS).getTime()) return { ok: false, reason: 'too_far' };
  return { ok: true, validUntil };
}

const UNTIL_AHEAD: Record<UntilChoice, (now: Date) => Date> = {
  '1d': (now) => addDays(now, 1),
  '3d': (now) => addDays(now, 3),
  '1w': (now) => addDays(now, 7),
  '2w': (now) => addDays(now, 14),
  '1m': (now) => addMonths(now, 1),
  '3m': (now) => addMonths(now, 3),
};

/** When a pause or unavailability chosen from the quick choices ends: Tehran midnight of that day. */
export function untilFor(choice: UntilChoice, now: Date): Date {
  return startOfTehranDay(UNTIL_AHEAD[choice](now));
}

/** A typed "until" day (the day the volunteer is back), or why it cannot be. */
export function untilFromDay(
  day: Date,
  now: Date,
): { ok: true; until: Date } | { ok: false; reason: 'past' | 'too_far' } {
  const until = startOfTehranDay(day);
  if (until.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
  if (until.getTime() > addMonths(now, MAX_UNTIL_MONTHS).getTime()) return { ok: false, reason: 'too_far' };
  return { ok: true, until };
}

export function nextCheckInAfter(at: Date): Date {
  return addDays(at, CHECK_IN_INTERVAL_DAYS);
}
