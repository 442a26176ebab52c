import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const { services, admin } = bed;
const fa = bed.i18n.fixedT('fa');
bed.clock.set(tehran('2026-11-23T12:00:00'));

// Tehran: 3 physicians (one paused, one away), 2 nurses (one crisis-only); Isfahan: 1 dentist with 12 hours served.
await bed.volunteer({ province: 'tehran', hoursPerMonth: 10 });
await bed.volunteer({
  province: 'tehran',
  status: 'paused',
  pausedUntil: tehran('2027-01-01T00:00:00'),
  hoursPerMonth: 4,
});
await bed.volunteer({ province: 'tehran', unavailableUntil: tehran('2026-12-01T00:00:00'), hoursPerMonth: 6 });
await bed.volunteer({ province: 'tehran', group: 'nursing', specialty: 'nurse', hoursPerMonth: 20, hoursServed: 3 });
await bed.volunteer({ province: 'tehran', group: 'nursing', specialty: 'nurse', hoursPerMonth: null });
await bed.volunteer({
  province: 'isfahan',
  reachProvinces: ['isfahan'],
  group: 'dentistry',
  specialty: 'dentist',
  hoursServed: 12,
  licence: { body: 'irimc', number: '9', digits: '9', status: 'verified' },
});
const tehranCoordinator = await bed.coordinator(['tehran']);

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('reports (real database)', () => {
  it('when a coordinator asks for /stats, then the figures are those of their province only', async () => {
    const stats = await services.reports.stats(tehranCoordinator);
    expect(stats.volunteers).toBe(5);
    expect(stats.byGroup).toEqual([
      { code: 'physician', count: 3 },
      { code: 'nursing', count: 2 },
    ]);
    expect(stats.pledges).toEqual({ active: 4, paused: 1, ended: 0 });
    expect(stats.hoursPerMonth).toBe(36);
    expect(stats.crisisOnly).toBe(1);
    expect(stats.availableNow).toBe(3);
    expect(stats.hoursServed).toBe(3);
    expect(stats.callUps).toMatchObject({ count: 0, answerRate: null });
  });

  it('when the chart is drawn, then it is a real PNG and shows the same numbers as the figures', async () => {
    const report = await services.reports.report(tehranCoordinator, undefined, 'fa', fa);
    expect([...report.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(report.png).width).toBe(960);
    expect(pngSize(report.png).height).toBeGreaterThan(400);
    expect(report.png.byteLength).toBeGreaterThan(10_000);
    const [groups, specialties, pledges, callUps] = report.chart.sections;
    expect(groups?.bars).toEqual([
      { label: 'پزشکی', value: 3 },
      { label: 'پرستاری', value: 2 },
    ]);
    expect(specialties?.bars.map((b) => b.value)).toEqual([3, 2]);
    expect(pledges?.bars.map((b) => b.value)).toEqual([4, 1, 3, 0]);
    expect(callUps?.bars).toEqual([]);
    expect(report.chart.title).toBe('گزارش نذر تخصص — تهران');
    expect(report.summary).toContain('داوطلبان ثبت‌نام‌شده: ۵');
    expect(report.summary).toContain('ساعت نذر در ماه: ۳۶');
    expect(report.summary).toContain('در ۳۰ روز اخیر فراخوانی ثبت نشده است.');
    // For a person to look at: the file viewer shows it.
    await writeFile(join(tmpdir(), 'nazr-stats-test.png'), report.png);
  });

  it('when an admin asks for the country, then every province and the erased volunteers’ hours count', async () => {
    const gone = await bed.volunteer({ province: 'qom', reachProvinces: ['qom'], hoursServed: 7 });
    await bed.repositories.volunteers.erase(gone.key, 'erased:remainder');
    const stats = await services.reports.stats(admin);
    expect(stats.volunteers).toBe(6);
    expect(stats.hoursServed).toBe(3 + 12 + 7);
    expect(stats.licences.verified).toBe(1);
  });

  it('when an admin chooses a province, then only that province is reported', async () => {
    const stats = await services.reports.stats(admin, 'isfahan');
    expect(stats).toMatchObject({ volunteers: 1, byGroup: [{ code: 'dentistry', count: 1 }], hoursServed: 12 });
  });

  it('when a coordinator asks for another province, then it is refused and logged', async () => {
    await expect(services.reports.stats(tehranCoordinator, 'isfahan')).rejects.toMatchObject({ code: 'out_of_scope' });
    const [entry] = await services.audit.recent(1, { action: 'access.refused' });
    expect(entry).toMatchObject({ actor: tehranCoordinator.key, province: 'isfahan', details: { attempt: 'stats' } });
  });

  it('when the call-up module reports recent call-ups, then the answer rate and fill time are in the report', async () => {
    const { createReportsService } = await import('../../../src/services/reports/reports.service.ts');
    const created = tehran('2026-11-20T10:00:00');
    const reports = createReportsService({
      volunteers: bed.repositories.volunteers,
      authorization: services.authorization,
      now: bed.clock.now,
      callUps: {
        recent: async (scope) =>
          scope.kind === 'provinces' && scope.provinces.includes('tehran')
            ? [
                {
                  id: 'c1',
                  province: 'tehran',
                  createdAt: created,
                  invited: 12,
                  answered: 9,
                  confirmed: 4,
                  needed: 4,
                  filledAt: new Date(created.getTime() + 45 * 60_000),
                },
              ]
            : [],
      },
    });
    const report = await reports.report(tehranCoordinator, undefined, 'fa', fa);
    expect(report.stats.callUps).toMatchObject({ count: 1, answerRate: 0.75, medianFillMinutes: 45 });
    expect(report.chart.sections[3]?.bars).toEqual([
      { label: 'نرخ پاسخ', value: 0.75, display: '۷۵٪' },
      { label: 'فراخوان‌های تکمیل‌شده', value: 1, display: '۱۰۰٪' },
    ]);
    expect(report.summary).toContain('میانه‌ی زمان تکمیل ۴۵ دقیقه');
  });
});
