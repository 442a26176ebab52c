/**
 * What a volunteer's answer does, decided before anything is written. The service carries the plan out; a seat
 * claim may still lose a race, and then the volunteer waits instead.
 */
import { acceptsAnswers, type CallUp, isRecruiting } from './callup.ts';
import { type Choice, holdsSeat, type Invitation } from './invitation.ts';

/** Why an answer changes nothing: the call-up is off, closed or over; the alert says so politely. */
export type Refusal = 'cancelled' | 'ended';

export type AnswerPlan =
  | { kind: 'refuse'; reason: Refusal }
  /** Already holding a seat: keep it, record yes/late and the ETA. */
  | { kind: 'keep_seat'; answer: 'yes' | 'late' }
  /** Try to take a free seat of the specialty; when none is left, wait. */
  | { kind: 'claim_seat'; answer: 'yes' | 'late' }
  /** Every seat is taken: keep them on the waiting list. */
  | { kind: 'wait' }
  /** A "can't": frees the seat if one was held, so the waiting list can move up. */
  | { kind: 'decline'; freeSeat: boolean };

export function planAnswer(
  callUp: Pick<CallUp, 'status' | 'startsAt' | 'durationHours'>,
  invitation: Pick<Invitation, 'answer'>,
  choice: Choice,
  now: Date,
): AnswerPlan {
  if (callUp.status === 'cancelled') return { kind: 'refuse', reason: 'cancelled' };
  if (!acceptsAnswers(callUp, now)) return { kind: 'refuse', reason: 'ended' };
  if (choice === 'no') return { kind: 'decline', freeSeat: holdsSeat(invitation) };
  if (holdsSeat(invitation)) return { kind: 'keep_seat', answer: choice };
  if (!isRecruiting(callUp)) return { kind: 'wait' };
  return { kind: 'claim_seat', answer: choice };
}

/** The seat ids of one specialty, tried in order: a unique `_id` per seat makes overfilling impossible. */
export function seatIds(callUpId: string, specialty: string, need: number): string[] {
  return Array.from({ length: need }, (_, i) => seatId(callUpId, specialty, i + 1));
}

export const seatId = (callUpId: string, specialty: string, n: number): string => `${callUpId}:${specialty}:seat${n}`;

/** The call-up's status after seats changed: filled when every need is met, open again when a seat frees up. */
export function statusAfterSeats(
  callUp: Pick<CallUp, 'status'>,
  seatsTaken: ReadonlyMap<string, number>,
  needs: readonly { specialty: string; count: number }[],
): CallUp['status'] {
  if (callUp.status !== 'open' && callUp.status !== 'filled') return callUp.status;
  const full = needs.every((need) => (seatsTaken.get(need.specialty) ?? 0) >= need.count);
  return full ? 'filled' : 'open';
}
