import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatTime,
  formatWeekday,
  jalaliNumeric,
} from '../../../../src/domain/text/jalali-format.ts';
import { parseJalaliDate, parseJalaliDateTime } from '../../../../src/domain/text/jalali-parse.ts';
import { toPersianDigits } from '../../../../src/domain/text/persian-text.ts';
import {
  addDays,
  addMonths,
  afterQuietHours,
  fromJalali,
  isQuietHours,
  startOfTehranDay,
  tehranOffsetMinutes,
  tehranParts,
} from '../../../../src/domain/text/tehran-clock.ts';
import { tehran } from '../../../support/volunteer-fixtures.ts';

/** Tehran midnight of a Gregorian day after 2022, when the offset is +03:30 all year. */
const tehranMidnight = (isoDay: string) => new Date(`${isoDay}T00:00:00+03:30`);

const dateOf = (input: string, now?: Date): Date => {
  const result = parseJalaliDate(input, now);
  if (!result.ok) throw new Error(`expected ${input} to parse, got ${result.reason}`);
  return result.date;
};

describe('parseJalaliDate', () => {
  it('when the date is Nowruz 1404 in any accepted spelling, then it is Tehran midnight of 2025-03-21', () => {
    for (const input of [
      '۱۴۰۴/۰۱/۰۱',
      '1404-1-1',
      '١٤٠٤/٠١/٠١',
      '۱ فروردین ۱۴۰۴',
      '1404.01.01',
      '14040101',
      '2025-03-21',
    ]) {
      expect(dateOf(input).toISOString(), input).toBe('2025-03-20T20:30:00.000Z');
    }
  });

  it('when 15 Farvardin 1404 is typed in each usual form, then they all give 2025-04-04', () => {
    const expected = tehranMidnight('2025-04-04').getTime();
    for (const input of [
      '۱۴۰۴/۰۱/۱۵',
      '1404-1-15',
      '۱۵ فروردین ۱۴۰۴',
      '١٥ فروردين ١٤٠٤',
      '۱۵ فروردین‌ماه ۱۴۰۴',
      '15 Farvardin 1404',
    ]) {
      expect(dateOf(input).getTime(), input).toBe(expected);
    }
  });

  it('when a Gregorian ISO date or the English display form is typed, then it is read as Gregorian', () => {
    expect(dateOf('2025-04-04').getTime()).toBe(tehranMidnight('2025-04-04').getTime());
    expect(dateOf('4 Apr 2025').getTime()).toBe(tehranMidnight('2025-04-04').getTime());
    expect(dateOf('April 4, 2025').getTime()).toBe(tehranMidnight('2025-04-04').getTime());
  });

  it('when the date is 30 Esfand, then it exists in leap 1403 (2025-03-20) but not in 1404', () => {
    expect(dateOf('1403/12/30').getTime()).toBe(tehranMidnight('2025-03-20').getTime());
    expect(parseJalaliDate('1404/12/30')).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it('when the day or month does not exist, then the reason is invalid_date', () => {
    for (const input of ['1404/13/01', '1404/07/31', '1404/00/10', '0404/01/01', '2025-02-29', '32 فروردین 1404']) {
      expect(parseJalaliDate(input), input).toEqual({ ok: false, reason: 'invalid_date' });
    }
  });

  it('when the text is not a date, then the reason is format', () => {
    for (const input of ['', 'فردای آن روز', '1404', '04/01/15', 'abc 12', '۱۵ فروردین اردیبهشت']) {
      expect(parseJalaliDate(input), input).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('when the year is left out or the day is relative, then it is taken from now in Tehran', () => {
    const now = new Date('2025-06-01T21:00:00Z'); // already 2 June (12 Khordad 1404) in Tehran
    expect(dateOf('۱۵ فروردین', now).getTime()).toBe(tehranMidnight('2025-04-04').getTime());
    expect(dateOf('امروز', now).getTime()).toBe(tehranMidnight('2025-06-02').getTime());
    expect(dateOf('فردا', now).getTime()).toBe(tehranMidnight('2025-06-03').getTime());
  });

  it('when a date from the DST years is parsed, then Tehran midnight uses the +04:30 offset of that summer', () => {
    expect(dateOf('1401/04/10').toISOString()).toBe('2022-06-30T19:30:00.000Z');
  });

  it('when any day is formatted in fa or en, then parsing the text gives that day back', () => {
    const instants = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, fc.constantFrom('fa' as const, 'en' as const), (d, locale) => {
        expect(dateOf(formatDate(locale, d)).getTime()).toBe(startOfTehranDay(d).getTime());
      }),
    );
  });
});

describe('parseJalaliDateTime', () => {
  it('when a date and HH:mm are typed, then the instant is that Tehran wall-clock time', () => {
    const expected = new Date('2025-04-04T14:30:00+03:30').getTime();
    for (const input of [
      '۱۴۰۴/۰۱/۱۵ ۱۴:۳۰',
      '1404-1-15 14:30',
      '۱۵ فروردین ۱۴۰۴، ساعت ۱۴:۳۰',
      '2025-04-04 14:30',
      '2025-04-04T14:30',
    ]) {
      const result = parseJalaliDateTime(input);
      expect(result.ok && result.date.getTime(), input).toBe(expected);
    }
  });

  it('when the time is impossible, then the reason is invalid_time; without a time it is format', () => {
    expect(parseJalaliDateTime('1404/01/15 24:00')).toEqual({ ok: false, reason: 'invalid_time' });
    expect(parseJalaliDateTime('1404/01/15 12:60')).toEqual({ ok: false, reason: 'invalid_time' });
    expect(parseJalaliDateTime('1404/01/15')).toEqual({ ok: false, reason: 'format' });
    expect(parseJalaliDateTime('1404/12/30 10:00')).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it('when a date-time is formatted and parsed back, then the minute is the same', () => {
    const instants = fc.date({
      min: new Date('2023-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, fc.constantFrom('fa' as const, 'en' as const), (d, locale) => {
        const result = parseJalaliDateTime(formatDateTime(locale, d));
        expect(result.ok && result.date.getTime()).toBe(Math.floor(d.getTime() / 60_000) * 60_000);
      }),
    );
  });
});

describe('Tehran time', () => {
  it('when the offset is read, then it comes from tzdata: +04:30 in summer 2022, +03:30 since', () => {
    expect(tehranOffsetMinutes(new Date('2022-07-01T12:00:00Z'))).toBe(270);
    expect(tehranOffsetMinutes(new Date('2022-09-22T12:00:00Z'))).toBe(210);
    expect(tehranOffsetMinutes(new Date('2025-07-01T12:00:00Z'))).toBe(210);
    expect(tehranOffsetMinutes(new Date('2026-01-01T12:00:00Z'))).toBe(210);
  });

  it('when an instant is split into Tehran parts, then weekdays count from Saturday = 0', () => {
    expect(tehranParts(new Date('2025-03-20T20:30:00Z'))).toEqual({
      gy: 2025,
      gm: 3,
      gd: 21,
      jy: 1404,
      jm: 1,
      jd: 1,
      hour: 0,
      minute: 0,
      second: 0,
      weekday: 6,
    });
    expect(tehranParts(new Date('2025-03-22T08:00:00Z')).weekday).toBe(0);
    expect(formatWeekday('fa', new Date('2025-03-22T08:00:00Z'))).toBe('شنبه');
    expect(formatWeekday('en', new Date('2025-03-21T08:00:00Z'))).toBe('Friday');
  });

  it('when it is 23:59 in Tehran, then the start of the day is that same Tehran day', () => {
    expect(startOfTehranDay(new Date('2025-03-20T20:29:00Z')).toISOString()).toBe('2025-03-19T20:30:00.000Z');
    expect(startOfTehranDay(new Date('2025-03-20T20:30:00Z')).toISOString()).toBe('2025-03-20T20:30:00.000Z');
  });

  it('when months are added, then the Jalali day is clamped to the target month', () => {
    const end = fromJalali(1404, 6, 31, 9, 15);
    expect(tehranParts(addMonths(end, 1))).toMatchObject({ jy: 1404, jm: 7, jd: 30, hour: 9, minute: 15 });
    expect(tehranParts(addMonths(fromJalali(1403, 12, 30), 12))).toMatchObject({ jy: 1404, jm: 12, jd: 29 });
    expect(tehranParts(addMonths(fromJalali(1404, 1, 10), -1))).toMatchObject({ jy: 1403, jm: 12, jd: 10 });
  });

  it('when days are added across a month end, then the wall-clock time is kept', () => {
    const d = addDays(fromJalali(1403, 12, 30, 8, 0), 1);
    expect(tehranParts(d)).toMatchObject({ jy: 1404, jm: 1, jd: 1, hour: 8, minute: 0 });
  });

  it('when the Tehran hour is 22:00–06:59, then it is quiet; from 07:00 it is not', () => {
    const at = (hhmm: string) => new Date(`2025-05-10T${hhmm}:00+03:30`);
    expect(isQuietHours(at('21:59'))).toBe(false);
    expect(isQuietHours(at('22:00'))).toBe(true);
    expect(isQuietHours(at('03:00'))).toBe(true);
    expect(isQuietHours(at('06:59'))).toBe(true);
    expect(isQuietHours(at('07:00'))).toBe(false);
    expect(isQuietHours(at('13:30'), 13, 16)).toBe(true);
    expect(isQuietHours(at('16:00'), 13, 16)).toBe(false);
    expect(isQuietHours(at('03:00'), 0, 0)).toBe(false);
  });

  it('when it is day time in Tehran, then the quiet hours are already over', () => {
    const noon = tehran('2026-11-23T12:00:00');
    expect(afterQuietHours(noon)).toEqual(noon);
    expect(afterQuietHours(tehran('2026-11-23T21:59:00'))).toEqual(tehran('2026-11-23T21:59:00'));
    expect(afterQuietHours(tehran('2026-11-23T14:00:00'), 13, 16)).toEqual(tehran('2026-11-23T16:00:00'));
  });

  it('when it is 22:00 or later, then the quiet hours end at 07:00 the next morning', () => {
    expect(afterQuietHours(tehran('2026-11-23T22:00:00'))).toEqual(tehran('2026-11-24T07:00:00'));
    expect(afterQuietHours(tehran('2026-11-23T23:30:00'))).toEqual(tehran('2026-11-24T07:00:00'));
    // Across a Jalali month and year end (29 Esfand 1404 → 1 Farvardin 1405).
    expect(afterQuietHours(tehran('2026-03-20T23:00:00'))).toEqual(tehran('2026-03-21T07:00:00'));
  });

  it('when it is after midnight and before 07:00, then the quiet hours end at 07:00 the same morning', () => {
    expect(afterQuietHours(tehran('2026-11-24T03:10:00'))).toEqual(tehran('2026-11-24T07:00:00'));
    expect(afterQuietHours(tehran('2026-11-24T06:59:00'))).toEqual(tehran('2026-11-24T07:00:00'));
  });
});

describe('formatting', () => {
  const d = new Date('2025-04-04T05:35:00Z'); // 09:05 in Tehran on 15 Farvardin 1404

  it('when a date is formatted, then fa is Jalali with Persian digits and en is Gregorian', () => {
    expect(formatDate('fa', d)).toBe('۱۵ فروردین ۱۴۰۴');
    expect(formatDate('en', d)).toBe('4 Apr 2025');
  });

  it('when a date is written as numbers, then it reads back through the parser as the same Tehran minute', () => {
    expect(jalaliNumeric(d)).toBe('1404/01/15');
    expect(jalaliNumeric(d, true)).toBe('1404/01/15 09:05');
    const parsed = parseJalaliDateTime(jalaliNumeric(d, true), d);
    expect(parsed.ok && parsed.date.getTime()).toBe(d.getTime());
  });

  it('when a time or date-time is formatted, then it is the 24-hour Tehran time', () => {
    expect(formatTime('fa', d)).toBe('۰۹:۰۵');
    expect(formatTime('en', d)).toBe('09:05');
    expect(formatDateTime('fa', d)).toBe('۱۵ فروردین ۱۴۰۴، ساعت ۰۹:۰۵');
    expect(formatDateTime('en', d)).toBe('4 Apr 2025, 09:05');
  });

  it('when the UTC date is still the day before, then the Tehran date is shown', () => {
    expect(formatDate('en', new Date('2025-03-20T21:00:00Z'))).toBe('21 Mar 2025');
    expect(formatDate('fa', new Date('2025-03-20T21:00:00Z'))).toBe('۱ فروردین ۱۴۰۴');
  });

  it('when any instant from 1990 to 2040 is formatted, then the Intl Persian calendar agrees with jalaali-js day by day', () => {
    const months = [
      'فروردین',
      'اردیبهشت',
      'خرداد',
      'تیر',
      'مرداد',
      'شهریور',
      'مهر',
      'آبان',
      'آذر',
      'دی',
      'بهمن',
      'اسفند',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01Z'), max: new Date('2040-12-31Z'), noInvalidDate: true }),
        (at) => {
          const p = tehranParts(at);
          expect(formatDate('fa', at)).toBe(toPersianDigits(`${p.jd} ${months[p.jm - 1]} ${p.jy}`));
          expect(formatTime('en', at)).toBe(`${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('when a Thursday is named, then it is written «پنج‌شنبه» with its ZWNJ', () => {
    expect(formatWeekday('fa', new Date('2025-04-03T10:00:00Z'))).toBe('پنج‌شنبه');
  });
});
