// Fleet budget benchmark: the send budgets of several instances split one bot's limit on a simulated clock, with
// nothing but the budget code in play (no network, no database, no load): where the instances bench's ratio goes.
// Instance 1 is the platform's sender and sends bulk flat out; every instance gets direct sends (replies) at random
// moments, BENCH_REPLY_RATE a second on average each; heartbeats every second. Prints the fleet's sends per second as
// a share of the limit (from the 10th second on), the most in any sliding second, and how long a reply waited. Each
// send's answer comes back BENCH_ROUND_TRIP_MS after it left (the instances bench's sends: mean about 5 ms).
// Environment: BENCH_INSTANCES (3), BENCH_LIMIT (30), BENCH_REPLY_RATE (0.6), BENCH_SECONDS (120),
// BENCH_ROUND_TRIP_MS (5).
import process from 'node:process';
import type { Platform } from '../src/domain/platform.ts';
import { FleetBudget, type Reservations } from '../src/messaging/budget/fleet-budget.ts';
import { manualClock } from '../test/support/manual-budget-clock.ts';
import { maxPerSecond, percentile, round } from './support/measure.ts';

const PLATFORM: Platform = 'telegram';
const WARM_UP_MS = 10_000;

/** Milliseconds to the next reply of a Poisson stream at `perSecond`. */
const nextReplyIn = (perSecond: number) => -Math.log(1 - Math.random()) * (1000 / perSecond);

export async function main(): Promise<void> {
  const instances = Number(process.env.BENCH_INSTANCES ?? 3);
  const limit = Number(process.env.BENCH_LIMIT ?? 30);
  const replyRate = Number(process.env.BENCH_REPLY_RATE ?? 0.6);
  const seconds = Number(process.env.BENCH_SECONDS ?? 120);
  const roundTripMs = Number(process.env.BENCH_ROUND_TRIP_MS ?? 5);
  const clock = manualClock();
  const fleet = Array.from(
    { length: instances },
    () => new FleetBudget({ limits: new Map([[PLATFORM, limit]]), intervalMs: 1000, clock }),
  );
  const published: Reservations[] = fleet.map(() => ({}));
  const sends: number[] = [];
  const replyWaits: number[] = [];
  const nextReplyAt = fleet.map(() => (replyRate > 0 ? nextReplyIn(replyRate) : Number.POSITIVE_INFINITY));
  for (let t = 0; t < seconds * 1000; t += 1) {
    clock.advance(1);
    // Let the replies served by the timers that just ran record their time.
    for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    if (t % 1000 === 0) {
      fleet.forEach((budget, i) => {
        published[i] = budget.request();
        budget.published(published[i]!);
      });
      fleet.forEach((budget, i) => {
        budget.apply({
          others: published.filter((_, j) => j !== i),
          senderOf: new Set(i === 0 ? [PLATFORM] : []),
          validForMs: 2000,
        });
      });
    }
    fleet.forEach((budget, i) => {
      if (t < nextReplyAt[i]!) return;
      nextReplyAt[i] = t + nextReplyIn(replyRate);
      const askedAt = clock.now();
      const own = budget.budget(PLATFORM)!;
      void own.direct(`chat ${i}/${t}`).then(() => {
        sends.push(clock.now());
        replyWaits.push(clock.now() - askedAt);
        clock.schedule(() => own.finished(clock.now()), roundTripMs);
      });
    });
    const sender = fleet[0]!.budget(PLATFORM)!;
    if (sender.bulkWaitMs(clock.now()) === 0) {
      sender.takeBulk(clock.now());
      sends.push(clock.now());
      clock.schedule(() => sender.finished(clock.now()), roundTripMs);
    }
  }
  const counted = sends.filter((at) => at >= WARM_UP_MS);
  const perSecond = counted.length / ((seconds * 1000 - WARM_UP_MS) / 1000);
  const result = {
    name: 'budget',
    instances,
    reply_rate: replyRate,
    limit,
    ratio: round(perSecond / limit, 3),
    max_per_second: maxPerSecond(counted),
    reply_wait_p50_ms: Math.round(percentile(replyWaits, 50)),
    reply_wait_p95_ms: Math.round(percentile(replyWaits, 95)),
  };
  console.log(`BENCH ${JSON.stringify(result)}`);
}
