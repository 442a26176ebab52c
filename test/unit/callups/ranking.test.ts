import { describe, expect, it } from 'vitest';
import { hoursLeft, type RankedCandidate, rankCandidates } from '../../../src/domain/callups/ranking.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const candidate = (key: string, overrides: Partial<RankedCandidate> = {}): RankedCandidate => ({
  key,
  verified: false,
  lastInvitedAt: null,
  hoursPerMonth: 10,
  servedThisMonth: 0,
  ...overrides,
});

const keys = (list: RankedCandidate[]) => rankCandidates(list).map((c) => c.key);

describe('fair ranking of call-up candidates', () => {
  it('when one licence is verified, then that volunteer is asked first whatever the rest says', () => {
    expect(
      keys([
        candidate('a', { lastInvitedAt: null, hoursPerMonth: 200 }),
        candidate('b', { verified: true, lastInvitedAt: tehran('2026-01-10T10:00:00'), hoursPerMonth: 1 }),
      ]),
    ).toEqual(['b', 'a']);
  });

  it('when both are equally verified, then the one never invited goes before the one invited yesterday', () => {
    expect(keys([candidate('recent', { lastInvitedAt: tehran('2026-01-10T10:00:00') }), candidate('never')])).toEqual([
      'never',
      'recent',
    ]);
  });

  it('when two were invited on different days, then the least recent goes first', () => {
    expect(
      keys([
        candidate('tuesday', { lastInvitedAt: tehran('2026-01-13T09:00:00') }),
        candidate('monday', { lastInvitedAt: tehran('2026-01-12T23:00:00') }),
      ]),
    ).toEqual(['monday', 'tuesday']);
  });

  it('when two were invited on the same Tehran day, then the one with more pledged hours left goes first', () => {
    const day = (hour: string) => tehran(`2026-01-12T${hour}:00:00`);
    expect(
      keys([
        candidate('early-but-spent', { lastInvitedAt: day('08'), hoursPerMonth: 10, servedThisMonth: 9 }),
        candidate('late-with-hours', { lastInvitedAt: day('20'), hoursPerMonth: 10, servedThisMonth: 0 }),
      ]),
    ).toEqual(['late-with-hours', 'early-but-spent']);
  });

  it('when a pledge is crisis-only, then it counts as the largest budget, less what was served', () => {
    expect(hoursLeft({ hoursPerMonth: null, servedThisMonth: 20 })).toBe(180);
    expect(hoursLeft({ hoursPerMonth: 8, servedThisMonth: 20 })).toBe(0);
  });

  it('when everything else is equal, then the order is repeatable (by key) and the input is not changed', () => {
    const input = [candidate('c'), candidate('a'), candidate('b')];
    expect(keys(input)).toEqual(['a', 'b', 'c']);
    expect(input.map((c) => c.key)).toEqual(['c', 'a', 'b']);
  });
});
