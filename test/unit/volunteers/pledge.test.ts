import { describe, expect, it } from 'vitest';
import {
  effectiveReach,
  needsReach,
  nextCheckInAfter,
  reachOf,
  SERVICE_MODES,
  toggle,
  untilFor,
  untilFromDay,
  validUntilFor,
  validUntilFromLastDay,
  WEEKDAYS,
} from '../../../src/domain/volunteers/pledge.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const now = tehran('2026-11-23T15:30:00');

describe('reach', () => {
  it('when the reach is "own", then only the own province is reached and not anywhere', () => {
    expect(reachOf('qom', 'own')).toEqual({ reachProvinces: ['qom'], reachAnywhere: false });
  });

  it('when the reach is "neighbors", then the own province and every land neighbour are listed', () => {
    const { reachProvinces, reachAnywhere } = reachOf('tehran', 'neighbors');
    expect(reachProvinces[0]).toBe('tehran');
    expect([...reachProvinces].sort()).toEqual(['alborz', 'markazi', 'mazandaran', 'qom', 'semnan', 'tehran']);
    expect(reachAnywhere).toBe(false);
  });

  it('when the reach is "anywhere", then the flag is set and the own province is still listed', () => {
    expect(reachOf('fars', 'anywhere')).toEqual({ reachProvinces: ['fars'], reachAnywhere: true });
  });

  it('when no travelling mode is chosen, then the reach asked for falls back to the own province', () => {
    expect(needsReach(['in_person', 'remote'])).toBe(false);
    expect(effectiveReach(['in_person', 'remote'], 'anywhere')).toBe('own');
    expect(needsReach(['deprived_areas'])).toBe(true);
    expect(effectiveReach(['crisis'], 'neighbors')).toBe('neighbors');
  });
});

describe('multi-select toggles', () => {
  it('when days are toggled in any order, then they come out Saturday first without repeats', () => {
    let days = toggle([], 6, WEEKDAYS);
    days = toggle(days, 0, WEEKDAYS);
    days = toggle(days, 3, WEEKDAYS);
    expect(days).toEqual([0, 3, 6]);
    expect(toggle(days, 3, WEEKDAYS)).toEqual([0, 6]);
  });

  it('when modes are toggled, then they keep the list order', () => {
    expect(toggle(toggle([], 'crisis', SERVICE_MODES), 'in_person', SERVICE_MODES)).toEqual(['in_person', 'crisis']);
  });
});

describe('how long a pledge stands', () => {
  it('when "3 months" is chosen, then it stands through the same day three months on (Tehran midnight after)', () => {
    expect(validUntilFor('3m', now)).toEqual(tehran('2027-02-22T00:00:00'));
  });

  it('when "indefinite" is chosen, then there is no end', () => {
    expect(validUntilFor('indefinite', now)).toBeNull();
  });

  it('when a last day is typed, then the pledge stands through it; today or earlier is refused', () => {
    expect(validUntilFromLastDay(tehran('2027-03-20T00:00:00'), now)).toEqual({
      ok: true,
      validUntil: tehran('2027-03-21T00:00:00'),
    });
    expect(validUntilFromLastDay(tehran('2026-11-23T00:00:00'), now)).toEqual({ ok: false, reason: 'past' });
    expect(validUntilFromLastDay(tehran('2026-01-01T00:00:00'), now)).toEqual({ ok: false, reason: 'past' });
  });

  it('when a last day more than ten years ahead is typed (1415 for 1405), then it is refused as too far', () => {
    expect(validUntilFromLastDay(tehran('2037-01-01T00:00:00'), now)).toEqual({ ok: false, reason: 'too_far' });
  });
});

describe('until when (pause, not available)', () => {
  it('when a quick choice is taken, then the end is Tehran midnight of that day', () => {
    expect(untilFor('1d', now)).toEqual(tehran('2026-11-24T00:00:00'));
    expect(untilFor('1w', now)).toEqual(tehran('2026-11-30T00:00:00'));
    expect(untilFor('1m', now)).toEqual(tehran('2026-12-23T00:00:00'));
  });

  it('when a day is typed, then it must be after now and within a year', () => {
    expect(untilFromDay(tehran('2026-12-01T00:00:00'), now)).toEqual({
      ok: true,
      until: tehran('2026-12-01T00:00:00'),
    });
    expect(untilFromDay(tehran('2026-11-23T00:00:00'), now)).toEqual({ ok: false, reason: 'past' });
    expect(untilFromDay(tehran('2028-01-01T00:00:00'), now)).toEqual({ ok: false, reason: 'too_far' });
  });

  it('when a check-in is sent, then the next one is due thirty days later at the same time', () => {
    expect(nextCheckInAfter(now)).toEqual(tehran('2026-12-23T15:30:00'));
  });
});
