import { describe, expect, it } from 'vitest';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createDataErasureService } from '../../../src/services/volunteers/data-erasure.service.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../unit/volunteers/fixtures.ts';

const database = await createTestDatabase();
const repositories = {
  volunteers: createVolunteerRepository(database.models),
  users: createUserRepository(database.models),
  sessions: createSessionStorage(database.models),
  messageLog: createMessageLogRepository(database.models),
};
const erasure = createDataErasureService(repositories);

describe('delete my data', () => {
  it('when a volunteer erases their data, then no collection holds their id, name, phone or words; others keep theirs', async () => {
    const me = aVolunteer({
      key: 'bale:4242',
      platform: 'bale',
      chatId: '4242',
      name: 'نگار صادقی',
      mobile: '+989351112233',
      hoursServed: 3,
    });
    const other = aVolunteer({ key: 'bale:5353', platform: 'bale', chatId: '5353' });
    for (const v of [me, other]) {
      await repositories.volunteers.create(v);
      await repositories.users.upsertSeen({
        platform: 'bale',
        platformUserId: v.chatId,
        chatId: v.chatId,
        firstName: v.name,
      });
      await repositories.sessions.write(`bale:${v.chatId}`, { flow: { name: 'profile-edit', data: { name: v.name } } });
      await repositories.messageLog.record({
        platform: 'bale',
        chatId: v.chatId,
        direction: 'in',
        kind: 'text',
        text: v.mobile,
        at: tehran('2026-11-23T10:00:00'),
      });
    }

    await erasure.eraseAll({ userKey: me.key, platform: 'bale', chatId: me.chatId });

    const db = database.connection.db!;
    for (const { name } of await db.listCollections().toArray()) {
      const dump = JSON.stringify(await db.collection(name).find({}).toArray());
      for (const trace of ['4242', me.name, me.mobile, '9351112233'])
        expect(dump, `${name} still holds ${trace}`).not.toContain(trace);
    }
    expect(await repositories.volunteers.get(other.key)).toEqual(other);
    expect(await repositories.users.get(other.key)).toBeDefined();
    expect(await repositories.sessions.read('bale:5353')).toBeDefined();
    expect(await repositories.messageLog.forChat('bale', '5353', 10)).toHaveLength(1);
    const remainder = await database.models.volunteers.findOne({ status: 'erased' }).lean();
    expect(remainder).toMatchObject({ hoursServed: 3 });
  });
});
