import { describe, expect, it } from 'vitest';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
let clock = new Date('2026-03-01T00:00:00Z');
const processed = createProcessedUpdateRepository(database.models, { now: () => clock });
const BOT = 7001;

describe('processed update claims', () => {
  it('when an update is claimed twice, then the first claim wins and the redelivery is refused', async () => {
    expect(await processed.claim('telegram', BOT, 1)).toBe(true);
    expect(await processed.claim('telegram', BOT, 1)).toBe(false);
  });

  it('when the same update id arrives on both platforms, then each platform claims it once', async () => {
    expect(await processed.claim('telegram', BOT, 2)).toBe(true);
    expect(await processed.claim('bale', BOT, 2)).toBe(true);
  });

  it('when another bot (a new token, a restarted sandbox) reuses an update id, then it is claimed afresh', async () => {
    expect(await processed.claim('bale', BOT, 4)).toBe(true);
    expect(await processed.claim('bale', BOT + 1, 4)).toBe(true);
    expect(await processed.claim('bale', BOT + 1, 4)).toBe(false);
  });

  it('when 20 deliveries of one update are claimed at once, then exactly one is true', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => processed.claim('bale', BOT, 3)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('when old claims are purged, then older ones go, newer stay, and an old update can be claimed again', async () => {
    clock = new Date('2026-02-01T00:00:00Z');
    await processed.claim('bale', BOT, 100);
    clock = new Date('2026-03-05T00:00:00Z');
    await processed.claim('bale', BOT, 101);
    const purged = await processed.purgeOlderThan(new Date('2026-03-02T00:00:00Z'));
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await processed.claim('bale', BOT, 100)).toBe(true);
    expect(await processed.claim('bale', BOT, 101)).toBe(false);
  });
});
