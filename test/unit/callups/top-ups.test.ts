import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import { createTopUps } from '../../../src/services/callups/top-ups.ts';

const callUp = { id: 'cu000001' } as CallUp;

describe('top-ups after a burst of "can\'t"', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2026, 11, 7, 9, 0, 0) }));
  afterEach(() => vi.useRealTimers());

  it('when several "can\'t" come within the delay, then one top-up starts, named by the last of them', async () => {
    const started: number[] = [];
    const topUps = createTopUps((_, declinedAt) => started.push(declinedAt));
    topUps.soon(callUp);
    await vi.advanceTimersByTimeAsync(2500);
    const last = Date.now();
    topUps.soon(callUp);
    await vi.advanceTimersByTimeAsync(500);
    // Another instance's wave read after the first "can't" only would not have seen the second.
    expect(started).toEqual([last]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started).toHaveLength(1);
  });

  it('when a stop flushes them, then each due top-up starts at once, named by its last "can\'t"', () => {
    const started: number[] = [];
    const topUps = createTopUps((_, declinedAt) => started.push(declinedAt));
    topUps.soon(callUp);
    vi.advanceTimersByTime(1000);
    topUps.soon(callUp);
    topUps.flush();
    expect(started).toEqual([Date.now()]);
  });
});
