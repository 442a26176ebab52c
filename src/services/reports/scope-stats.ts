/**
 * The figures of a report, computed in JavaScript from the volunteers in scope (FerretDB v1 has no $group
 * accumulators beyond $sum/$count and no $lookup, and a scope is a few thousand records at most).
 */

import { SPECIALTY_GROUPS } from '../../domain/reference/specialties.ts';
import type { Scope } from '../../domain/roles/actor.ts';
import { effectiveStatus, isUnavailable } from '../../domain/volunteers/pledge-state.ts';
import { OTHER_SPECIALTY, type Volunteer } from '../../domain/volunteers/volunteer.ts';

export interface Count {
  code: string;
  count: number;
}

/** One recent call-up, as the report needs it (from the call-up module, when it exists). */
export interface CallUpOutcome {
  id: string;
  province: string;
  createdAt: Date;
  /** Volunteers the call-up was sent to. */
  invited: number;
  /** Of those, how many answered at all (yes, late or no). */
  answered: number;
  confirmed: number;
  needed: number;
  /** When every need was met; null while open or never filled. */
  filledAt: Date | null;
}

export interface CallUpFigures {
  count: number;
  invited: number;
  answered: number;
  confirmed: number;
  /** Answered / invited, 0–1; null with nobody invited. */
  answerRate: number | null;
  filled: number;
  /** Median minutes from creation to filled, over the filled call-ups; null when none was filled. */
  medianFillMinutes: number | null;
}

export interface ScopeStats {
  scope: Scope;
  /** Registered volunteers, any pledge status. */
  volunteers: number;
  /** By profession group, in the reference order, groups with nobody left out. */
  byGroup: Count[];
  /** The most common specialties, most first. */
  topSpecialties: Count[];
  pledges: { active: number; paused: number; ended: number };
  /** Hours a month pledged by active pledges; `crisisOnly` counts active pledges with no monthly hours. */
  hoursPerMonth: number;
  crisisOnly: number;
  /** Active, not away and reachable at this moment. */
  availableNow: number;
  licences: { verified: number; unverified: number; rejected: number };
  hoursServed: number;
  callUps: CallUpFigures;
  /** How many days back `callUps` looks. */
  callUpDays: number;
}

export const TOP_SPECIALTIES = 8;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function callUpFigures(outcomes: readonly CallUpOutcome[]): CallUpFigures {
  const invited = outcomes.reduce((sum, c) => sum + c.invited, 0);
  const answered = outcomes.reduce((sum, c) => sum + c.answered, 0);
  const confirmed = outcomes.reduce((sum, c) => sum + c.confirmed, 0);
  const fills = outcomes.flatMap((c) => (c.filledAt ? [(c.filledAt.getTime() - c.createdAt.getTime()) / 60_000] : []));
  const medianFill = median(fills);
  return {
    count: outcomes.length,
    invited,
    answered,
    confirmed,
    answerRate: invited > 0 ? answered / invited : null,
    filled: fills.length,
    medianFillMinutes: medianFill === null ? null : round1(medianFill),
  };
}

function tally(codes: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts;
}

/** Every figure of the report for these volunteers at `now`. */
export function computeScopeStats(input: {
  scope: Scope;
  volunteers: readonly Volunteer[];
  callUps: readonly CallUpOutcome[];
  callUpDays: number;
  /** Hours kept by erased volunteers' remainders (country scope only). */
  extraHoursServed?: number;
  now: Date;
}): ScopeStats {
  const { volunteers, now } = input;
  const statuses = volunteers.map((v) => ({ v, status: effectiveStatus(v, now) }));
  const active = statuses.filter((s) => s.status === 'active').map((s) => s.v);
  const groups = tally(volunteers.map((v) => v.group));
  const specialties = tally(volunteers.map((v) => (v.specialty === OTHER_SPECIALTY ? OTHER_SPECIALTY : v.specialty)));
  const licence = tally(volunteers.flatMap((v) => (v.licence ? [v.licence.status] : [])));
  return {
    scope: input.scope,
    volunteers: volunteers.length,
    byGroup: SPECIALTY_GROUPS.flatMap((g) =>
      groups.get(g.code) ? [{ code: g.code, count: groups.get(g.code)! }] : [],
    ),
    topSpecialties: [...specialties.entries()]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, TOP_SPECIALTIES),
    pledges: {
      active: active.length,
      paused: statuses.filter((s) => s.status === 'paused').length,
      ended: statuses.filter((s) => s.status === 'expired' || s.status === 'withdrawn').length,
    },
    hoursPerMonth: active.reduce((sum, v) => sum + (v.hoursPerMonth ?? 0), 0),
    crisisOnly: active.filter((v) => v.hoursPerMonth === null).length,
    availableNow: active.filter((v) => v.reachable && !isUnavailable(v, now)).length,
    licences: {
      verified: licence.get('verified') ?? 0,
      unverified: licence.get('unverified') ?? 0,
      rejected: licence.get('rejected') ?? 0,
    },
    hoursServed: volunteers.reduce((sum, v) => sum + v.hoursServed, 0) + (input.extraHoursServed ?? 0),
    callUps: callUpFigures(input.callUps),
    callUpDays: input.callUpDays,
  };
}
