import { describe, expect, it } from 'vitest';
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
});
