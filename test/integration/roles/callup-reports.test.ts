import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/domain/callups/invitation.ts';
import { createCallUpReportRepository } from '../../../src/persistence/repositories/callup-report.repository.ts';
import { createExportService } from '../../../src/services/exports/export.service.ts';
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const fa = bed.i18n.fixedT('fa');
const source = createCallUpReportRepository(database.models);
bed.clock.set(tehran('2026-11-23T12:00:00'));

const created = tehran('2026-11-20T10:00:00');
/** As stored: the domain's call-up and invitation with their `_id`. */
const callUp = (id: string, province: string, filledAt: Date | null) => {
  const { id: _id, ...rest } = aCallUp({
    id,
    title: `زلزله ${id}`,
    description: '—',
    province,
    city: 'شهر',
    needs: [{ specialty: 'gp', count: 2 }],
    startsAt: created,
    durationHours: 8,
    meetingPoint: '—',
    contact: '—',
    coordinator: { key: 'bale:1', platform: 'bale', chatId: '1', locale: 'fa' },
    statusMessageId: null,
    reachProvinces: [province],
    lastWaveAt: null,
    filledAt,
    createdAt: created,
    updatedAt: created,
  });
  return { _id, ...rest };
};
const answer = (
  callUpId: string,
  volunteerKey: string,
  value: Answer,
  province = 'tehran',
  withdrawnAt: Date | null = null,
) => ({
  _id: `${callUpId}:${volunteerKey}`,
  ...anInvitation(callUpId, volunteerKey, {
    province,
    invitedAt: created,
    withdrawnAt,
    answer: value,
    etaMinutes: value === 'late' ? 60 : null,
    answeredAt: value === 'none' ? null : new Date(created.getTime() + 5 * 60_000),
  }),
});

const coming = await bed.volunteer({ name: 'آرش نوری', province: 'tehran' });
const late = await bed.volunteer({ name: 'لیلا صدری', province: 'tehran' });
const declined = await bed.volunteer({ name: 'کاوه مهر', province: 'tehran' });
const gone = await bed.volunteer({ name: 'پاک‌شده', province: 'tehran' });
await database.models.callUps.create([
  callUp('t1', 'tehran', new Date(created.getTime() + 40 * 60_000)),
  callUp('f1', 'fars', null),
] as never);
await database.models.callUpAnswers.create([
  // Invited by distance: their ring is kept with the invitation.
  { ...answer('t1', coming.key, 'yes'), distanceBand: 'under5' },
  answer('t1', late.key, 'late'),
  answer('t1', declined.key, 'no'),
  answer('t1', gone.key, 'yes'),
  answer('t1', 'bale:99999', 'none'),
  // Their card was cancelled before it went out (the need was met): they were never asked.
  answer('t1', 'bale:77777', 'none', 'tehran', created),
  answer('f1', 'bale:88888', 'none', 'fars'),
] as never);
await bed.repositories.volunteers.erase(gone.key, 'erased:remainder');
const coordinator = await bed.coordinator(['tehran']);

describe('call-up figures for reports and exports (real database)', () => {
  it('when recent call-ups of a province are read, then invitations (not the withdrawn), answers and fill time are summed per call-up', async () => {
    const outcomes = await source.recent({ kind: 'provinces', provinces: ['tehran'] }, tehran('2026-11-01T00:00:00'));
    expect(outcomes).toEqual([
      {
        id: 't1',
        province: 'tehran',
        createdAt: created,
        invited: 5,
        answered: 4,
        confirmed: 3,
        needed: 2,
        filledAt: new Date(created.getTime() + 40 * 60_000),
      },
    ]);
    expect(await source.recent({ kind: 'country' }, tehran('2026-11-21T00:00:00'))).toEqual([]);
  });

  it('when a coordinator reports on their province, then the call-up rates are in the figures', async () => {
    const { createReportsService } = await import('../../../src/services/reports/reports.service.ts');
    const reports = createReportsService({
      volunteers: bed.repositories.volunteers,
      callUps: source,
      authorization: bed.services.authorization,
      now: bed.clock.now,
    });
    const stats = await reports.stats(coordinator);
    expect(stats.callUps).toMatchObject({ count: 1, invited: 5, answered: 4, answerRate: 0.8, medianFillMinutes: 40 });
  });

  it('when a call-up’s answers are exported, then erased volunteers are left out and it is audited', async () => {
    const exports = createExportService({
      volunteers: bed.repositories.volunteers,
      callUps: source,
      authorization: bed.services.authorization,
      audit: bed.services.audit,
      now: bed.clock.now,
    });
    const file = await exports.callUpAnswers(coordinator, { callUpId: 't1', format: 'csv', locale: 'fa', t: fa });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    expect(header).toBe(
      'نام و نام خانوادگی,شماره‌ی همراه,وضعیت شماره‌ی همراه,تخصص,استان,پاسخ,تأخیر اعلام‌شده (دقیقه),زمان پاسخ,فاصله,پاسخ از طریق پایگاه',
    );
    expect(rows.sort()).toEqual(
      [
        `آرش نوری,${coming.mobile},تأییدنشده (نوشته‌شده),پزشک عمومی,تهران,می‌آیم,,1405/08/29 10:05,کمتر از ۵ کیلومتر,`,
        `لیلا صدری,${late.mobile},تأییدنشده (نوشته‌شده),پزشک عمومی,تهران,با تأخیر می‌آیم,60,1405/08/29 10:05,,`,
        `کاوه مهر,${declined.mobile},تأییدنشده (نوشته‌شده),پزشک عمومی,تهران,نمی‌توانم,,1405/08/29 10:05,,`,
      ].sort(),
    );
    expect(text).not.toContain('پاک‌شده');
    const [entry] = await bed.services.audit.recent(1, { action: 'export.callup' });
    expect(entry).toMatchObject({ actor: coordinator.key, target: 't1', province: 'tehran', details: { rows: 3 } });

    await expect(
      exports.callUpAnswers(coordinator, { callUpId: 'f1', format: 'csv', locale: 'fa', t: fa }),
    ).rejects.toMatchObject({ code: 'out_of_scope' });
  });
});
