/**
 * Who is asked first, so that the same few people are not always called while others never are: verified
 * licences first, then those invited least recently (by Tehran day: everyone asked on the same day is equally
 * recent), then those with the most pledged hours left this month.
 */
import { PLEDGE_HOURS } from '../volunteers/pledge.ts';

export interface RankedCandidate {
  key: string;
  verified: boolean;
  lastInvitedAt: Date | null;
  /** Hours a month pledged; null for "only in crises", which has no monthly budget to run out of. */
  hoursPerMonth: number | null;
  /** Hours already served this month. */
  servedThisMonth: number;
}

const DAY_MS = 86_400_000;
/** Tehran is UTC+03:30 since 2022; day buckets only need to be consistent, not exact at the boundary. */
const TEHRAN_OFFSET_MS = 3.5 * 3_600_000;

/** Pledged hours still free this month; a crisis-only pledge counts as the largest pledge possible. */
export function hoursLeft(candidate: Pick<RankedCandidate, 'hoursPerMonth' | 'servedThisMonth'>): number {
  const pledged = candidate.hoursPerMonth ?? PLEDGE_HOURS.max;
  return Math.max(0, pledged - candidate.servedThisMonth);
}

/** The Tehran day of the last invitation; never invited sorts before everyone. */
function invitedDay(candidate: Pick<RankedCandidate, 'lastInvitedAt'>): number {
  if (candidate.lastInvitedAt === null) return Number.NEGATIVE_INFINITY;
  return Math.floor((candidate.lastInvitedAt.getTime() + TEHRAN_OFFSET_MS) / DAY_MS);
}

export function compareCandidates(a: RankedCandidate, b: RankedCandidate): number {
  if (a.verified !== b.verified) return a.verified ? -1 : 1;
  const byDay = invitedDay(a) - invitedDay(b);
  if (byDay !== 0 && !Number.isNaN(byDay)) return byDay;
  const byHours = hoursLeft(b) - hoursLeft(a);
  if (byHours !== 0) return byHours;
  // Within the same day the earlier invitation goes first; the key makes the order total and repeatable.
  const byTime = (a.lastInvitedAt?.getTime() ?? 0) - (b.lastInvitedAt?.getTime() ?? 0);
  if (byTime !== 0) return byTime;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A new array in invitation order. */
export function rankCandidates<T extends RankedCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(compareCandidates);
}
