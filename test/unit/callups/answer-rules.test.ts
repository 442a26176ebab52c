import { describe, expect, it } from 'vitest';
import { planAnswer, seatIds, statusAfterSeats } from '../../../src/domain/callups/answer-rules.ts';
import type { CallUpStatus } from '../../../src/domain/callups/callup.ts';
import type { Answer } from '../../../src/domain/callups/invitation.ts';

const now = new Date('2026-01-10T10:00:00Z');
const callUp = (status: CallUpStatus, startsInHours = 1, durationHours = 4) => ({
  status,
  startsAt: new Date(now.getTime() + startsInHours * 3_600_000),
  durationHours,
});
const invited = (answer: Answer) => ({ answer });

describe('answer rules', () => {
  it('when an invited volunteer says yes while the call-up recruits, then they try to take a seat', () => {
    expect(planAnswer(callUp('open'), invited('none'), 'yes', now)).toEqual({ kind: 'claim_seat', answer: 'yes' });
    expect(planAnswer(callUp('open'), invited('no'), 'late', now)).toEqual({ kind: 'claim_seat', answer: 'late' });
  });

  it('when someone holding a seat changes yes to late, then the seat is kept', () => {
    expect(planAnswer(callUp('filled'), invited('yes'), 'late', now)).toEqual({ kind: 'keep_seat', answer: 'late' });
  });

  it('when a yes arrives after filling, then it goes to the waiting list', () => {
    expect(planAnswer(callUp('filled'), invited('none'), 'yes', now)).toEqual({ kind: 'wait' });
  });

  it('when a seat holder says they cannot come, then the seat is freed; otherwise nothing to free', () => {
    expect(planAnswer(callUp('open'), invited('late'), 'no', now)).toEqual({ kind: 'decline', freeSeat: true });
    expect(planAnswer(callUp('open'), invited('waiting'), 'no', now)).toEqual({ kind: 'decline', freeSeat: false });
  });

  it('when the call-up is cancelled, closed or its event is over, then any answer is refused', () => {
    for (const answer of ['none', 'no', 'yes'] as const) {
      expect(planAnswer(callUp('closed'), invited(answer), 'yes', now)).toEqual({ kind: 'refuse', reason: 'ended' });
      expect(planAnswer(callUp('closed'), invited(answer), 'no', now)).toEqual({ kind: 'refuse', reason: 'ended' });
    }
    expect(planAnswer(callUp('cancelled'), invited('none'), 'yes', now)).toEqual({
      kind: 'refuse',
      reason: 'cancelled',
    });
    expect(planAnswer(callUp('open', -5, 4), invited('none'), 'no', now)).toEqual({ kind: 'refuse', reason: 'ended' });
  });

  it('when seats are named, then each specialty has exactly its need of unique ids', () => {
    expect(seatIds('abcd1234', 'nurse', 3)).toEqual([
      'abcd1234:nurse:seat1',
      'abcd1234:nurse:seat2',
      'abcd1234:nurse:seat3',
    ]);
  });

  it('when every need is met, then the call-up is filled; a freed seat opens it again; closed stays closed', () => {
    const needs = [
      { specialty: 'gp', count: 2 },
      { specialty: 'nurse', count: 1 },
    ];
    const seats = new Map([
      ['gp', 2],
      ['nurse', 1],
    ]);
    expect(statusAfterSeats({ status: 'open' }, seats, needs)).toBe('filled');
    expect(statusAfterSeats({ status: 'filled' }, new Map([['gp', 2]]), needs)).toBe('open');
    expect(statusAfterSeats({ status: 'closed' }, seats, needs)).toBe('closed');
  });
});
