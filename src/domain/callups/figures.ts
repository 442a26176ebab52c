/**
 * The numbers a coordinator sees: the live board while a call-up runs and the score after a drill, computed from
 * the invitations in JavaScript (FerretDB v1 has no $group accumulators beyond $sum).
 */
import type { CallUp } from './callup.ts';
import { hasAnswered, holdsSeat, type Invitation, isWithdrawn } from './invitation.ts';

export interface NeedFigures {
  specialty: string;
  need: number;
  confirmed: number;
  waiting: number;
}

export interface BoardFigures {
  needs: NeedFigures[];
  invited: number;
  confirmed: number;
  declined: number;
  waiting: number;
  noAnswer: number;
}

type Answered = Pick<Invitation, 'answer' | 'specialty' | 'withdrawnAt'>;

/** Those whose card was withdrawn unsent were never asked: they count nowhere. */
const asked = <T extends Pick<Invitation, 'withdrawnAt'>>(invitations: readonly T[]) =>
  invitations.filter((i) => !isWithdrawn(i));

export function boardFigures(callUp: Pick<CallUp, 'needs'>, all: readonly Answered[]): BoardFigures {
  const invitations = asked(all);
  const needs = callUp.needs.map((need) => {
    const mine = invitations.filter((i) => i.specialty === need.specialty);
    return {
      specialty: need.specialty,
      need: need.count,
      confirmed: mine.filter(holdsSeat).length,
      waiting: mine.filter((i) => i.answer === 'waiting').length,
    };
  });
  const count = (answer: Invitation['answer']) => invitations.filter((i) => i.answer === answer).length;
  return {
    needs,
    invited: invitations.length,
    confirmed: invitations.filter(holdsSeat).length,
    declined: count('no'),
    waiting: count('waiting'),
    noAnswer: count('none'),
  };
}

/** A text progress bar that survives any client: `▰▰▰▱▱▱▱▱▱▱`. */
export function progressBar(done: number, total: number, width = 10): string {
  const filled = total <= 0 ? 0 : Math.min(width, Math.round((done / total) * width));
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

export interface DrillScore {
  specialties: { specialty: string; need: number; confirmed: number; minutesToFill: number | null }[];
  invited: number;
  answered: number;
  /** answered / invited, 0–1; null with nobody invited. */
  answerRate: number | null;
  provinces: { province: string; invited: number; answered: number; confirmed: number }[];
}

const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);

/** How the drill went: how fast each specialty filled, how many answered, and how each province did. */
export function drillScore(
  callUp: Pick<CallUp, 'needs' | 'createdAt' | 'specialtyFilledAt'>,
  all: readonly Pick<Invitation, 'answer' | 'specialty' | 'province' | 'withdrawnAt'>[],
): DrillScore {
  const invitations = asked(all);
  const specialties = callUp.needs.map((need) => {
    const filledAt = callUp.specialtyFilledAt.find((f) => f.specialty === need.specialty)?.at;
    return {
      specialty: need.specialty,
      need: need.count,
      confirmed: invitations.filter((i) => i.specialty === need.specialty && holdsSeat(i)).length,
      minutesToFill: filledAt ? minutesBetween(callUp.createdAt, filledAt) : null,
    };
  });
  const byProvince = new Map<string, { province: string; invited: number; answered: number; confirmed: number }>();
  for (const i of invitations) {
    const row = byProvince.get(i.province) ?? { province: i.province, invited: 0, answered: 0, confirmed: 0 };
    row.invited += 1;
    if (hasAnswered(i)) row.answered += 1;
    if (holdsSeat(i)) row.confirmed += 1;
    byProvince.set(i.province, row);
  }
  const answered = invitations.filter(hasAnswered).length;
  return {
    specialties,
    invited: invitations.length,
    answered,
    answerRate: invitations.length === 0 ? null : answered / invitations.length,
    provinces: [...byProvince.values()].sort((a, b) => b.invited - a.invited || a.province.localeCompare(b.province)),
  };
}
