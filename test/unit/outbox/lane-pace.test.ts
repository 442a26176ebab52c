import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendBudget } from '../../../src/messaging/budget/send-budget.ts';
import { defaultConcurrency, LanePace } from '../../../src/messaging/outbox/lane-pace.ts';

function paceAt(messagesPerSecond: number): LanePace {
  return new LanePace({
    messagesPerSecond,
    budget: new SendBudget(),
    concurrency: defaultConcurrency(messagesPerSecond),
    backoff: { baseMs: 2000, maxMs: 60_000 },
  });
}

/** Sends that each took `ms`, as the lane notes them. */
function callsTook(pace: LanePace, ms: number, calls = 30): void {
  for (let i = 0; i < calls; i++) pace.noteFinished(performance.now() - ms);
}

describe('sends in flight', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['performance'] }));
  afterEach(() => vi.useRealTimers());

  it('when the limit is raised to 1,000/s and each call takes 100 ms, then enough may be in flight to keep that pace', () => {
    const pace = paceAt(1000);
    callsTook(pace, 100);
    // 1,000/s × 0.1 s a call: 100 sends in flight keep the pace.
    expect(pace.maxInFlight).toBeGreaterThanOrEqual(100);
  });

  it("when the limit is Telegram's 30/s, then a few in flight suffice and no more are allowed", () => {
    const pace = paceAt(30);
    callsTook(pace, 100);
    expect(pace.maxInFlight).toBeGreaterThanOrEqual(4);
    expect(pace.maxInFlight).toBeLessThanOrEqual(8);
  });
});
