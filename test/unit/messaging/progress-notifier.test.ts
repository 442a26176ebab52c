import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressNotifier } from '../../../src/messaging/outbox/progress-notifier.ts';

const INTERVAL_MS = 700;

describe('campaign progress reports', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('when a slow read is followed by a quick one, then the two reports are still an interval apart', async () => {
    const readTimes = [500, 0];
    const notifier = new ProgressNotifier({
      // The first read of the campaign's counts takes 500 ms (a busy database), the next is instant.
      load: (campaignId) =>
        new Promise((resolve) => setTimeout(() => resolve({ campaignId } as never), readTimes.shift() ?? 0)),
      intervalMs: INTERVAL_MS,
      logger: pino({ level: 'silent' }),
    });
    const heard: number[] = [];
    notifier.subscribe('camp', () => {
      heard.push(performance.now());
    });
    notifier.touch('camp');
    await vi.advanceTimersByTimeAsync(100);
    notifier.touch('camp'); // a change while the first report is being read
    await vi.advanceTimersByTimeAsync(5_000);

    expect(heard).toHaveLength(2);
    expect(heard[1]! - heard[0]!).toBeGreaterThanOrEqual(INTERVAL_MS);
  });
});
