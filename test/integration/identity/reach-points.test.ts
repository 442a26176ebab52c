import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createAuditRepository } from '../../../src/persistence/repositories/audit.repository.ts';
import { createIdentityRepository } from '../../../src/persistence/repositories/identity.repository.ts';
import { createPersonHistoryRepository } from '../../../src/persistence/repositories/person-history.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createAuditLog } from '../../../src/services/audit/audit.service.ts';
import { createIdentityServices } from '../../../src/services/identity/identity-services.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const now = () => tehran('2026-11-23T12:00:00');
const repositories = {
  volunteers: createVolunteerRepository(database.models),
  users: createUserRepository(database.models),
  identity: createIdentityRepository(database.models),
  personHistory: createPersonHistoryRepository(database.models, () => {}),
};
const audit = createAuditLog({ entries: createAuditRepository(database.models), now });
// No call-up here holds a seat twice: a merge frees none.
const seats = { givenBack: async () => {} };
const identity = createIdentityServices({ repositories, audit, seats, logger: pino({ level: 'silent' }), now });

const person = aVolunteer({ key: 'bale:71', platform: 'bale', chatId: '71', mobile: '+989120071000' });
expect(await repositories.volunteers.create(person)).toBe(true);
await identity.mobiles.registered(person, now());
await identity.accounts.link({ kind: 'messenger', platform: 'telegram', key: 'telegram:72', chatId: '72' }, person.key);

describe("a person's reach points for delivery and failover (real database)", () => {
  it("when asked by any of the person's accounts, then the reach points come in order, and the next skips those tried", async () => {
    const bale = { kind: 'messenger', platform: 'bale', key: 'bale:71', chatId: '71' };
    const telegram = { kind: 'messenger', platform: 'telegram', key: 'telegram:72', chatId: '72' };
    expect(await identity.reach.of('telegram:72')).toEqual([bale, telegram]);
    expect(await identity.reach.of(person.key)).toEqual([bale, telegram]);
    expect(await identity.reach.next('telegram:72', new Set(['bale:71']))).toEqual(telegram);
    expect(await identity.reach.next(person.key, new Set(['bale:71', 'telegram:72']))).toBeUndefined();
    expect(await identity.reach.of('bale:79')).toEqual([]);
  });

  it('when the registered number is proved by a one-time code, then it is an SMS reach point (once) and verified; another number is not', async () => {
    await identity.reach.addProvedSms(person.key, person.mobile);
    const updated = await identity.reach.addProvedSms(person.key, person.mobile);
    expect(updated?.mobileVerified).toBe(true);
    expect((await identity.reach.of(person.key)).at(-1)).toEqual({ kind: 'sms', mobile: person.mobile });
    expect(await identity.reach.of(person.key)).toHaveLength(3);
    expect(await repositories.identity.ownersOf(person.mobile)).toEqual([{ key: person.key, verified: true }]);
    // Another number is changed in the profile first: only the registered one becomes a reach point.
    expect(await identity.reach.addProvedSms(person.key, '+989120071999')).toBeUndefined();
    expect(await identity.reach.of(person.key)).toHaveLength(3);
  });
});
