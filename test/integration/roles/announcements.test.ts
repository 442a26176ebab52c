import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const { services } = bed;

const doctor = await bed.volunteer({ province: 'tehran' });
const nurse = await bed.volunteer({ province: 'tehran', group: 'nursing', specialty: 'nurse', locale: 'en' });
await bed.volunteer({ province: 'tehran', status: 'paused', pausedUntil: tehran('2027-01-01T00:00:00') });
await bed.volunteer({ province: 'tehran', reachable: false });
await bed.volunteer({ province: 'fars', reachProvinces: ['fars'] });
const coordinator = await bed.coordinator(['tehran']);
const from = { platform: 'bale' as const, chatId: coordinator.key.slice(5), locale: 'fa' as const };

describe('announcements (real database, outbox recorded)', () => {
  it('when a coordinator announces in the day, then active reachable volunteers of their province are queued now', async () => {
    bed.clock.set(tehran('2026-11-23T12:00:00'));
    const preview = await services.announcements.preview(coordinator, { text: 'سلام' });
    expect(preview).toEqual({ recipients: 2, sendAt: tehran('2026-11-23T12:00:00'), deferred: false });
    const sent = await services.announcements.send(coordinator, { text: 'جلسه‌ی هماهنگی فردا' }, from);
    const batch = bed.queued.at(-1)!;
    expect(batch.campaignId).toBe(sent.campaignId);
    expect(batch.notBefore).toEqual(tehran('2026-11-23T12:00:00'));
    expect(batch.progress).toEqual(from);
    expect(batch.deliveries.map((d) => d.userKey).sort()).toEqual([doctor.key, nurse.key].sort());
    // Each in their own language.
    expect(batch.deliveries.find((d) => d.userKey === nurse.key)?.text).toContain(
      'A message from your Nazr coordinator',
    );
    expect(batch.deliveries.find((d) => d.userKey === doctor.key)?.text).toContain('جلسه‌ی هماهنگی فردا');
    const [entry] = await services.audit.recent(1, { action: 'announcement.sent' });
    expect(entry).toMatchObject({ actor: coordinator.key, target: sent.campaignId, details: { recipients: 2 } });
  });

  it('when it is 23:00 in Tehran, then the announcement is queued for 07:00 the next morning', async () => {
    bed.clock.set(tehran('2026-11-23T23:00:00'));
    const sent = await services.announcements.send(coordinator, { text: 'یادآوری' }, from);
    expect(sent).toMatchObject({ deferred: true, sendAt: tehran('2026-11-24T07:00:00') });
    expect(bed.queued.at(-1)?.notBefore).toEqual(tehran('2026-11-24T07:00:00'));
  });

  it('when filtered by profession, then only that profession is queued', async () => {
    bed.clock.set(tehran('2026-11-23T12:00:00'));
    await services.announcements.send(coordinator, { text: 'پرستاران', group: 'nursing' }, from);
    expect(bed.queued.at(-1)?.deliveries.map((d) => d.userKey)).toEqual([nurse.key]);
  });

  it('when a coordinator targets another province or a volunteer announces, then nothing is queued', async () => {
    const before = bed.queued.length;
    await expect(services.announcements.send(coordinator, { text: 'x', province: 'fars' }, from)).rejects.toMatchObject(
      { code: 'out_of_scope' },
    );
    const volunteer = await services.authorization.actorOf(doctor.key);
    await expect(services.announcements.send(volunteer, { text: 'x' }, from)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(bed.queued.length).toBe(before);
  });
});
