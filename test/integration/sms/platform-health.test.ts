import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPlatformHealth } from '../../../src/messaging/api/platform-health.transformer.ts';
import { createPlatformHealthRepository } from '../../../src/persistence/repositories/reach.repository.ts';
import { createPlatformHealth } from '../../../src/services/reach/platform-health.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const BALE = '730002:bale-health';
const clock = new TestClock();
const store = createPlatformHealthRepository(database.models);
/** Two instances of the bot: what one finds, the other reads from the database. */
const first = createPlatformHealth({ store, now: clock.now });
const second = createPlatformHealth({ store, now: clock.now });

describe('platform health shared through the database', () => {
  let sandbox: Sandbox;
  let api: Api;

  beforeAll(async () => {
    clock.set(new Date('2026-12-07T08:00:00Z'));
    sandbox = await startSandbox();
    sandbox.addBot({ token: BALE, profile: 'bale' });
    api = new Api(BALE, { apiRoot: sandbox.apiRoot });
    api.config.use(recordPlatformHealth('bale', first));
  });
  afterAll(() => sandbox.close());

  it('when Bale is down for five calls in a row, then it is degraded for another instance too, and one answer heals it', async () => {
    sandbox.fault('bale', 'down');
    for (let i = 0; i < 4; i++) await expect(api.getMe()).rejects.toThrow();
    expect(await second.isDegraded('bale')).toBe(false);
    await expect(api.getMe()).rejects.toThrow();
    // The second instance keeps its view for a second; a fresh one reads the database now.
    const other = createPlatformHealth({ store, now: clock.now });
    expect(await other.isDegraded('bale')).toBe(true);
    expect(await other.report()).toEqual([
      expect.objectContaining({ channel: 'bale', degraded: true, failures: 5, lastError: expect.any(String) }),
    ]);

    sandbox.fault('bale', 'up');
    await api.getMe();
    expect(await createPlatformHealth({ store, now: clock.now }).isDegraded('bale')).toBe(false);
  });

  it('when many sends succeed together while the view is stale, then the record is read once and written once', async () => {
    let reads = 0;
    let writes = 0;
    const counted = {
      ...store,
      get(channel: Parameters<typeof store.get>[0]) {
        reads += 1;
        return store.get(channel);
      },
      put(record: Parameters<typeof store.put>[0]) {
        writes += 1;
        return store.put(record);
      },
    };
    const health = createPlatformHealth({ store: counted, now: clock.now });
    // No record yet: every one of them saw none, and the first success stores one.
    await Promise.all(Array.from({ length: 40 }, () => health.recordSuccess('telegram')));
    expect(reads).toBe(1);
    expect(writes).toBe(1);
  });

  it('when a platform refuses a call (403), then that counts as up, not as a failure', async () => {
    const user = sandbox.user({ token: BALE, firstName: 'Reza' });
    user.sendText('hi');
    user.block();
    await expect(api.sendMessage(user.chatId, 'blocked')).rejects.toThrow();
    expect((await store.get('bale'))?.failures).toBe(0);
  });

  it('when SMS keeps failing for 30 seconds, then it is degraded even after fewer than five failures', async () => {
    await first.recordFailure('sms', 'timeout');
    expect(await first.isDegraded('sms')).toBe(false);
    clock.advance(30_000);
    await first.recordFailure('sms', 'timeout');
    expect(await first.isDegraded('sms')).toBe(true);
    await first.recordSuccess('sms');
    expect(await first.isDegraded('sms')).toBe(false);
  });
});
