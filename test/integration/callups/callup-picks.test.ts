import { describe, expect, it } from 'vitest';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const callUps = createCallUpRepository(database.models);
const picked = Array.from({ length: 5000 }, (_, i) => ({
  key: `telegram:${i}`,
  specialty: i < 3000 ? 'gp' : 'nursing',
}));

describe("a first wave's stored picks", () => {
  it('when the position is noted, then the picks read back in order with it, and the list itself is not rewritten', async () => {
    const at = new Date('2026-12-08T06:00:00Z');
    await callUps.savePicks('c1', picked, at);
    const before = await database.models.callUpPicks.findById('c1').lean();
    await callUps.notePicksQueued('c1', 1200);
    await callUps.notePicksQueued('c1', 2400);

    expect(await callUps.picks('c1')).toEqual({ picks: picked, queued: 2400 });
    expect(await database.models.callUpPicks.findById('c1').lean()).toEqual(before);
  });

  it('when saved again by a second attempt, then the first picks and their position stand', async () => {
    await callUps.savePicks('c2', picked, new Date());
    await callUps.notePicksQueued('c2', 700);
    await callUps.savePicks('c2', picked.slice(0, 10), new Date());
    expect(await callUps.picks('c2')).toEqual({ picks: picked, queued: 700 });
  });

  it('when forgotten, then nothing of the wave is left', async () => {
    await callUps.savePicks('c3', picked.slice(0, 5), new Date());
    await callUps.notePicksQueued('c3', 5);
    await callUps.forgetPicks('c3');
    expect(await callUps.picks('c3')).toBeUndefined();
    expect(await database.models.callUpPicks.countDocuments({ _id: { $in: ['c3', 'c3#queued'] } })).toBe(0);
  });
});
