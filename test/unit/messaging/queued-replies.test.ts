import { describe, expect, it } from 'vitest';
import { createQueuedReplies, REPLY_PRIORITY } from '../../../src/messaging/send-through-outbox.ts';
import type { NewDelivery } from '../../../src/persistence/repositories/delivery.repository.ts';

/** An outbox that keeps what it is given, one delivery per id as the real one does. */
function keepingOutbox(standsBy: boolean) {
  const stored = new Map<string, NewDelivery>();
  return {
    stored,
    standsBy: () => standsBy,
    async enqueue(list: readonly NewDelivery[]) {
      for (const d of list) if (!stored.has(d.id!)) stored.set(d.id!, d);
      return { inserted: list.length, duplicates: 0 };
    },
  };
}

describe("an answer's follow-up queued in the outbox", () => {
  it('when it is queued, then its details and pin keep their order, ahead of every card, and a redelivered update adds nothing', async () => {
    const outbox = keepingOutbox(true);
    const replies = createQueuedReplies(outbox);
    const to = { platform: 'telegram' as const, chatId: '7' };
    const pin = { text: 'محل', location: { latitude: 35.7, longitude: 51.4 } };
    await replies.send('100', to, 'telegram:7', [{ text: 'جزئیات' }, pin]);
    await replies.send('100', to, 'telegram:7', [{ text: 'جزئیات' }, pin]);

    const queued = [...outbox.stored.values()];
    expect(queued.map((d) => d.message)).toEqual([{ text: 'جزئیات' }, { text: 'محل', location: pin.location }]);
    expect(queued.every((d) => d.priority === REPLY_PRIORITY && d.priority < 0)).toBe(true);
    expect(replies.queues('telegram')).toBe(true);
  });

  it('when two chats answer in updates that carry the same id (a sequence started again), then each gets its own', async () => {
    const outbox = keepingOutbox(true);
    const replies = createQueuedReplies(outbox);
    await replies.send('100', { platform: 'bale', chatId: '7' }, 'bale:7', [{ text: 'جزئیات' }]);
    await replies.send('100', { platform: 'bale', chatId: '8' }, 'bale:8', [{ text: 'جزئیات' }]);

    expect([...outbox.stored.values()].map((d) => d.chatId)).toEqual(['7', '8']);
  });
});
