import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../src/domain/volunteers/redaction.ts';
import { createAuditRepository } from '../../../src/persistence/repositories/audit.repository.ts';
import { createCoordinatorRepository } from '../../../src/persistence/repositories/coordinator.repository.ts';
import { createDeliveryRepository } from '../../../src/persistence/repositories/delivery.repository.ts';
import { createErasureRepository } from '../../../src/persistence/repositories/erasure.repository.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createAuditLog } from '../../../src/services/audit/audit.service.ts';
import { createDataErasureService } from '../../../src/services/volunteers/data-erasure.service.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const at = tehran('2026-11-23T10:00:00');
const repositories = {
  volunteers: createVolunteerRepository(database.models),
  users: createUserRepository(database.models),
  sessions: createSessionStorage(database.models),
  messageLog: createMessageLogRepository(database.models),
  coordinators: createCoordinatorRepository(database.models),
  deliveries: createDeliveryRepository(database.models),
  erasure: createErasureRepository(database.models, () => {}),
};
const audit = createAuditLog({ entries: createAuditRepository(database.models), now: () => at });
const erasure = createDataErasureService({ ...repositories, audit });

/** Every document of every collection, as text. */
async function everything(): Promise<string> {
  const db = database.connection.db!;
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    parts.push(`${name}: ${JSON.stringify(await db.collection(name).find({}).toArray())}`);
  }
  return parts.join('\n');
}

describe('delete my data', () => {
  it('when a volunteer who answered a call-up, was verified and asked to coordinate erases their data, then no collection holds a trace; counts stay', async () => {
    const me = aVolunteer({
      key: 'bale:4242',
      platform: 'bale',
      chatId: '4242',
      name: 'نگار صادقی',
      mobile: '+989351112233',
      licence: { body: 'irimc', number: '87654', digits: '87654', status: 'verified' },
      hoursServed: 3,
    });
    const other = aVolunteer({ key: 'bale:5353', platform: 'bale', chatId: '5353', name: 'سارا احمدی' });
    const coordinator = 'bale:6464';
    for (const v of [me, other]) {
      await repositories.volunteers.create(v);
      await repositories.users.upsertSeen({ platform: 'bale', platformUserId: v.chatId, chatId: v.chatId });
      await repositories.sessions.write(`bale:${v.chatId}`, { flow: { name: 'profile-edit', data: { name: v.name } } });
      await repositories.messageLog.record({
        platform: 'bale',
        chatId: v.chatId,
        direction: 'in',
        kind: 'text',
        text: v.mobile,
        at,
      });
      await database.models.callUpAnswers.collection.insertOne({
        _id: `cu000001:${v.key}`,
        callUpId: 'cu000001',
        volunteerKey: v.key,
        platform: 'bale',
        chatId: v.chatId,
        locale: 'fa',
        specialty: 'gp',
        province: 'tehran',
        verified: true,
        answer: 'yes',
        seat: 1,
        hoursCredited: 4,
      } as never);
      await database.models.callUpSeats.create({
        _id: `cu000001:gp:seat${v === me ? 1 : 2}`,
        callUpId: 'cu000001',
        specialty: 'gp',
        volunteerKey: v.key,
        takenAt: at,
      });
      await database.models.servedHours.create({
        _id: `1405-09:${v.key}`,
        month: '1405-09',
        volunteerKey: v.key,
        hours: 4,
      });
      await database.models.callUpLastCards.create({
        _id: v.key,
        cards: [{ callUpId: 'cu000001', cardId: `callup:cu000001:${v.key}`, at }],
      });
    }
    // They also asked to coordinate, with a note in their own words.
    await repositories.coordinators.createRequest({
      key: me.key,
      platform: 'bale',
      chatId: me.chatId,
      name: 'Negar',
      status: 'requested',
      provinces: ['tehran'],
      note: 'پزشک اورژانس بیمارستان سینا',
      via: 'request',
      requestedAt: at,
      appointedAt: null,
      appointedBy: null,
      updatedAt: at,
    });
    await repositories.deliveries.enqueue([
      {
        campaignId: 'callup:cu000001',
        campaignKind: 'callup',
        priority: 0,
        platform: 'bale',
        chatId: me.chatId,
        recipientKey: me.key,
        message: { text: 'فراخوان' },
      },
    ]);
    await audit.record({ actor: coordinator, action: 'volunteer.verified', target: me.key, province: 'tehran' });
    await audit.record({ actor: me.key, action: 'coordinator.requested', target: me.key });
    await audit.record({
      actor: me.key,
      action: 'access.refused',
      details: { attempt: 'verify', reason: 'forbidden' },
    });
    // A coordinator's chat: the verification card about them, its button, the confirmed list; a flow about them.
    for (const [text, callbackData] of [
      ['نگار صادقی — پزشک عمومی\nشماره‌ی نظام پزشکی: 87654\nتهران', undefined],
      [undefined, 'vf:ok:bale:4242'],
      ['۱. \u2068نگار صادقی\u2069 — پزشک عمومی — \u2068+989351112233\u2069 — به‌موقع', undefined],
      ['درخواست Negar (bale:4242): پزشک اورژانس بیمارستان سینا', undefined],
    ]) {
      await repositories.messageLog.record({
        platform: 'bale',
        chatId: '6464',
        direction: 'out',
        kind: 'text',
        text,
        callbackData,
        at,
      });
    }
    await repositories.sessions.write('bale:6464', {
      flow: { name: 'verification-reject', step: 'reason', data: { key: me.key, name: me.name } },
    });

    await erasure.eraseAll({ userKey: me.key, platform: 'bale', chatId: me.chatId });

    const dump = await everything();
    for (const trace of ['4242', me.name, me.mobile, '9351112233', '87654', 'Negar', 'بیمارستان سینا']) {
      expect(dump, `still stored: ${trace}`).not.toContain(trace);
    }
    const remainder = await database.models.volunteers.findOne({ status: 'erased' }).lean();
    expect(remainder).toMatchObject({ hoursServed: 3 });
    const anonymous = remainder!._id;
    // What the reports count is still there, under the one anonymous id.
    const answers = await database.models.callUpAnswers.find({ callUpId: 'cu000001' }).lean();
    expect(answers.map((a) => a.volunteerKey).sort()).toEqual([anonymous, other.key].sort());
    expect(answers.find((a) => a.volunteerKey === anonymous)).toMatchObject({
      _id: `cu000001:${anonymous}`,
      chatId: '',
      answer: 'yes',
      hoursCredited: 4,
    });
    expect(await database.models.callUpSeats.findById('cu000001:gp:seat1').lean()).toMatchObject({
      volunteerKey: anonymous,
    });
    expect(await database.models.servedHours.findById(`1405-09:${anonymous}`).lean()).toMatchObject({ hours: 4 });
    const entries = await audit.recent(10);
    expect(entries.map((e) => e.action).sort()).toEqual(
      ['access.refused', 'coordinator.erased', 'coordinator.requested', 'volunteer.verified'].sort(),
    );
    expect(entries.find((e) => e.action === 'volunteer.verified')).toMatchObject({
      actor: coordinator,
      target: anonymous,
    });
    expect(entries.find((e) => e.action === 'coordinator.erased')).toMatchObject({
      actor: anonymous,
      target: anonymous,
    });
    expect(await repositories.coordinators.get(me.key)).toBeUndefined();
    expect(await repositories.deliveries.listCampaign('callup:cu000001')).toEqual([]);
    // The coordinator's log keeps its shape, without them; the flow about them no longer names them.
    const log = await repositories.messageLog.forChat('bale', '6464', 10);
    expect(log[0]?.text).toBe(`${REDACTED} — پزشک عمومی\nشماره‌ی نظام پزشکی: ${REDACTED}\nتهران`);
    expect(log[1]?.callbackData).toBe(`vf:ok:${anonymous}`);
    expect(await repositories.sessions.read('bale:6464')).toEqual({
      flow: { name: 'verification-reject', step: 'reason', data: { key: anonymous, name: REDACTED } },
    });
    // Someone else's data is untouched.
    expect(await repositories.volunteers.get(other.key)).toEqual(other);
    expect(await repositories.users.get(other.key)).toBeDefined();
    expect(await repositories.sessions.read('bale:5353')).toBeDefined();
    expect(await repositories.messageLog.forChat('bale', '5353', 10)).toHaveLength(1);
    expect(await database.models.callUpLastCards.findById(other.key).lean()).not.toBeNull();
    expect(await database.models.servedHours.findById(`1405-09:${other.key}`).lean()).toMatchObject({ hours: 4 });
  });
});
