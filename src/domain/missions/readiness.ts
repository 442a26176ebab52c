/**
 * Whether a volunteer's long-missions pledge fits a mission's requirements, and if not, every reason why: the
 * call-up preview counts the reasons so a coordinator sees which requirement to relax.
 */
import { z } from 'zod';
import { getLanguage, getLanguageLevel, getMissionVaccination, getTraining } from '../reference/mission-lists.ts';
import { startOfTehranDay } from '../text/tehran-clock.ts';
import {
  HOME_WEEKS,
  type MissionPledge,
  passportValidAt,
  speaksAtLeast,
  vaccinationValidAt,
} from './mission-pledge.ts';

/** Months a passport must stay valid after the return date when a mission does not say otherwise. */
export const DEFAULT_PASSPORT_MONTHS_AFTER_RETURN = 6;

const DAY_MS = 86_400_000;

export interface MissionRequirements {
  abroad: boolean;
  /** The first and the last day of the mission (Tehran midnight). */
  startsOn: Date;
  endsOn: Date;
  /** Months the passport must outlive the return; null = no passport asked for (a mission at home). */
  passportMonthsAfterReturn: number | null;
  languages: { code: string; minLevel: string }[];
  trainings: string[];
  vaccinations: string[];
}

const known = (lookup: (code: string) => unknown, what: string) =>
  z.string().refine((code) => lookup(code) !== undefined, `unknown ${what}`);

export const missionRequirementsSchema = z
  .object({
    abroad: z.boolean(),
    startsOn: z.date(),
    endsOn: z.date(),
    passportMonthsAfterReturn: z.number().int().min(0).max(24).nullable(),
    languages: z.array(z.object({ code: known(getLanguage, 'language'), minLevel: known(getLanguageLevel, 'level') })),
    trainings: z.array(known(getTraining, 'training')),
    vaccinations: z.array(known(getMissionVaccination, 'vaccination')),
  })
  .refine((r) => r.endsOn.getTime() >= r.startsOn.getTime(), { message: 'ends before it starts', path: ['endsOn'] });

/** Why a volunteer does not fit; `language`, `training` and `vaccination` name which one. */
export type ExclusionReason =
  | { kind: 'no_mission_pledge' }
  | { kind: 'not_abroad' }
  | { kind: 'too_long' }
  | { kind: 'passport' }
  | { kind: 'language'; code: string }
  | { kind: 'training'; code: string }
  | { kind: 'vaccination'; code: string };

/** Days a mission lasts, both ends included; rounding absorbs an hour of a past daylight-saving change. */
export function missionDays(req: Pick<MissionRequirements, 'startsOn' | 'endsOn'>): number {
  const span = startOfTehranDay(req.endsOn).getTime() - startOfTehranDay(req.startsOn).getTime();
  return Math.max(0, Math.round(span / DAY_MS) + 1);
}

/** Whether a mission of this length fits the weeks a volunteer offered at home (4 = four weeks or more). */
function fitsHomeWeeks(weeks: number | null, days: number): boolean {
  if (weeks === null) return false;
  const most = HOME_WEEKS[HOME_WEEKS.length - 1] ?? 4;
  return weeks >= most || days <= weeks * 7;
}

/** Every requirement the volunteer does not meet; empty when they fit. */
export function exclusionReasons(pledge: MissionPledge | null, req: MissionRequirements): ExclusionReason[] {
  if (!pledge) return [{ kind: 'no_mission_pledge' }];
  const reasons: ExclusionReason[] = [];
  if (req.abroad && !pledge.abroad) reasons.push({ kind: 'not_abroad' });
  if (!req.abroad && !fitsHomeWeeks(pledge.homeWeeks, missionDays(req))) reasons.push({ kind: 'too_long' });
  if (req.passportMonthsAfterReturn !== null) {
    if (!passportValidAt(pledge.passportExpiry, req.endsOn, req.passportMonthsAfterReturn))
      reasons.push({ kind: 'passport' });
  }
  for (const l of req.languages) {
    if (!speaksAtLeast(pledge.languages, l.code, l.minLevel)) reasons.push({ kind: 'language', code: l.code });
  }
  for (const t of req.trainings) {
    if (!pledge.trainings.includes(t)) reasons.push({ kind: 'training', code: t });
  }
  for (const v of req.vaccinations) {
    if (!vaccinationValidAt(pledge.vaccinations, v, req.endsOn)) reasons.push({ kind: 'vaccination', code: v });
  }
  return reasons;
}

export interface ReadinessSummary {
  ready: number;
  /** How many volunteers each reason excludes, most first; one volunteer may be counted under several reasons. */
  exclusions: { reason: ExclusionReason; count: number }[];
}

const reasonKey = (r: ExclusionReason): string => ('code' in r ? `${r.kind}:${r.code}` : r.kind);

/** Counts who fits and what excludes the rest, for the call-up preview. */
export function summariseReadiness(
  pledges: readonly (MissionPledge | null)[],
  req: MissionRequirements,
): ReadinessSummary {
  let ready = 0;
  const counts = new Map<string, { reason: ExclusionReason; count: number }>();
  for (const pledge of pledges) {
    const reasons = exclusionReasons(pledge, req);
    if (reasons.length === 0) ready += 1;
    for (const reason of reasons) {
      const entry = counts.get(reasonKey(reason)) ?? { reason, count: 0 };
      entry.count += 1;
      counts.set(reasonKey(reason), entry);
    }
  }
  return { ready, exclusions: [...counts.values()].sort((a, b) => b.count - a.count) };
}
