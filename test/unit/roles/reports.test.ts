import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/services/exports/table-files.ts';
import { jalaliCell } from '../../../src/services/exports/volunteer-table.ts';
import { barChartSvg } from '../../../src/services/reports/bar-chart.svg.ts';
import { callUpFigures, computeScopeStats } from '../../../src/services/reports/scope-stats.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const now = tehran('2026-11-23T12:00:00');

describe('report figures', () => {
  it('when volunteers of several kinds are counted, then each figure matches them', () => {
    const stats = computeScopeStats({
      scope: { kind: 'provinces', provinces: ['tehran'] },
      now,
      callUpDays: 30,
      callUps: [],
      volunteers: [
        aVolunteer({ key: 'bale:1', hoursPerMonth: 10, hoursServed: 4 }),
        aVolunteer({ key: 'bale:2', group: 'nursing', specialty: 'nurse', hoursPerMonth: null }),
        aVolunteer({ key: 'bale:3', status: 'paused', pausedUntil: tehran('2027-01-01T00:00:00'), hoursPerMonth: 20 }),
        aVolunteer({ key: 'bale:4', unavailableUntil: tehran('2026-12-01T00:00:00'), hoursPerMonth: 5 }),
        aVolunteer({ key: 'bale:5', status: 'withdrawn', hoursServed: 6 }),
        aVolunteer({
          key: 'bale:6',
          licence: { body: 'irimc', number: '1', digits: '1', status: 'verified' },
          validUntil: tehran('2026-11-01T00:00:00'),
        }),
      ],
    });
    expect(stats.volunteers).toBe(6);
    expect(stats.byGroup).toEqual([
      { code: 'physician', count: 5 },
      { code: 'nursing', count: 1 },
    ]);
    expect(stats.topSpecialties[0]).toEqual({ code: 'gp', count: 5 });
    // bale:6's pledge ended on 1 Nov, so it counts as ended even before the daily job marks it.
    expect(stats.pledges).toEqual({ active: 3, paused: 1, ended: 2 });
    expect(stats.hoursPerMonth).toBe(15);
    expect(stats.crisisOnly).toBe(1);
    expect(stats.availableNow).toBe(2);
    expect(stats.licences).toEqual({ verified: 1, unverified: 5, rejected: 0 });
    expect(stats.hoursServed).toBe(10);
  });

  it('when call-ups are summarised, then the answer rate and the median fill time follow', () => {
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    const figures = callUpFigures([
      {
        id: 'a',
        province: 'tehran',
        createdAt: at(0),
        invited: 10,
        answered: 8,
        confirmed: 3,
        needed: 3,
        filledAt: at(20),
      },
      {
        id: 'b',
        province: 'tehran',
        createdAt: at(0),
        invited: 10,
        answered: 2,
        confirmed: 1,
        needed: 4,
        filledAt: null,
      },
      {
        id: 'c',
        province: 'tehran',
        createdAt: at(0),
        invited: 5,
        answered: 5,
        confirmed: 2,
        needed: 2,
        filledAt: at(40),
      },
    ]);
    expect(figures).toMatchObject({ count: 3, invited: 25, answered: 15, answerRate: 0.6, filled: 2 });
    expect(figures.medianFillMinutes).toBe(30);
    expect(callUpFigures([])).toMatchObject({ count: 0, answerRate: null, medianFillMinutes: null });
  });

  it('when a Persian chart is drawn, then labels sit on the right, right to left, with Persian digits', () => {
    const svg = barChartSvg({
      locale: 'fa',
      title: 'گزارش',
      subtitle: '۲ آذر',
      emptyLabel: '—',
      sections: [{ title: 'حرفه', bars: [{ label: 'پرستاری', value: 12 }] }],
    });
    expect(svg).toContain('text-anchor="end">\u200Fپرستاری</text>');
    expect(svg).toContain('>۱۲</text>');
    expect(svg).not.toMatch(/>12</);
  });
});

describe('export files', () => {
  it('when a CSV is written, then it has a BOM, CRLF lines, quoting, and formulas cannot run', () => {
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      toCsv({
        sheetName: 's',
        headers: ['نام', 'شهر'],
        rows: [
          ['=HYPERLINK("x")', 'تهران، ونک'],
          ['+98912', 3],
          ['-1+2', '@SUM(A1)'],
        ],
        rightToLeft: true,
      }),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFنام,شهر\r\n"\'=HYPERLINK(""x"")",تهران، ونک\r\n+98912,3\r\n\'-1+2,\'@SUM(A1)\r\n');
  });

  it('when a date is written, then it is the Jalali day in Tehran, zero-padded', () => {
    expect(jalaliCell(tehran('2025-04-04T00:30:00'))).toBe('1404/01/15');
    expect(jalaliCell(null)).toBe('');
  });
});
