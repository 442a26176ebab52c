import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../src/messaging/outbox/backoff.ts';
import { TokenBucket } from '../../../src/messaging/outbox/pacing.ts';
import { compareRank, ReadyQueue } from '../../../src/messaging/outbox/ready-queue.ts';

describe('pacing', () => {
  it('when sends are taken as fast as allowed, then a 30/s bucket spaces them by about 33 ms', () => {
    const bucket = new TokenBucket(30, 1, 0);
    const sentAt: number[] = [];
    for (let t = 0; sentAt.length < 31; t += 1) {
      if (bucket.waitMs(t) === 0) {
        bucket.take(t);
        sentAt.push(t);
      }
    }
    expect(sentAt.at(-1)).toBeGreaterThanOrEqual(999);
    expect(sentAt.at(-1)).toBeLessThanOrEqual(1001);
  });

  it('when the lane is woken only every few milliseconds at a raised rate, then the bucket still keeps that rate', () => {
    // A busy event loop: a timer asked for 1 ms fires 4 ms later, so each wake must start the sends it missed.
    const bucket = new TokenBucket(1000, 1, 0);
    let sent = 0;
    for (let t = 0; t < 1000; t += 4) {
      while (bucket.waitMs(t) === 0) {
        bucket.take(t);
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThanOrEqual(990);
    expect(sent).toBeLessThanOrEqual(1016);
  });

  it('when a bucket was idle, then it allows at most its burst back to back', () => {
    const bucket = new TokenBucket(1000, 50, 0);
    let sent = 0;
    while (bucket.waitMs(10_000) === 0) {
      bucket.take(10_000);
      sent += 1;
    }
    expect(sent).toBe(50);
    expect(bucket.waitMs(10_000)).toBeLessThanOrEqual(1);
  });

  it('when another instance starts sharing the rate, then the bucket keeps what it earned and paces at the new rate', () => {
    const bucket = new TokenBucket(10, 1, 0);
    bucket.take(0);
    bucket.setRate(5, 1, 50);
    // Half a token was earned at 10/s in the first 50 ms; the other half takes 100 ms at 5/s.
    expect(bucket.waitMs(50)).toBeCloseTo(100);
    bucket.take(150);
    expect(bucket.waitMs(150)).toBeCloseTo(200);
  });

  it('when failures grow, then the backoff doubles up to its cap, with at most 20% jitter', () => {
    const options = { baseMs: 1000, maxMs: 10_000 };
    expect(backoffMs(1, options, () => 0.5)).toBe(1000);
    expect(backoffMs(3, options, () => 0.5)).toBe(4000);
    expect(backoffMs(9, options, () => 1)).toBe(10_000);
    expect(backoffMs(2, options, () => 0)).toBe(1600);
  });
});

describe('ready queue', () => {
  const item = (id: string, priority: number, createdAt: number, seq = 0) => ({
    id,
    priority,
    createdAt: new Date(createdAt),
    seq,
  });

  it('when items arrive in any order, then the best comes first: priority, age, enqueue order', () => {
    const queue = new ReadyQueue<ReturnType<typeof item>>();
    for (const it of [item('late', 5, 200), item('urgent', 0, 300), item('b', 5, 100, 1), item('a', 5, 100, 0)]) {
      queue.push(it);
    }
    expect(queue.values().map((i) => i.id)).toEqual(['urgent', 'a', 'b', 'late']);
    expect(compareRank(item('x', 1, 0), item('y', 1, 0))).toBeLessThan(0);
  });

  it('when the best item may not go yet, then the next one that may is taken', () => {
    const queue = new ReadyQueue<ReturnType<typeof item>>();
    queue.push(item('busy-chat', 0, 0));
    queue.push(item('free-chat', 1, 0));
    expect(queue.takeFirst((i) => i.id !== 'busy-chat')?.id).toBe('free-chat');
    expect(queue.size).toBe(1);
  });
});
