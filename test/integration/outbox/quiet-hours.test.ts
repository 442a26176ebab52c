import { describe, expect, it } from 'vitest';
import { TestClock } from '../../support/bot-harness.ts';
import {
  accepted,
  countByText,
  createTestSender,
  deliveriesFor,
  startedUsers,
  until,
  useOutboxTestbed,
} from '../../support/outbox-harness.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const outbox = await useOutboxTestbed();
const { database } = outbox;

const news = { campaignId: 'news', campaignKind: 'announcement', priority: 100 };
const isNews = (d: { text: string | undefined }) => d.text?.startsWith('news ') === true;

describe('outbox quiet hours (22:00–07:00 Tehran)', () => {
  it('when a drain crosses 22:00, then announcements stop, call-ups still go, and at 07:00 the rest follow once', async () => {
    const sandbox = await outbox.sandbox();
    const readers = startedUsers(sandbox, 'telegram', 30, 1000);
    const called = startedUsers(sandbox, 'telegram', 5, 2000);
    const clock = new TestClock();
    clock.set(tehran('2026-11-23T21:59:50'));
    const { sender, deliveries } = createTestSender(database, sandbox, {
      now: clock.now,
      messagesPerSecond: { telegram: 5 },
    });
    await sender.enqueue(deliveriesFor(readers, news));

    const draining = sender.drainOnce();
    await until(() => accepted(sandbox).filter(isNews).length >= 5);
    clock.set(tehran('2026-11-23T22:00:00'));
    const newsAtTen = accepted(sandbox).filter(isNews).length;
    await sender.enqueue(deliveriesFor(called, { campaignId: 'quake' }));
    await draining;

    const night = accepted(sandbox);
    expect(night.filter((d) => d.text?.startsWith('quake ')).length).toBe(5);
    // Only the sends already in flight at 22:00 may still arrive.
    expect(night.filter(isNews).length - newsAtTen).toBeLessThanOrEqual(4);
    expect(night.filter(isNews).length).toBeLessThan(30);
    const waiting = (await deliveries.listCampaign('news')).filter((d) => d.state === 'queued');
    const handedBack = waiting.filter((d) => d.attempts > 0);
    // Those claimed before 22:00 went back to the outbox until 07:00, with no failure counted.
    expect(handedBack.length).toBeGreaterThan(0);
    for (const d of handedBack) expect(d).toMatchObject({ nextAttemptAt: tehran('2026-11-24T07:00:00'), failures: 0 });

    clock.set(tehran('2026-11-24T06:59:00'));
    await sender.drainOnce();
    expect(accepted(sandbox).length).toBe(night.length);

    clock.set(tehran('2026-11-24T07:00:00'));
    await sender.drainOnce();
    const counts = countByText(accepted(sandbox).filter(isNews));
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await sender.campaignProgress('news')).counts.sent).toBe(30);
  });

  it('when a sender starts at night with announcements already due, then it sends only the call-ups', async () => {
    const sandbox = await outbox.sandbox();
    const readers = startedUsers(sandbox, 'telegram', 5, 3000);
    const called = startedUsers(sandbox, 'telegram', 3, 4000);
    const clock = new TestClock();
    clock.set(tehran('2026-11-23T23:30:00'));
    const setup = createTestSender(database, sandbox, { now: clock.now });
    // Queued at 21:55 (due then) by an instance that has since stopped, and a call-up queued now.
    await setup.deliveries.enqueue(
      deliveriesFor(readers, news).map((d) => ({ ...d, notBefore: tehran('2026-11-23T21:55:00') })),
    );
    await setup.deliveries.enqueue(deliveriesFor(called, { campaignId: 'fire', priority: 10 }));

    const { sender, deliveries } = createTestSender(database, sandbox, { now: clock.now });
    await sender.drainOnce();

    expect(accepted(sandbox).map((d) => d.text?.split(' ')[0])).toEqual(['fire', 'fire', 'fire']);
    const waiting = await deliveries.listCampaign('news');
    expect(waiting.map((d) => d.state)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
  });
});
