import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCHING_FROM, OutcomeWriter, RESULT_INTERVAL_MS } from '../../../src/messaging/outbox/outcome-writer.ts';
import type { DeliveryRepository, NewResult } from '../../../src/persistence/repositories/delivery.repository.ts';

const result = (n: number): NewResult => ({
  id: `c:${n}`,
  campaignId: 'c',
  recipientKey: `telegram:${n}`,
  state: 'sent',
  attempt: 1,
});

/** A writer over a database that stores every insert at once, noting each insert's size. */
function writerOverQuickDatabase() {
  const inserts: number[] = [];
  const recorded: string[] = [];
  const deliveries = {
    async recordResults(list: NewResult[]) {
      inserts.push(list.length);
      return { recorded: list.map((r) => r.id), duplicates: [] };
    },
  } as unknown as DeliveryRepository;
  const writer = new OutcomeWriter({
    deliveries,
    owner: 'me',
    logger: pino({ level: 'silent' }),
    onRecorded: (results) => recorded.push(...results.map((r) => r.id)),
    onFlushed: () => {},
  });
  return { writer, inserts, recorded };
}

describe('storing the results of sends', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('when sends finish a millisecond apart on a quick database, then their results go in a few inserts', async () => {
    const { writer, inserts, recorded } = writerOverQuickDatabase();
    for (let n = 0; n < 100; n++) {
      writer.record(result(n));
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.advanceTimersByTimeAsync(RESULT_INTERVAL_MS);
    await writer.flush();

    expect(recorded).toHaveLength(100);
    expect(writer.unstoredResults).toBe(0);
    // 100 ms at 1,000/s: until the stream counts as fast one insert each, then one insert per interval.
    expect(inserts.length).toBeLessThanOrEqual(BATCHING_FROM + Math.ceil(100 / RESULT_INTERVAL_MS) + 1);
  });

  it('when a few cards go out together, then each result is stored at once', async () => {
    const { writer, inserts } = writerOverQuickDatabase();
    for (let n = 0; n < 3; n++) {
      writer.record(result(n));
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(inserts).toEqual([1, 1, 1]);
  });

  it('when a result comes after a quiet while, then it is stored at once', async () => {
    const { writer, inserts } = writerOverQuickDatabase();
    writer.record(result(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(inserts).toEqual([1]);
  });
});
