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
import { tehran } from '../../support/volunteer-fixtures.ts';

const outbox = await useOutboxTestbed();
const { database } = outbox;

describe('outbox drain', () => {
  it('when a campaign is drained, then every recipient gets its card once and the records say sent', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 25, 1000);
    const { sender, deliveries } = createTestSender(database, sandbox);
    const list = deliveriesFor(users, { campaignId: 'quake-1', group: 'nurse' });

    expect(await sender.enqueue(list)).toEqual({ inserted: 25, duplicates: 0 });
    await sender.drainOnce();

    const got = accepted(sandbox);
    expect(got).toHaveLength(25);
    expect([...countByText(got).values()].every((n) => n === 1)).toBe(true);
    const first = users[0]!.lastMessage();
    expect(first?.text).toBe(`quake-1 برای ${users[0]!.id}`);
    expect(first?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'می‌آیم', callback_data: 'c:quake-1:yes' }]],
    });
    const progress = await sender.campaignProgress('quake-1');
    expect(progress.total).toBe(25);
    expect(progress.counts.sent).toBe(25);
    expect(progress.groups.nurse?.counts.sent).toBe(25);
    const record = await deliveries.get(`quake-1:telegram:${users[0]!.id}`);
    expect(record).toMatchObject({ state: 'sent', attempts: 1, sentMessageId: first?.message_id, chatId: '1000' });
  });

  it('when a delivery carries a map pin, then it goes out as the place; where the platform refuses pins, as its words', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 2, 1500);
    const { sender } = createTestSender(database, sandbox);
    const place = { latitude: 35.7, longitude: 51.4 };
    const pins = deliveriesFor(users, { campaignId: 'pin-1' }).map((d) => ({
      ...d,
      message: { text: 'ساختمان هلال احمر', location: place },
    }));
    sandbox.failNext({ method: 'sendLocation', status: 400, description: 'Bad Request: method is not supported' });

    await sender.enqueue(pins);
    await sender.drainOnce();

    const got = users.map((user) => user.lastMessage());
    expect(got.filter((m) => m?.location !== undefined).map((m) => m?.location)).toEqual([place]);
    expect(got.filter((m) => m?.location === undefined).map((m) => m?.text)).toEqual(['ساختمان هلال احمر']);
    expect((await sender.campaignProgress('pin-1')).counts.sent).toBe(2);
  });

  it('when the same deliveries are enqueued twice, then they are stored once and sent once', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'bale', 5, 2000);
    const { sender } = createTestSender(database, sandbox);
    const list = deliveriesFor(users, { campaignId: 'flood-1', platform: 'bale' });

    await sender.enqueue(list);
    expect(await sender.enqueue(list)).toEqual({ inserted: 0, duplicates: 5 });
    await sender.drainOnce();
    await sender.enqueue(list);
    await sender.drainOnce();

    expect(accepted(sandbox, 'bale')).toHaveLength(5);
  });

  it('when a running sender is given new deliveries, then they go out at once, without waiting for a poll', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 5, 2500);
    const { sender } = createTestSender(database, sandbox, { pollIntervalMs: 60_000 });
    sender.start();
    try {
      await sender.drainOnce();
      const started = performance.now();
      await sender.enqueue(deliveriesFor(users, { campaignId: 'late-news' }));
      await sender.drainOnce();
      expect(accepted(sandbox)).toHaveLength(5);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await sender.stop();
    }
  });

  it('when follow-ups arrive one by one while a long campaign goes out, then each goes first and is claimed alone, not with a chunk more', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 600, 7000);
    // At 30/s the sender claims 90 at a time, a chunk whenever it holds fewer than about 45.
    const { sender } = createTestSender(database, sandbox);
    await sender.enqueue(deliveriesFor(users, { campaignId: 'long-wave' }));
    sender.start();
    try {
      await until(() => accepted(sandbox).length >= 10);
      for (let i = 0; i < 5; i++) {
        await sender.enqueue(deliveriesFor([users.at(-1 - i)!], { campaignId: `reply-${i}`, priority: -10 }));
        await until(() => accepted(sandbox).some((d) => d.text?.startsWith(`reply-${i} `)));
      }
      const claimed = await database.models.deliveryClaims.countDocuments();
      expect(claimed - accepted(sandbox).length).toBeLessThanOrEqual(2 * 90);
      expect(accepted(sandbox).length).toBeLessThan(300);
    } finally {
      await sender.stop();
    }
  });

  it('when the platform allows 10/s and chats 1/s, then the sender keeps under both without a single 429', async () => {
    const sandbox = await outbox.sandbox({ limits: { globalPerSecond: 10, perChatPerSecond: 1 } });
    const users = startedUsers(sandbox, 'telegram', 6, 3000);
    const { sender } = createTestSender(database, sandbox, { messagesPerSecond: { telegram: 10 } });
    // Five campaigns to the same six people: 30 messages, five per chat.
    for (let c = 1; c <= 5; c++) await sender.enqueue(deliveriesFor(users, { campaignId: `drill-${c}` }));

    await sender.drainOnce();

    const got = accepted(sandbox);
    expect(got).toHaveLength(30);
    expect(sandbox.stats(TOKENS.telegram).tooManyRequests).toBe(0);
    // Global: no second holds more than the rate (plus the one message that may sit on its edge).
    for (const { at } of got) expect(got.filter((d) => d.at >= at && d.at < at + 1000).length).toBeLessThanOrEqual(11);
    // Per chat: about a second between two messages to one person. Sends leave a second apart, but on a busy machine
    // one can reach the sandbox up to a tenth of a second late, and the next on time.
    for (const user of users) {
      const times = got.filter((d) => d.chatId === user.chatId).map((d) => d.at);
      expect(times).toHaveLength(5);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
    }
    // And not much slower than the limits allow: 30 messages at 10/s, each chat 5 at 1/s.
    expect(got.at(-1)!.at - got[0]!.at).toBeLessThan(7000);
  });

  it('when routine announcements and an urgent call-up are queued together, then the urgent ones go first', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 30, 4000);
    // In the day: announcements wait out Tehran's night.
    const noon = () => tehran('2026-11-23T12:00:00');
    const { sender } = createTestSender(database, sandbox, { messagesPerSecond: { telegram: 20 }, now: noon });
    await sender.enqueue(
      deliveriesFor(users.slice(0, 20), { campaignId: 'newsletter', campaignKind: 'announcement', priority: 9 }),
    );
    await sender.enqueue(deliveriesFor(users.slice(20), { campaignId: 'mass-casualty', priority: 0 }));

    await sender.drainOnce();

    const order = accepted(sandbox).map((d) => (d.text?.startsWith('mass-casualty') ? 'urgent' : 'routine'));
    expect(order).toEqual([...Array(10).fill('urgent'), ...Array(20).fill('routine')]);
  });

  it('when an urgent call-up is enqueued while routine ones are going out, then it overtakes those still queued', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 70, 5000);
    const { sender } = createTestSender(database, sandbox, { messagesPerSecond: { telegram: 20 } });
    await sender.enqueue(deliveriesFor(users.slice(0, 60), { campaignId: 'reminder', priority: 5 }));
    sender.start();
    let before = 0;
    try {
      await until(() => accepted(sandbox).length >= 10);
      before = accepted(sandbox).length;
      await sender.enqueue(deliveriesFor(users.slice(60), { campaignId: 'earthquake', priority: 0 }));
      await until(() => accepted(sandbox).length === 70);
    } finally {
      await sender.stop();
    }

    const texts = accepted(sandbox).map((d) => d.text ?? '');
    const lastUrgent = texts.findLastIndex((t) => t.startsWith('earthquake'));
    // The ten urgent ones go next, ahead of the routine ones already claimed; a few routine sends may be under way.
    expect(lastUrgent).toBeLessThan(before + 10 + 6);
    expect(countByText(accepted(sandbox)).size).toBe(70);
  });

  it('when progress is watched, then the listener hears at most every interval and finally the full count', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 20, 6000);
    const { sender } = createTestSender(database, sandbox, {
      messagesPerSecond: { telegram: 10 },
      progressIntervalMs: 700,
    });
    const heard: { at: number; sent: number }[] = [];
    const unsubscribe = sender.onProgress('camp', (p) => {
      heard.push({ at: performance.now(), sent: p.counts.sent });
    });
    await sender.enqueue(deliveriesFor(users, { campaignId: 'camp' }));
    await sender.drainOnce();
    unsubscribe();

    expect(heard.at(-1)?.sent).toBe(20);
    expect(heard.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < heard.length - 1; i++) expect(heard[i]!.at - heard[i - 1]!.at).toBeGreaterThanOrEqual(650);
  });
});
