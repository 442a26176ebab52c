import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDocumentLock } from '../../../src/persistence/document-lock.ts';
import { createAuditRepository } from '../../../src/persistence/repositories/audit.repository.ts';
import { createIdentityRepository, pairId } from '../../../src/persistence/repositories/identity.repository.ts';
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

/** Stores a person as a registration does: the record, then who holds the number. */
async function register(overrides: Parameters<typeof aVolunteer>[0]) {
  const v = aVolunteer(overrides);
  expect(await repositories.volunteers.create(v)).toBe(true);
  await identity.mobiles.registered(v, now());
  return v;
}

describe('who holds which number (real database)', () => {
  it('when two records prove one number and nobody said "not me", then the later joins the earlier', async () => {
    const first = await register({
      key: 'bale:61',
      platform: 'bale',
      chatId: '61',
      mobile: '+989120061000',
      mobileVerified: true,
    });
    await register({ key: 'telegram:62', chatId: '62', mobile: '+989120061000', mobileVerified: true, hoursServed: 2 });
    expect(await repositories.volunteers.get('telegram:62')).toBeUndefined();
    expect((await repositories.volunteers.get(first.key))?.reachPoints).toHaveLength(2);
    expect((await repositories.users.get('telegram:62'))?.personKey).toBe(first.key);
    expect(await repositories.identity.ownersOf('+989120061000')).toEqual([{ key: first.key, verified: true }]);
  });

  it('when someone said "not me" before registering, then both stay, flagged once for an admin', async () => {
    await register({ key: 'bale:63', platform: 'bale', chatId: '63', mobile: '+989120063000', mobileVerified: true });
    await identity.accounts.declineLink('telegram:64', 'bale:63');
    await register({ key: 'telegram:64', chatId: '64', mobile: '+989120063000', mobileVerified: true });
    expect(await repositories.volunteers.get('telegram:64')).toBeDefined();
    expect(await repositories.identity.getPair(pairId('bale:63', 'telegram:64'))).toMatchObject({
      reason: 'declined_link',
      state: 'open',
    });
  });

  it('when a typed number is shared, then the pair is flagged and nothing is merged; the start-up pass agrees', async () => {
    await register({ key: 'bale:65', platform: 'bale', chatId: '65', mobile: '+989120065000', mobileVerified: false });
    await register({ key: 'telegram:66', chatId: '66', mobile: '+989120065000', mobileVerified: true });
    expect(await repositories.identity.getPair(pairId('bale:65', 'telegram:66'))).toMatchObject({
      reason: 'shared_typed',
    });
    expect(await identity.migrate()).toEqual({ merged: 0, flagged: 0 });
    expect(await repositories.volunteers.get('bale:65')).toBeDefined();
  });

  it('when many type one number (a ward’s), then only its first four holders are paired; the start-up pass agrees', async () => {
    const keys = ['71', '72', '73', '74', '75', '76'].map((id) => `telegram:${id}`);
    for (const [i, key] of keys.entries()) {
      const registeredAt = new Date(now().getTime() + i * 60_000);
      await register({ key, chatId: key.slice(9), mobile: '+989120071000', mobileVerified: false, registeredAt });
    }
    const paired = keys.flatMap((a, i) => keys.slice(i + 1).map((b) => pairId(a, b)));
    const flagged = [];
    for (const id of paired) if (await repositories.identity.getPair(id)) flagged.push(id);
    const first = keys.slice(0, 4);
    expect(flagged).toEqual(first.flatMap((a, i) => first.slice(i + 1).map((b) => pairId(a, b))));
    expect(await identity.migrate()).toEqual({ merged: 0, flagged: 0 });
  });

  it('when a person is erased from the number register, then a typed number they held is free again', async () => {
    const v = await register({ key: 'telegram:67', chatId: '67', mobile: '+989120067000' });
    expect(await identity.accounts.checkMobile('telegram:68', v.mobile, false)).toEqual({ kind: 'taken' });
    await identity.mobiles.released(v);
    expect(await identity.accounts.checkMobile('telegram:68', v.mobile, false)).toEqual({ kind: 'free' });
  });

  it('when three instances start at once, then their start-up passes take turns and each notes every holder', async () => {
    const people = Array.from({ length: 150 }, (_, i) =>
      aVolunteer({
        key: `telegram:${900 + i}`,
        chatId: String(900 + i),
        mobile: `+98912090${String(i).padStart(4, '0')}`,
      }),
    );
    // Stored without the register, as before it existed: the pass has every number to note.
    for (const v of people) expect(await repositories.volunteers.create(v)).toBe(true);
    const instances = Array.from({ length: 3 }, () =>
      createIdentityServices({
        repositories: { ...repositories, identity: createIdentityRepository(database.models) },
        audit,
        seats,
        passLock: createDocumentLock(database.models.documentLocks, { holdMs: 60_000, waitMs: 60_000 }),
        logger: pino({ level: 'silent' }),
        now,
      }),
    );
    // Each at once wrote the same numbers, and their upserts of one new number collided.
    await Promise.all(instances.map((instance) => instance.migrate()));
    for (const v of people) {
      expect(await repositories.identity.ownersOf(v.mobile)).toEqual([
        { key: v.key, verified: v.mobileVerified ?? false },
      ]);
    }
  });
});
