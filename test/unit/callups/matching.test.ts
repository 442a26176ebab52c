import { describe, expect, it } from 'vitest';
import { type MatchCriteria, matchesCallUp } from '../../../src/domain/callups/matching.ts';
import { windowOf } from '../../../src/domain/callups/pledged-time.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

// 2026-01-10 is a Saturday (weekday 0); the fixture pledges Saturdays and Mondays, mornings.
const saturdayMorning = tehran('2026-01-10T09:00:00');
const now = tehran('2026-01-09T10:00:00');
const criteria = (overrides: Partial<MatchCriteria> = {}): MatchCriteria => ({
  specialties: ['gp'],
  provinces: ['tehran'],
  urgency: 'scheduled',
  startsAt: saturdayMorning,
  ...overrides,
});

describe('call-up matching rule', () => {
  it('when the pledge fits specialty, province, mode and pledged time, then the volunteer matches', () => {
    expect(matchesCallUp(aVolunteer(), criteria(), now)).toBe(true);
  });

  it('when a planned call-up falls outside the pledged windows, then no; an urgent one ignores the windows', () => {
    const evening = tehran('2026-01-10T19:00:00');
    expect(windowOf(evening)).toBe('evening');
    expect(matchesCallUp(aVolunteer(), criteria({ startsAt: evening }), now)).toBe(false);
    expect(matchesCallUp(aVolunteer(), criteria({ startsAt: evening, urgency: 'immediate' }), now)).toBe(true);
  });

  it('when the volunteer is away until after the start, then never, even for an immediate call-up', () => {
    const away = aVolunteer({ unavailableUntil: tehran('2026-01-11T00:00:00') });
    expect(matchesCallUp(away, criteria({ urgency: 'immediate' }), now)).toBe(false);
    const back = aVolunteer({ unavailableUntil: tehran('2026-01-10T08:00:00') });
    expect(matchesCallUp(back, criteria(), now)).toBe(true);
  });

  it('when the pledge is paused, ended, without crisis mode, unreachable or elsewhere, then no', () => {
    const cases = [
      aVolunteer({ status: 'paused', pausedUntil: tehran('2026-02-01T00:00:00') }),
      aVolunteer({ validUntil: tehran('2026-01-09T00:00:00') }),
      aVolunteer({ modes: ['remote'] }),
      aVolunteer({ reachable: false }),
      aVolunteer({ province: 'fars', reachProvinces: ['fars'] }),
      aVolunteer({ specialty: 'nurse', group: 'nursing' }),
    ];
    for (const v of cases) expect(matchesCallUp(v, criteria(), now)).toBe(false);
  });

  it('when a volunteer travels anywhere or reaches a neighbour, then a call-up there finds them', () => {
    expect(
      matchesCallUp(aVolunteer({ reachAnywhere: true }), criteria({ provinces: ['sistan_baluchestan'] }), now),
    ).toBe(true);
    const neighbour = aVolunteer({ reachProvinces: ['tehran', 'alborz'] });
    expect(matchesCallUp(neighbour, criteria({ provinces: ['alborz'] }), now)).toBe(true);
  });

  it('when a pause ended before the job noticed, then the pledge counts as active', () => {
    const pauseOver = aVolunteer({ status: 'paused', pausedUntil: tehran('2026-01-09T00:00:00') });
    expect(matchesCallUp(pauseOver, criteria(), now)).toBe(true);
  });
});
