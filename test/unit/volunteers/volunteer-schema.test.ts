import { describe, expect, it } from 'vitest';
import { registrationSchema, volunteerSchema } from '../../../src/domain/volunteers/volunteer.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const { status: _s, pausedUntil: _p, ...registration } = aVolunteer();

describe('the registration schema (checked before anything is written)', () => {
  it('when a complete form is given, then it passes', () => {
    expect(registrationSchema.safeParse(registration).success).toBe(true);
  });

  it('when the specialty does not belong to the group, then it fails on specialty', () => {
    const result = registrationSchema.safeParse({ ...registration, group: 'nursing' });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('specialty');
  });

  it('when "other" comes without words, or words come without "other", then it fails on specialtyOther', () => {
    const other = registrationSchema.safeParse({ ...registration, specialty: 'other', specialtyOther: null });
    expect(other.error?.issues.map((i) => i.path.join('.'))).toContain('specialtyOther');
    const stray = registrationSchema.safeParse({ ...registration, specialtyOther: 'طب سنتی' });
    expect(stray.error?.issues.map((i) => i.path.join('.'))).toContain('specialtyOther');
  });

  it('when values are out of bounds, then each field is reported', () => {
    const result = registrationSchema.safeParse({
      ...registration,
      mobile: '09121234567',
      hoursPerMonth: 0,
      days: [],
      windows: ['dawn'],
      province: 'atlantis',
      note: 'x'.repeat(501),
    });
    const paths = result.error?.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['mobile', 'hoursPerMonth', 'days', 'windows', 'province', 'note']));
  });

  it('when a day repeats, then it fails', () => {
    expect(registrationSchema.safeParse({ ...registration, days: [1, 1] }).success).toBe(false);
  });
});

describe('the volunteer schema', () => {
  it('when a pledge is paused without an end of the pause (or has one while active), then it fails', () => {
    expect(volunteerSchema.safeParse(aVolunteer({ status: 'paused' })).success).toBe(false);
    expect(volunteerSchema.safeParse(aVolunteer({ pausedUntil: tehran('2026-12-01T00:00:00') })).success).toBe(false);
    expect(
      volunteerSchema.safeParse(aVolunteer({ status: 'paused', pausedUntil: tehran('2026-12-01T00:00:00') })).success,
    ).toBe(true);
  });

  it('when the reach list misses the own province, then it fails', () => {
    expect(volunteerSchema.safeParse(aVolunteer({ reachProvinces: ['qom'] })).success).toBe(false);
  });
});
