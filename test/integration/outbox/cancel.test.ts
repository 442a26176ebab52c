import { describe, expect, it } from 'vitest';
import {
  accepted,
  createTestSender,
  deliveriesFor,
  startedUsers,
  until,
  useOutboxTestbed,
} from '../../support/outbox-harness.ts';

const outbox = await useOutboxTestbed();
const { database } = outbox;

describe('outbox cancel', () => {
  it('when one group of a call-up is cancelled before sending, then only the other group is sent', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 20, 1000);
    const { sender } = createTestSender(database, sandbox);
    await sender.enqueue(deliveriesFor(users.slice(0, 10), { campaignId: 'quake', group: 'nurse' }));
    await sender.enqueue(deliveriesFor(users.slice(10), { campaignId: 'quake', group: 'surgeon' }));

    await sender.cancel({ campaignId: 'quake', group: 'nurse' });
    expect((await sender.campaignProgress('quake')).groups.nurse?.counts.cancelled).toBe(10);
    await sender.drainOnce();

    const chats = new Set(accepted(sandbox).map((d) => d.chatId));
    expect(chats).toEqual(new Set(users.slice(10).map((u) => u.chatId)));
    const progress = await sender.campaignProgress('quake');
    expect(progress.groups.nurse?.counts).toMatchObject({ cancelled: 10, sent: 0, queued: 0 });
    expect(progress.groups.surgeon?.counts).toMatchObject({ sent: 10, cancelled: 0 });
  });

  it('when a group is cancelled mid-broadcast, then no more of it is sent beyond what was in flight', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 40, 2000);
    const { sender } = createTestSender(database, sandbox, { messagesPerSecond: { telegram: 10 } });
    await sender.enqueue(deliveriesFor(users, { campaignId: 'flood', group: 'nurse' }));
    sender.start();
    let sentAtCancel = 0;
    try {
      await until(() => accepted(sandbox).length >= 8);
      await sender.cancel({ campaignId: 'flood', group: 'nurse' });
      sentAtCancel = accepted(sandbox).length;
      const { cancelled } = (await sender.campaignProgress('flood')).counts;
      expect(cancelled).toBeGreaterThanOrEqual(40 - sentAtCancel - 4);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await sender.stop();
    }

    // At most the few sends already in flight (concurrency 4) arrive after the cancel returned.
    expect(accepted(sandbox).length - sentAtCancel).toBeLessThanOrEqual(4);
    const { counts } = await sender.campaignProgress('flood');
    expect(counts.sent + counts.cancelled).toBe(40);
    expect(counts.sent).toBe(accepted(sandbox).length);
  });

  it('when another instance cancels, then this sender stops sending that group within about a second', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 40, 3000);
    const { sender } = createTestSender(database, sandbox, { messagesPerSecond: { telegram: 10 } });
    const other = createTestSender(database, sandbox);
    await sender.enqueue(deliveriesFor(users, { campaignId: 'epidemic', group: 'gp' }));
    sender.start();
    let sentAtCancel = 0;
    try {
      await until(() => accepted(sandbox).length >= 5);
      await other.sender.cancel({ campaignId: 'epidemic', group: 'gp' });
      sentAtCancel = accepted(sandbox).length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      await sender.stop();
    }

    // The cancel is seen at the next refresh (1 s): at 10/s that is about ten more messages, not the other thirty.
    expect(accepted(sandbox).length - sentAtCancel).toBeLessThanOrEqual(16);
    const { counts } = await other.sender.campaignProgress('epidemic');
    expect(counts.sent + counts.cancelled).toBe(40);
  });

  it('when deliveries are enqueued after a cancel, then the cancel does not touch them', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'telegram', 4, 4000);
    const { sender } = createTestSender(database, sandbox);
    await sender.enqueue(deliveriesFor(users.slice(0, 2), { campaignId: 'camp', group: 'dentist' }));
    await sender.cancel({ campaignId: 'camp', group: 'dentist' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sender.enqueue(deliveriesFor(users.slice(2), { campaignId: 'camp', group: 'dentist' }));

    await sender.drainOnce();

    expect(
      accepted(sandbox)
        .map((d) => d.chatId)
        .sort(),
    ).toEqual(users.slice(2).map((u) => u.chatId));
  });

  it('when a whole campaign is cancelled, then nothing of it is sent and other campaigns go on', async () => {
    const sandbox = await outbox.sandbox();
    const users = startedUsers(sandbox, 'bale', 6, 5000);
    const { sender } = createTestSender(database, sandbox);
    await sender.enqueue(deliveriesFor(users.slice(0, 3), { campaignId: 'drill', platform: 'bale', group: 'a' }));
    await sender.enqueue(deliveriesFor(users.slice(3), { campaignId: 'real', platform: 'bale' }));

    await sender.cancel({ campaignId: 'drill' });
    expect((await sender.campaignProgress('drill')).counts.cancelled).toBe(3);
    await sender.drainOnce();

    expect(
      accepted(sandbox, 'bale')
        .map((d) => d.chatId)
        .sort(),
    ).toEqual(users.slice(3).map((u) => u.chatId));
  });
});
