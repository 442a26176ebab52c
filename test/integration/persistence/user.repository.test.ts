import { describe, expect, it } from 'vitest';
import { createUserRepository, type SeenUser } from '../../../src/persistence/repositories/user.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
let clock = new Date('2026-03-01T10:00:00Z');
const users = createUserRepository(database.models, { now: () => clock });

let nextId = 1000;
function seen(overrides: Partial<SeenUser> = {}): SeenUser {
  nextId += 1;
  return {
    platform: 'bale',
    platformUserId: String(nextId),
    chatId: String(nextId),
    ...overrides,
  };
}

describe('user repository', () => {
  it('when a user is seen for the first time, then only ids are stored, with no locale and not blocked', async () => {
    const input = seen();
    const user = await users.upsertSeen(input);
    expect(user).toEqual({
      key: `bale:${input.platformUserId}`,
      platform: 'bale',
      platformUserId: input.platformUserId,
      chatId: input.chatId,
      locale: null,
      createdAt: clock,
      lastSeenAt: clock,
      blockedBot: false,
      blockedByAdmin: false,
    });
    expect(await users.get(user.key)).toEqual(user);
  });

  it('when a known user is seen again, then chat and lastSeenAt change but createdAt and locale stay', async () => {
    const input = seen();
    const first = await users.upsertSeen(input);
    await users.setLocale(first.key, 'en');
    const created = clock;
    clock = new Date(clock.getTime() + 60_000);
    const again = await users.upsertSeen({ ...input, chatId: '-100' });
    expect(again.createdAt).toEqual(created);
    expect(again.lastSeenAt).toEqual(clock);
    expect(again.chatId).toBe('-100');
    expect(again.locale).toBe('en');
  });

  it('when a user is seen again within the hour in the same chat, then nothing is written; after the hour, it is', async () => {
    const input = seen();
    const first = await users.upsertSeen(input);
    const firstSeen = clock;
    clock = new Date(firstSeen.getTime() + 59 * 60_000);
    expect((await users.upsertSeen(input)).lastSeenAt).toEqual(firstSeen);
    expect((await database.models.users.findById(first.key).lean())?.lastSeenAt).toEqual(firstSeen);
    clock = new Date(firstSeen.getTime() + 61 * 60_000);
    expect((await users.upsertSeen(input)).lastSeenAt).toEqual(clock);
  });

  it('when a user is seen first, or again after the hour, then it costs one read and one write, and the returned user is as stored', async () => {
    const commands: string[] = [];
    const client = database.connection.getClient();
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.command[event.commandName] === 'users') commands.push(event.commandName);
    };
    client.on('commandStarted', count);
    try {
      const input = seen();
      const first = await users.upsertSeen(input);
      expect(commands.sort()).toEqual(['find', 'update']);
      expect(await users.get(first.key)).toEqual(first);
      commands.length = 0;
      clock = new Date(clock.getTime() + 61 * 60_000);
      const again = await users.upsertSeen({ ...input, chatId: '-200' });
      expect(commands.sort()).toEqual(['find', 'update']);
      expect(await users.get(first.key)).toEqual(again);
    } finally {
      client.off('commandStarted', count);
    }
  });

  it('when 60 people write for the first time at once, then their records are written in a few commands, not 60', async () => {
    const commands: string[] = [];
    const client = database.connection.getClient();
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.command[event.commandName] === 'users' && event.commandName !== 'find')
        commands.push(event.commandName);
    };
    client.on('commandStarted', count);
    try {
      const inputs = Array.from({ length: 60 }, () => seen());
      const stored = await Promise.all(inputs.map((input) => users.upsertSeen(input)));
      expect(commands.length).toBeLessThanOrEqual(5);
      for (const user of stored) expect(await users.get(user.key)).toEqual(user);
    } finally {
      client.off('commandStarted', count);
    }
  });

  it('when a record from an earlier version holds a profile name, then it is dropped the next time they write', async () => {
    const input = seen();
    const user = await users.upsertSeen(input);
    await database.models.users.collection.updateOne({ _id: user.key } as never, {
      $set: { firstName: 'مریم', lastName: 'احمدی', username: 'maryam' },
    });
    await users.upsertSeen(input);
    const stored = await database.models.users.collection.findOne({ _id: user.key } as never);
    expect(stored).not.toHaveProperty('firstName');
    expect(JSON.stringify(stored)).not.toMatch(/مریم|احمدی|maryam/);
  });

  it('when 20 processes see the same new user at once, then one user exists and every call returns it', async () => {
    // Each repository stands for a process of its own: in-process serialization does not cover the others.
    const processes = Array.from({ length: 20 }, () => createUserRepository(database.models, { now: () => clock }));
    const input = seen({ platform: 'telegram' });
    const results = await Promise.all(processes.map((repository) => repository.upsertSeen(input)));
    expect(results.every((user) => user.key === `telegram:${input.platformUserId}`)).toBe(true);
    expect(await database.models.users.countDocuments({ _id: `telegram:${input.platformUserId}` })).toBe(1);
  });

  it('when a locale is set while the user is being seen, then neither write is lost', async () => {
    const input = seen();
    const user = await users.upsertSeen(input);
    // Over an hour later, so that seeing them again writes lastSeenAt.
    clock = new Date(clock.getTime() + 61 * 60_000);
    await Promise.all([users.setLocale(user.key, 'fa'), users.upsertSeen(input)]);
    const stored = await users.get(user.key);
    expect(stored?.locale).toBe('fa');
    expect(stored?.lastSeenAt).toEqual(clock);
  });

  it('when the user blocks the bot and later writes again, then the stored user says so until it is cleared', async () => {
    const input = seen();
    const user = await users.upsertSeen(input);
    expect(user.blockedBot).toBe(false);
    await users.markBlockedBot(user.key, true);
    expect((await users.get(user.key))?.blockedBot).toBe(true);
    // Seeing them again tells the caller they are back; the caller clears the mark once it acted on it.
    expect((await users.upsertSeen(input)).blockedBot).toBe(true);
    await users.markBlockedBot(user.key, false);
    expect((await users.upsertSeen(input)).blockedBot).toBe(false);
  });

  it('when an unknown user key is read, then the result is undefined', async () => {
    expect(await users.get('bale:does-not-exist')).toBeUndefined();
  });

  it('when personal data is deleted, then the user is gone and a second deletion reports nothing to delete', async () => {
    const user = await users.upsertSeen(seen());
    expect(await users.deletePersonalData(user.key)).toBe(true);
    expect(await users.get(user.key)).toBeUndefined();
    expect(await users.deletePersonalData(user.key)).toBe(false);
  });

  it('when an admin-blocked user deletes their data, then the block remains on a record of ids only', async () => {
    const user = await users.upsertSeen(seen());
    await database.models.users.collection.updateOne({ _id: user.key } as never, {
      $set: { blockedByAdmin: true, firstName: 'X', username: 'x' },
    });
    expect(await users.deletePersonalData(user.key)).toBe(true);
    const stub = await database.models.users.collection.findOne({ _id: user.key } as never);
    expect(stub?.blockedByAdmin).toBe(true);
    expect(stub).not.toHaveProperty('firstName');
    expect(stub).not.toHaveProperty('username');
  });

  it('when a user is returned, then it is a plain object, not a mongoose document', async () => {
    const user = await users.upsertSeen(seen());
    expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
    expect(user).not.toHaveProperty('_id');
  });

  describe('while this process is the only instance (an exclusive epoch)', () => {
    const state = { epoch: 1 as number | undefined };
    const alone = createUserRepository(database.models, { now: () => clock, exclusiveEpoch: () => state.epoch });
    const changeBehindItsBack = (key: string, locale: string) =>
      database.models.users.updateOne({ _id: key }, { $set: { locale } });

    it('when a user is seen again within the hour, then their record comes from memory, not the database', async () => {
      state.epoch = 1;
      const first = await alone.upsertSeen(seen());
      await changeBehindItsBack(first.key, 'en');
      expect((await alone.upsertSeen({ ...first, chatId: first.chatId })).locale).toBeNull();
    });

    it('when this process changes the user, then the next sighting reads what it wrote', async () => {
      state.epoch = 1;
      const input = seen();
      const first = await alone.upsertSeen(input);
      await alone.markBlockedBot(first.key, true);
      await alone.setLocale(first.key, 'en');
      expect(await alone.upsertSeen(input)).toMatchObject({ blockedBot: true, locale: 'en' });
    });

    it('when this process sets the locale of a user it remembers, then the next sighting still needs no read', async () => {
      state.epoch = 1;
      const input = seen();
      const first = await alone.upsertSeen(input);
      await alone.setLocale(first.key, 'en');
      await database.models.users.updateOne({ _id: first.key }, { $set: { blockedBot: true } });
      expect(await alone.upsertSeen(input)).toMatchObject({ locale: 'en', blockedBot: false });
    });

    it('when another instance may be running, or was since, then the record is read from the database', async () => {
      state.epoch = 1;
      const input = seen();
      const first = await alone.upsertSeen(input);
      await changeBehindItsBack(first.key, 'en');
      state.epoch = undefined;
      expect((await alone.upsertSeen(input)).locale).toBe('en');
      await changeBehindItsBack(first.key, 'fa');
      state.epoch = 2;
      expect((await alone.upsertSeen(input)).locale).toBe('fa');
    });

    it('when an hour has passed or the chat changed, then the sighting is written as without a cache', async () => {
      state.epoch = 1;
      const input = seen();
      await alone.upsertSeen(input);
      clock = new Date(clock.getTime() + 2 * 60 * 60_000);
      expect((await alone.upsertSeen(input)).lastSeenAt).toEqual(clock);
      expect((await alone.upsertSeen({ ...input, chatId: '-42' })).chatId).toBe('-42');
      expect((await users.get(`bale:${input.platformUserId}`))?.chatId).toBe('-42');
    });

    it('when a cached user is changed by the caller, then the cache is not', async () => {
      state.epoch = 1;
      const input = seen();
      const first = await alone.upsertSeen(input);
      first.blockedByAdmin = true;
      expect((await alone.upsertSeen(input)).blockedByAdmin).toBe(false);
    });
  });
});
