import { describe, expect, it } from 'vitest';
import { createHandlerTimings } from '../../../src/server/handler-timings.ts';

/** A clock a test moves by hand, and a task that takes `ms` on it. */
function manualClock() {
  let now = 0;
  const clock = () => now;
  const taking = (ms: number) => async () => {
    now += ms;
  };
  return { clock, taking };
}

describe('handler timings', () => {
  it('when nothing was handled, then the count and every percentile are 0', () => {
    expect(createHandlerTimings().snapshot()).toEqual({ count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0 });
  });

  it('when updates took 1 to 100 ms, then the percentiles are read within 5% of the true ones', async () => {
    const { clock, taking } = manualClock();
    const timings = createHandlerTimings(clock);
    for (let ms = 1; ms <= 100; ms++) await timings.time(taking(ms));

    const { count, p50Ms, p95Ms, p99Ms } = timings.snapshot();
    expect(count).toBe(100);
    for (const [read, actual] of [
      [p50Ms, 50],
      [p95Ms, 95],
      [p99Ms, 99],
    ] as const) {
      expect(read).toBeGreaterThanOrEqual(actual);
      expect(read).toBeLessThanOrEqual(actual * 1.05 + 0.1);
    }
  });

  it('when a handler throws, then its time is counted and the error reaches the caller', async () => {
    const { clock } = manualClock();
    const timings = createHandlerTimings(clock);
    await expect(timings.time(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(timings.snapshot().count).toBe(1);
  });
});
