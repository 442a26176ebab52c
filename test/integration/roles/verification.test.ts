import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/database.ts';
import { createStaffTestbed } from '../../support/staff.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const bed = await createStaffTestbed(database);
const { services } = bed;
bed.clock.set(tehran('2026-11-23T12:00:00'));

const licence = (number: string) => ({ body: 'irimc' as const, number, digits: number, status: 'unverified' as const });
const first = await bed.volunteer({
  province: 'tehran',
  licence: licence('111'),
  registeredAt: tehran('2026-01-01T10:00:00'),
});
const second = await bed.volunteer({
  province: 'tehran',
  licence: licence('222'),
  registeredAt: tehran('2026-02-01T10:00:00'),
});
const inFars = await bed.volunteer({ province: 'fars', reachProvinces: ['fars'], licence: licence('333') });
await bed.volunteer({ province: 'tehran', licence: null, specialty: 'relief_worker', group: 'relief_support' });
const coordinator = await bed.coordinator(['tehran']);

describe('verification queue (real database)', () => {
  it('when a coordinator opens the queue, then the unverified of their province come oldest first', async () => {
    const { entries, more } = await services.verification.queue(coordinator);
    expect(entries.map((e) => e.key)).toEqual([first.key, second.key]);
    expect(entries[0]).toMatchObject({ name: first.name, licenceNumber: '111', city: first.city, group: 'physician' });
    expect(more).toBe(false);
  });

  it('when a coordinator verifies, then the volunteer is marked, told, and the audit log has it', async () => {
    const result = await services.verification.verify(coordinator, first.key);
    expect(result.outcome).toBe('done');
    expect((await bed.repositories.volunteers.get(first.key))?.licence?.status).toBe('verified');
    expect(bed.sent.at(-1)).toMatchObject({ to: { platform: 'bale', chatId: first.chatId } });
    expect(bed.sent.at(-1)?.message.text).toContain('تأیید شد');
    const [entry] = await services.audit.recent(1, { action: 'volunteer.verified' });
    expect(entry).toMatchObject({ actor: coordinator.key, target: first.key, province: 'tehran' });
    expect((await services.verification.verify(coordinator, first.key)).outcome).toBe('already');
  });

  it('when a coordinator rejects with a reason, then the volunteer reads the reason', async () => {
    await services.verification.reject(coordinator, second.key, 'شماره در سامانه پیدا نشد');
    expect((await bed.repositories.volunteers.get(second.key))?.licence?.status).toBe('rejected');
    expect(bed.sent.at(-1)?.message.text).toContain('شماره در سامانه پیدا نشد');
    expect((await services.verification.queue(coordinator)).entries).toEqual([]);
  });

  it('when a coordinator acts on a volunteer of another province, then it is refused and nothing changes', async () => {
    await expect(services.verification.verify(coordinator, inFars.key)).rejects.toMatchObject({ code: 'out_of_scope' });
    await expect(services.verification.reject(coordinator, inFars.key, 'نه')).rejects.toMatchObject({
      code: 'out_of_scope',
    });
    expect((await bed.repositories.volunteers.get(inFars.key))?.licence?.status).toBe('unverified');
    const [entry] = await services.audit.recent(1, { action: 'access.refused' });
    expect(entry).toMatchObject({ actor: coordinator.key, province: 'fars' });
  });

  it('when a volunteer calls the service directly, then it is refused', async () => {
    const volunteer = await services.authorization.actorOf(first.key);
    await expect(services.verification.queue(volunteer)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.verification.verify(volunteer, inFars.key)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('when an admin opens the queue, then the whole country is in it', async () => {
    const { entries } = await services.verification.queue(bed.admin);
    expect(entries.map((e) => e.key)).toEqual([inFars.key]);
  });
});
