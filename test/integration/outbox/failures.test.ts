import { describe, expect, it } from 'vitest';
import {
  accepted,
  countByText,
  createTestSender,
  deliveriesFor,
  startedUsers,
  TOKENS,
  until,
  useOutboxTestbed,
} from '../../support/outbox-harness.ts';

const outbox = await useOutboxTestbed();
const { database } = outbox;

describe('outbox failures', () => {
  it('when a 429 storm with retry_after hits mid-broadcast, then the sender pauses and delivers everything once', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 30, 1000);
    const { sender } = createTestSender(database, sandbox, { messagesPerSecond: { telegram: 20 } });
    await sender.enqueue(deliveriesFor(users, { campaignId: 'storm' }));
    sender.start();
    try {
      await until(() => accepted(sandbox).length >= 5);
      sandbox.startStorm({ retryAfter: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      sandbox.stopStorm();
      await until(async () => (await sender.campaignProgress('storm')).counts.sent === 30);
    } finally {
      await sender.stop();
    }

    const got = accepted(sandbox);
    expect(got).toHaveLength(30);
    expect([...countByText(got).values()].every((n) => n === 1)).toBe(true);
    const refused = sandbox.stats(TOKENS.telegram).tooManyRequests;
    expect(refused).toBeGreaterThan(0);
    // Paused for retry_after each time instead of hammering: at most a few sends per second of storm.
    expect(refused).toBeLessThanOrEqual(16);
  });

  it('when Bale answers 429 without retry_after, then the sender backs off by itself and delivers everything', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'bale', 6, 2000);
    const { sender } = createTestSender(database, sandbox);
    await sender.enqueue(deliveriesFor(users, { campaignId: 'bale-429', platform: 'bale' }));
    sandbox.failNext({ method: 'sendMessage', status: 429, count: 2, token: TOKENS.bale });

    const started = performance.now();
    await sender.drainOnce();

    expect(accepted(sandbox, 'bale')).toHaveLength(6);
    expect(sandbox.stats(TOKENS.bale).tooManyRequests).toBe(2);
    // Two bare 429s in a row: about 1 s, then 2 s of backoff.
    expect(performance.now() - started).toBeGreaterThan(2000);
  });

  it('when the server answers 502 twice, then the delivery is retried after a backoff and sent once', async () => {
    const sandbox = await outbox.sandbox();
    const [user] = startedUsers(sandbox, 'telegram', 1, 3000);
    const { sender, deliveries } = createTestSender(database, sandbox, { backoff: { baseMs: 300, maxMs: 1000 } });
    await sender.enqueue(deliveriesFor([user!], { campaignId: 'outage' }));
    sandbox.failNext({ method: 'sendMessage', status: 502, count: 2 });

    const started = performance.now();
    await sender.drainOnce();

    expect(accepted(sandbox)).toHaveLength(1);
    expect(sandbox.stats(TOKENS.telegram).errors[502]).toBe(2);
    // 300 ms then 600 ms (±20%) of backoff.
    expect(performance.now() - started).toBeGreaterThan(700);
    const record = await deliveries.get(`outage:telegram:${user!.id}`);
    expect(record).toMatchObject({ state: 'sent', failures: 2, attempts: 3 });
  });

  it('when the server keeps failing, then the delivery ends as failed after the allowed attempts', async () => {
    const sandbox = await outbox.sandbox();
    const [user] = startedUsers(sandbox, 'telegram', 1, 4000);
    const { sender, deliveries } = createTestSender(database, sandbox, { maxFailures: 3 });
    await sender.enqueue(deliveriesFor([user!], { campaignId: 'down' }));
    sandbox.failNext({ method: 'sendMessage', status: 500, count: 10 });

    await sender.drainOnce();

    expect(sandbox.stats(TOKENS.telegram).calls.sendMessage).toBe(3);
    const record = await deliveries.get(`down:telegram:${user!.id}`);
    expect(record).toMatchObject({ state: 'failed', attempts: 3 });
    expect(record?.lastError).toContain('500');
  });

  it('when recipients blocked the bot or are gone, then they are marked blocked, reported once and never retried', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 6, 5000);
    users[1]!.block();
    users[4]!.block();
    const baleUsers = startedUsers(sandbox, 'bale', 2, 6000);
    const unreachable: string[] = [];
    const { sender } = createTestSender(database, sandbox, {
      onUnreachable: (recipientKey) => {
        unreachable.push(recipientKey);
      },
    });
    await sender.enqueue(deliveriesFor(users, { campaignId: 'call' }));
    // A Telegram chat and a Bale chat that do not exist ("chat not found", "no such group or user").
    await sender.enqueue([
      {
        ...deliveriesFor(users.slice(0, 1), { campaignId: 'call' })[0]!,
        chatId: 999_999,
        recipientKey: 'telegram:999999',
      },
      ...deliveriesFor(baleUsers, { campaignId: 'call', platform: 'bale' }),
      {
        ...deliveriesFor(baleUsers.slice(0, 1), { campaignId: 'call', platform: 'bale' })[0]!,
        chatId: 888_888,
        recipientKey: 'bale:888888',
      },
    ]);

    await sender.drainOnce();
    await sender.drainOnce();

    expect(unreachable.sort()).toEqual(['bale:888888', 'telegram:5001', 'telegram:5004', 'telegram:999999']);
    const progress = await sender.campaignProgress('call');
    expect(progress.counts).toMatchObject({ sent: 6, blocked: 4, queued: 0 });
    // One refused call each: blocked recipients are not retried.
    expect(sandbox.stats(TOKENS.telegram).calls.sendMessage).toBe(7);
    expect(sandbox.stats(TOKENS.bale).calls.sendMessage).toBe(3);
  });

  it('when the platform refuses a message as malformed, then it fails at once without retries', async () => {
    const sandbox = await outbox.sandbox();
    const [user] = startedUsers(sandbox, 'telegram', 1, 7000);
    const { sender, deliveries } = createTestSender(database, sandbox);
    const [delivery] = deliveriesFor([user!], { campaignId: 'too-long' });
    await sender.enqueue([{ ...delivery!, message: { text: 'ب'.repeat(5000) } }]);

    await sender.drainOnce();

    expect(sandbox.stats(TOKENS.telegram).calls.sendMessage).toBe(1);
    expect((await deliveries.get(`too-long:telegram:${user!.id}`))?.state).toBe('failed');
  });
});
