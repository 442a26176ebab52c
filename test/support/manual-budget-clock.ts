import type { BudgetClock } from '../../src/messaging/budget/send-budget.ts';

export type ManualClock = BudgetClock & { advance(ms: number): void };

/** A clock that moves only when told, running the timers that fall due on the way. */
export function manualClock(): ManualClock {
  let now = 0;
  const timers = new Set<{ at: number; run: () => void }>();
  return {
    now: () => now,
    schedule(run, ms) {
      const timer = { at: now + ms, run };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.delete(due);
        now = Math.max(now, due.at);
        due.run();
      }
      now = end;
    },
  };
}

/** Moves the clock a millisecond at a time, letting what was served see the time it was served at. */
export async function pass(clock: ManualClock, ms: number): Promise<void> {
  for (let i = 0; i < ms; i += 1) {
    clock.advance(1);
    // Several turns: a served send's continuation runs a few promise steps after its timer.
    for (let k = 0; k < 5; k += 1) await Promise.resolve();
  }
}
