import { describe, expect, it } from 'vitest';
import type { HandledMark } from '../../../src/persistence/models/session.model.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

interface Session {
  flow?: { name: string; step: number; data: Record<string, unknown> };
  tags?: string[];
}

const database = await createTestDatabase();
const storage = createSessionStorage<Session>(database.models);

describe('session storage', () => {
  it('when a key was never written, then read gives undefined', async () => {
    expect(await storage.read('never')).toBeUndefined();
  });

  it('when a session is written and read back, then the same value comes back', async () => {
    const value: Session = { flow: { name: 'register', step: 2, data: { specialty: 'قلب', empty: {} } }, tags: ['a'] };
    await storage.write('123', value);
    expect(await storage.read('123')).toEqual(value);
  });

  it('when a session is overwritten, then only the latest value remains', async () => {
    await storage.write('456', { tags: ['first'] });
    await storage.write('456', { flow: { name: 'pledge', step: 0, data: {} } });
    expect(await storage.read('456')).toEqual({ flow: { name: 'pledge', step: 0, data: {} } });
    expect(await database.models.sessions.countDocuments({ _id: '456' })).toBe(1);
  });

  it('when an update writes back the session it read unchanged, then nothing is written; a change is', async () => {
    let clock = new Date('2026-05-01T10:00:00Z');
    const timed = createSessionStorage<Session>(database.models, { now: () => clock });
    await timed.write('unchanged', { tags: ['a'] });
    const updatedAt = async () => (await database.models.sessions.findById('unchanged').lean())?.updatedAt;
    const written = await updatedAt();
    clock = new Date('2026-05-01T10:05:00Z');
    await timed.write('unchanged', (await timed.read('unchanged'))!);
    expect(await updatedAt()).toEqual(written);
    await timed.write('unchanged', { tags: ['a', 'b'] });
    expect(await updatedAt()).toEqual(clock);
    // Another instance changed it meanwhile: what this one read is written back, as before.
    await database.models.sessions.updateOne({ _id: 'unchanged' }, { $set: { value: { tags: ['other'] } } });
    await timed.write('unchanged', { tags: ['a'] });
    expect(await timed.read('unchanged')).toEqual({ tags: ['a'] });
  });

  it('when a session is deleted, then read gives undefined again', async () => {
    await storage.write('789', { tags: ['x'] });
    await storage.delete('789');
    expect(await storage.read('789')).toBeUndefined();
  });

  it('when the first writes of a key race, then all succeed and one session document per key exists', async () => {
    // Several keys at once: FerretDB lets only some of these races collide, so one key alone would rarely show it.
    const keys = Array.from({ length: 10 }, (_, index) => `race-${index}`);
    const writes = keys.flatMap((key) =>
      Array.from({ length: 20 }, (_, step) => storage.write(key, { tags: [String(step)] })),
    );
    await Promise.all(writes);
    expect(await database.models.sessions.countDocuments({ _id: { $in: keys } })).toBe(keys.length);
    expect((await storage.read('race-0'))?.tags).toHaveLength(1);
  });

  describe('while this process is the only instance (an exclusive epoch)', () => {
    const mark = (updateId: number): HandledMark => ({
      botId: 1,
      updateIds: [updateId],
      callbackQueryIds: [],
      at: new Date('2026-05-01T10:00:00Z'),
    });
    /** A storage whose epoch the test sets: a number while alone, undefined while other instances run. */
    const exclusive = () => {
      const state = { epoch: 1 as number | undefined };
      return { state, storage: createSessionStorage<Session>(database.models, { exclusiveEpoch: () => state.epoch }) };
    };
    const changeBehindItsBack = (key: string, tags: string[]) =>
      database.models.sessions.updateOne({ _id: key }, { $set: { value: { tags } } });

    it("when a chat's session was written, then its next read is served from memory, not the database", async () => {
      const { storage } = exclusive();
      await storage.writeChat('cached-1', { tags: ['mine'] }, mark(1));
      await changeBehindItsBack('cached-1', ['theirs']);
      expect(await storage.readChat('cached-1')).toEqual({ value: { tags: ['mine'] }, handled: mark(1) });
    });

    it('when another instance may be running, or was since, then the session is read from the database', async () => {
      const { state, storage } = exclusive();
      await storage.writeChat('cached-2', { tags: ['mine'] }, mark(1));
      await changeBehindItsBack('cached-2', ['theirs']);
      state.epoch = undefined;
      expect((await storage.readChat('cached-2')).value).toEqual({ tags: ['theirs'] });
      await changeBehindItsBack('cached-2', ['again']);
      // Alone again: a new epoch, in which nothing was cached yet.
      state.epoch = 2;
      expect((await storage.readChat('cached-2')).value).toEqual({ tags: ['again'] });
    });

    it('when a session is served from memory, then it is a copy exactly as the database would return it', async () => {
      const { storage } = exclusive();
      const value = {
        flow: { name: 'register', step: 3, data: { licence: undefined, startedAt: new Date('2026-05-01T09:00:00Z') } },
        tags: [],
        empty: {},
      } as unknown as Session;
      await storage.writeChat('cached-3', value, mark(7));
      const fromMemory = await storage.readChat('cached-3');
      const fromDatabase = await createSessionStorage<Session>(database.models).readChat('cached-3');
      expect(fromMemory).toStrictEqual(fromDatabase);
      // The caller may change what it got (a handler changes its session) without changing what is cached.
      fromMemory.value?.tags?.push('changed');
      expect((await storage.readChat('cached-3')).value?.tags).toEqual([]);
    });

    it('when a session is deleted, then the cached copy goes with it', async () => {
      const { storage } = exclusive();
      await storage.writeChat('cached-4', { tags: ['x'] }, mark(1));
      await storage.delete('cached-4');
      expect(await storage.readChat('cached-4')).toEqual({ value: undefined, handled: undefined });
    });

    it('when many chats write their sessions at once, then every write is stored, in fewer commands', async () => {
      const { storage } = exclusive();
      const keys = Array.from({ length: 60 }, (_, i) => `batched-${i}`);
      let updates = 0;
      const count = (event: { commandName: string }) => {
        if (event.commandName === 'update') updates += 1;
      };
      const client = database.connection.getClient();
      client.on('commandStarted', count);
      try {
        await Promise.all(keys.map((key, i) => storage.writeChat(key, { tags: [String(i)] }, mark(i))));
      } finally {
        client.off('commandStarted', count);
      }
      const stored = await database.models.sessions.find({ _id: { $in: keys } }).lean();
      expect(stored.map((doc) => [doc._id, doc.value])).toEqual(
        expect.arrayContaining(keys.map((key, i) => [key, { tags: [String(i)] }])),
      );
      expect(stored).toHaveLength(keys.length);
      expect(updates).toBeLessThan(keys.length / 2);
    });
  });
});
