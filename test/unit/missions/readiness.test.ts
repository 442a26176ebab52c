import { describe, expect, it } from 'vitest';
import { type MissionAnswerState, mayCreateMission, nextOnShortlist } from '../../../src/domain/missions/mission.ts';
import {
  EMPTY_MISSION_PLEDGE,
  type MissionPledge,
  missionPledgeSchema,
  passportValidAt,
} from '../../../src/domain/missions/mission-pledge.ts';
import {
  exclusionReasons,
  type MissionRequirements,
  missionDays,
  summariseReadiness,
} from '../../../src/domain/missions/readiness.ts';
import { dueMissionReminders } from '../../../src/domain/missions/reminders.ts';
import { COUNTRIES, LANGUAGES, MISSION_VACCINATIONS, TRAININGS } from '../../../src/domain/reference/mission-lists.ts';
import { fromJalali } from '../../../src/domain/text/tehran-clock.ts';

// A three-week mission in Iraq, 1 to 21 Mehr 1405; a passport must be valid 6 months after the return.
const req = (overrides: Partial<MissionRequirements> = {}): MissionRequirements => ({
  abroad: true,
  startsOn: fromJalali(1405, 7, 1),
  endsOn: fromJalali(1405, 7, 21),
  passportMonthsAfterReturn: 6,
  languages: [{ code: 'arabic', minLevel: 'working' }],
  trainings: ['atls'],
  vaccinations: ['meningococcal'],
  ...overrides,
});

const ready = (overrides: Partial<MissionPledge> = {}): MissionPledge => ({
  ...EMPTY_MISSION_PLEDGE,
  abroad: true,
  homeWeeks: 2,
  passportExpiry: { jy: 1407, jm: 1 },
  languages: [{ code: 'arabic', level: 'fluent' }],
  trainings: ['atls', 'pfa'],
  vaccinations: [{ code: 'meningococcal', date: fromJalali(1403, 5, 10) }],
  ...overrides,
});

describe('mission lists', () => {
  it('when the data file loads, then the lists hold the languages, trainings, vaccinations and countries named', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(expect.arrayContaining(['arabic', 'english', 'urdu', 'dari']));
    expect(TRAININGS.map((t) => t.code)).toEqual(expect.arrayContaining(['hope', 'atls', 'phtls', 'cbrn', 'pfa']));
    expect(MISSION_VACCINATIONS.find((v) => v.code === 'yellow_fever')?.validityYears).toBeNull();
    expect(COUNTRIES.at(-1)?.code).toBe('other');
  });
});

describe('mission readiness', () => {
  it('when everything fits, then no reason excludes the volunteer', () => {
    expect(exclusionReasons(ready(), req())).toEqual([]);
    expect(missionPledgeSchema.safeParse(ready()).success).toBe(true);
  });

  it('when the passport expires within 6 months of the return, then it does not count', () => {
    // Return 21 Mehr 1405; + 6 months = 21 Farvardin 1406; a passport of Farvardin 1406 may expire on the 1st.
    expect(passportValidAt({ jy: 1406, jm: 1 }, req().endsOn, 6)).toBe(false);
    expect(passportValidAt({ jy: 1406, jm: 2 }, req().endsOn, 6)).toBe(true);
    expect(exclusionReasons(ready({ passportExpiry: null }), req())).toEqual([{ kind: 'passport' }]);
  });

  it('when the language level is too weak and a vaccination lapsed, then both reasons are given', () => {
    const pledge = ready({
      languages: [{ code: 'arabic', level: 'basic' }],
      vaccinations: [{ code: 'meningococcal', date: fromJalali(1399, 1, 1) }],
    });
    expect(exclusionReasons(pledge, req())).toEqual([
      { kind: 'language', code: 'arabic' },
      { kind: 'vaccination', code: 'meningococcal' },
    ]);
  });

  it('when a home mission lasts longer than the weeks offered, then the volunteer is excluded; 4 means 4 or more', () => {
    const home = req({
      abroad: false,
      passportMonthsAfterReturn: null,
      languages: [],
      trainings: [],
      vaccinations: [],
    });
    expect(missionDays(home)).toBe(21);
    expect(exclusionReasons(ready({ homeWeeks: 2 }), home)).toEqual([{ kind: 'too_long' }]);
    expect(exclusionReasons(ready({ homeWeeks: 3 }), home)).toEqual([]);
    expect(exclusionReasons(ready({ homeWeeks: 4 }), { ...home, endsOn: fromJalali(1405, 9, 1) })).toEqual([]);
  });

  it('when counting a pool, then the summary says how many fit and how many each reason excludes', () => {
    const pool = [ready(), ready({ passportExpiry: null }), ready({ passportExpiry: null, languages: [] }), null];
    const summary = summariseReadiness(pool, req());
    expect(summary.ready).toBe(1);
    expect(summary.exclusions).toEqual([
      { reason: { kind: 'passport' }, count: 2 },
      { reason: { kind: 'language', code: 'arabic' }, count: 1 },
      { reason: { kind: 'no_mission_pledge' }, count: 1 },
    ]);
  });
});

describe('mission reminders', () => {
  it('when the passport expires within 6 months, then one reminder is due, and not again once sent', () => {
    const now = fromJalali(1406, 8, 15);
    const due = dueMissionReminders(ready(), now, []);
    expect(due.map((r) => r.kind)).toEqual(['passport']);
    expect(
      dueMissionReminders(
        ready(),
        now,
        due.map((r) => r.key),
      ),
    ).toEqual([]);
    expect(dueMissionReminders(ready(), fromJalali(1406, 1, 15), [])).toEqual([]);
  });

  it('when a vaccination has lapsed, then a reminder names it', () => {
    const pledge = ready({ passportExpiry: null, vaccinations: [{ code: 'cholera', date: fromJalali(1402, 1, 1) }] });
    const due = dueMissionReminders(pledge, fromJalali(1405, 1, 1), []);
    expect(due).toMatchObject([{ kind: 'vaccination', code: 'cholera' }]);
  });
});

describe('mission scope and shortlist order', () => {
  const all = ['tehran', 'fars', 'qom'];
  it('when a coordinator covers only some provinces, then abroad is refused and home only in their provinces', () => {
    expect(mayCreateMission(['tehran'], { kind: 'abroad' }, all)).toBe(false);
    expect(mayCreateMission(['tehran'], { kind: 'home', province: 'tehran' }, all)).toBe(true);
    expect(mayCreateMission(['tehran'], { kind: 'home', province: 'fars' }, all)).toBe(false);
    expect(mayCreateMission(all, { kind: 'abroad' }, all)).toBe(true);
    expect(mayCreateMission(null, { kind: 'abroad' }, all)).toBe(true);
  });

  it('when someone withdraws, then the next offered is the earliest volunteer not confirmed', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
    const answer = (volunteerKey: string, state: MissionAnswerState, minute: number) => ({
      missionId: 'm',
      volunteerKey,
      state,
      volunteeredAt: at(minute),
    });
    const next = nextOnShortlist([
      answer('a', 'confirmed', 1),
      answer('b', 'withdrawn', 2),
      answer('c', 'regretted', 4),
      answer('d', 'regretted', 3),
      answer('e', 'declined', 0),
    ]);
    expect(next?.volunteerKey).toBe('d');
  });
});
