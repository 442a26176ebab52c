import { describe, expect, it } from 'vitest';
import { EnqueueNews } from '../../../src/messaging/outbox/enqueue-news.ts';
import type { SenderHeartbeat } from '../../../src/persistence/repositories/delivery-sender.repository.ts';

/** The heartbeat `owner` would write now, as another instance reads it. */
function heartbeatOf(news: EnqueueNews, now: number): SenderHeartbeat[] {
  const enqueued = news.news(now);
  return [{ owner: 'b', until: new Date(now + 3000), ...(enqueued && { enqueued }) }];
}

describe('what instances tell each other of the deliveries they store', () => {
  it('when an instance stores a few deliveries, then the sender reads their ids once and scans nothing', () => {
    const writer = new EnqueueNews();
    const reader = new EnqueueNews();
    const now = Date.now();
    writer.note([{ platform: 'telegram', id: 'r1' }], false);
    expect(reader.read(heartbeatOf(writer, now), now)).toEqual({ scan: false, ids: new Map([['telegram', ['r1']]]) });
    writer.note([{ platform: 'telegram', id: 'r2' }], false);
    // r1 is still listed, but was read already.
    expect(reader.read(heartbeatOf(writer, now), now)).toEqual({ scan: false, ids: new Map([['telegram', ['r2']]]) });
    expect(reader.read(heartbeatOf(writer, now), now)).toEqual({ scan: false, ids: new Map() });
  });

  it('when an instance stores a wave, then the sender scans; the few stored after it are listed again', () => {
    const writer = new EnqueueNews();
    const reader = new EnqueueNews();
    const now = Date.now();
    const wave = Array.from({ length: 500 }, (_, i) => ({ platform: 'telegram' as const, id: `card${i}` }));
    writer.note(wave, false);
    expect(reader.read(heartbeatOf(writer, now), now)).toEqual({ scan: true, ids: new Map() });
    writer.note([{ platform: 'bale', id: 'r1' }], false);
    expect(reader.read(heartbeatOf(writer, now), now)).toEqual({ scan: false, ids: new Map([['bale', ['r1']]]) });
  });

  it('when a sender misses an enqueue no longer listed, then it scans', () => {
    const writer = new EnqueueNews();
    const reader = new EnqueueNews();
    const now = Date.now();
    writer.note([{ platform: 'telegram', id: 'r1' }], false);
    reader.read(heartbeatOf(writer, now), now);
    writer.note([{ platform: 'telegram', id: 'r2' }], false);
    // The reader's heartbeat comes long after the writer's, which listed r2 only for a few seconds.
    const later = now + 60_000;
    expect(reader.read(heartbeatOf(writer, later), later)).toEqual({ scan: true, ids: new Map() });
  });
});
