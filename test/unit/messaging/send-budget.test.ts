import { describe, expect, it } from 'vitest';
import { FleetBudget } from '../../../src/messaging/budget/fleet-budget.ts';
import { BUDGET_WINDOW_MS, SendBudget } from '../../../src/messaging/budget/send-budget.ts';
import { SendWindow } from '../../../src/messaging/budget/send-window.ts';
import { manualClock, pass } from '../../support/manual-budget-clock.ts';

/** The most times within any window of `windowMs`. */
function mostInAnyWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('send window', () => {
  it('when sends start as fast as allowed, then no window holds more than its slots', () => {
    const window = new SendWindow(30, 1000);
    const sentAt: number[] = [];
    for (let t = 0; t < 5000; t += 7) {
      if (window.waitMs(t) === 0) {
        window.take(t);
        window.finish(t);
        sentAt.push(t);
      }
    }
    expect(mostInAnyWindow(sentAt, 1000)).toBe(30);
    expect(sentAt.length).toBeGreaterThanOrEqual(140);
  });

  it('when its slots shrink, then the sends already in the window count against the new slots', () => {
    const window = new SendWindow(10, 1000);
    for (let i = 0; i < 10; i += 1) {
      window.take(i);
      window.finish(i);
    }
    window.setSlots(4);
    expect(window.waitMs(100)).toBe(906);
    expect(window.waitMs(1006)).toBe(0);
    expect(window.waitMs(1006, 4)).toBe(Number.POSITIVE_INFINITY);
  });

  it('when a send is still in flight, then its slot stays taken until a window after it finished', () => {
    const window = new SendWindow(2, 1000);
    window.take(0);
    window.take(10);
    expect(window.waitMs(2000)).toBe(Number.POSITIVE_INFINITY);
    window.finish(40);
    expect(window.waitMs(500)).toBe(540);
    expect(window.waitMs(1040)).toBe(0);
  });
});

describe('send budget', () => {
  it('when direct sends arrive while the outbox sends flat out, then they go first and no window passes the share', async () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    budget.setSlots(30);
    const sent: { at: number; kind: 'bulk' | 'direct' }[] = [];
    const waits: number[] = [];
    for (let t = 0; t < 10_000; t += 1) {
      if (t % 400 === 0) {
        void budget.direct().then(() => {
          sent.push({ at: clock.now(), kind: 'direct' });
          waits.push(clock.now() - t);
          budget.finished(clock.now());
        });
      }
      if (budget.bulkWaitMs(clock.now()) === 0) {
        budget.takeBulk(clock.now());
        sent.push({ at: clock.now(), kind: 'bulk' });
        budget.finished(clock.now());
      }
      await pass(clock, 1);
    }
    const times = sent.map((s) => s.at).sort((a, b) => a - b);
    // Served a millisecond late at most here (the clock moves by 1 ms steps), so a window of 1,014 ms.
    expect(mostInAnyWindow(times, BUDGET_WINDOW_MS - 1)).toBeLessThanOrEqual(30);
    expect(mostInAnyWindow(times, 1000)).toBeLessThanOrEqual(30);
    // Flat out all the same: 30 a second (each send finished at once here).
    expect(times.length).toBeGreaterThanOrEqual(290);
    expect(sent.filter((s) => s.kind === 'direct')).toHaveLength(25);
    // Each within about one send interval, never behind a queue of bulk sends.
    expect(Math.max(...waits)).toBeLessThanOrEqual(40);
  });

  it('when the network delays some sends more than others, then no second of arrivals at the platform holds more than the share', () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    budget.setSlots(30);
    const arrivals: number[] = [];
    const finishes: number[] = [];
    for (let t = 0; t < 10_000; t += 1) {
      while (finishes.length > 0 && finishes[0]! <= clock.now()) budget.finished(finishes.shift()!);
      if (budget.bulkWaitMs(clock.now()) === 0) {
        budget.takeBulk(clock.now());
        // Every 31st send reaches the platform 50 ms after it left, the others at once; each answer 1 ms later.
        const delayMs = arrivals.length % 31 === 0 ? 50 : 0;
        arrivals.push(clock.now() + delayMs);
        finishes.push(clock.now() + delayMs + 1);
        finishes.sort((x, y) => x - y);
      }
      clock.advance(1);
    }
    arrivals.sort((x, y) => x - y);
    expect(mostInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(30);
    // The round trips cost little: about 29.7 a second here.
    expect(arrivals.length).toBeGreaterThanOrEqual(290);
  });

  it('when the sender is woken late now and then, then it makes up the sends it missed, and no second holds more than the share', () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    budget.setSlots(30);
    const sentAt: number[] = [];
    for (let t = 0; t < 10_000; t += 1) {
      // A busy event loop: every third of a second the lane is 60 ms late to its next look.
      if (t % 333 < 60) {
        clock.advance(1);
        continue;
      }
      while (budget.bulkWaitMs(clock.now()) === 0) {
        budget.takeBulk(clock.now());
        sentAt.push(clock.now());
        budget.finished(clock.now());
      }
      clock.advance(1);
    }
    expect(mostInAnyWindow(sentAt, 1000)).toBeLessThanOrEqual(30);
    // An even bucket alone lost a send at each late look: about 27 a second.
    expect(sentAt.length).toBeGreaterThanOrEqual(295);
  });

  it('when a direct send waits, then it is served within one send interval, ahead of the outbox', async () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    budget.setSlots(30);
    budget.takeBulk(clock.now());
    let servedAt: number | undefined;
    void budget.direct().then(() => {
      servedAt = clock.now();
    });
    expect(budget.bulkWaitMs(clock.now())).toBe(Number.POSITIVE_INFINITY);
    await pass(clock, 100);
    expect(servedAt).toBeLessThanOrEqual(Math.ceil(BUDGET_WINDOW_MS / 30) + 1);
    expect(budget.bulkWaitMs(clock.now())).toBe(0);
  });

  it('when the instance has no share, then a direct send waits until a heartbeat gives it one', async () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    let served = false;
    void budget.direct().then(() => {
      served = true;
    });
    clock.advance(60_000);
    await Promise.resolve();
    expect(served).toBe(false);
    expect(budget.takeDemand()).toBe(1);
    budget.setSlots(1);
    await Promise.resolve();
    expect(served).toBe(true);
  });

  it('when direct sends to one chat come faster than its limit, then past a short burst each waits its turn, in order', async () => {
    const clock = manualClock();
    const budget = new SendBudget(clock, { perSecond: 1, burst: 3 });
    budget.setSlots(30);
    const sent: { chat: string; n: number; at: number }[] = [];
    const send = (chat: string, n: number) =>
      void budget.direct(chat).then(() => {
        sent.push({ chat, n, at: clock.now() });
      });
    for (let n = 1; n <= 5; n += 1) send('coordinator', n);
    send('volunteer', 1);
    await pass(clock, 2500);
    const coordinator = sent.filter((s) => s.chat === 'coordinator');
    expect(coordinator.map((s) => s.n)).toEqual([1, 2, 3, 4, 5]);
    // Three at once (the global share spaces them by its interval), then one a second.
    expect(coordinator[2]!.at).toBeLessThan(200);
    expect(coordinator[3]!.at).toBeGreaterThanOrEqual(1000);
    expect(coordinator[4]!.at - coordinator[3]!.at).toBeGreaterThanOrEqual(1000);
    // Another chat is not held back by the first one's turn.
    expect(sent.find((s) => s.chat === 'volunteer')!.at).toBeLessThan(200);
  });

  it('when the outbox and direct sends write to one chat, then each kind sees the other', () => {
    const budget = new SendBudget(manualClock(), { perSecond: 1, burst: 2 });
    const interval = budget.chats.intervalMs;
    budget.chats.take('volunteer', 0);
    // A reply right after a card goes at once (a short burst), but the outbox's next card keeps a whole interval.
    expect(budget.chats.directWaitMs('volunteer', 100)).toBe(0);
    expect(budget.chats.take('volunteer', 100)).toBe(100);
    expect(budget.chats.waitMs('volunteer', 600)).toBe(interval - 500);
    // The burst is spent: the next direct send waits until the chat has earned one.
    expect(budget.chats.directWaitMs('volunteer', 100)).toBe(Math.ceil(interval - 100));
    expect(budget.chats.directWaitMs('volunteer', 100 + interval)).toBe(0);
    expect(budget.chats.directWaitMs('another', 100)).toBe(0);
  });

  it('when its share runs out unrenewed, then nothing more is sent until the next heartbeat', () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    budget.setSlots(30, 2000);
    expect(budget.bulkWaitMs(clock.now())).toBe(0);
    clock.advance(2000);
    expect(budget.bulkWaitMs(clock.now())).toBe(Number.POSITIVE_INFINITY);
    budget.setSlots(30, 4000);
    expect(budget.bulkWaitMs(clock.now())).toBe(0);
  });

  it('when the platform answers 429, then direct and bulk sends both wait out the pause', async () => {
    const clock = manualClock();
    const budget = new SendBudget(clock);
    budget.setSlots(30);
    budget.pauseFor(3000);
    expect(budget.bulkWaitMs(clock.now())).toBe(3000);
    let servedAt: number | undefined;
    void budget.direct().then(() => {
      servedAt = clock.now();
    });
    await pass(clock, 5000);
    expect(servedAt).toBe(3000);
  });
});

describe('fleet budget', () => {
  const limits = new Map([['telegram', 30] as const]);

  it('when other live instances reserve slots, then the sender gets the limit less their reservations', () => {
    const fleet = new FleetBudget({ limits, intervalMs: 1000, clock: manualClock() });
    fleet.apply({ others: [{ telegram: 2 }, { telegram: 1 }, {}], senderOf: new Set(['telegram']), validForMs: 2000 });
    expect(fleet.budget('telegram')!.slots).toBe(27);
  });

  it('when an instance raises its reservation, then it uses it only once every sender has read it; a cut is at once', () => {
    const clock = manualClock();
    const fleet = new FleetBudget({ limits, intervalMs: 1000, clock });
    const budget = fleet.budget('telegram')!;
    const beat = (reservation: number) => {
      fleet.published({ telegram: reservation });
      fleet.apply({ others: [], senderOf: new Set(), validForMs: 2000 });
    };
    beat(3);
    expect(budget.slots).toBe(0);
    clock.advance(1000);
    beat(3);
    expect(budget.slots).toBe(0);
    clock.advance(1200);
    beat(3);
    expect(budget.slots).toBe(3);
    clock.advance(1000);
    beat(1);
    expect(budget.slots).toBe(1);
    clock.advance(1000);
    beat(4);
    expect(budget.slots).toBe(1);
    clock.advance(2200);
    beat(4);
    expect(budget.slots).toBe(4);
  });

  it('when an instance that is not the sender cuts its reservation, then it never asks less than it sent within the window', async () => {
    const clock = manualClock();
    const fleet = new FleetBudget({ limits, intervalMs: 1000, clock });
    const budget = fleet.budget('telegram')!;
    const sentAt: number[] = [];
    // A burst of replies waits for a reservation, then goes out at it while the asked one falls with the demand.
    for (let i = 0; i < 6; i += 1) {
      void budget.direct().then(() => {
        sentAt.push(clock.now());
        budget.finished(clock.now());
      });
    }
    const beat = () => {
      const asked = fleet.request().telegram!;
      fleet.published({ telegram: asked });
      fleet.apply({ others: [], senderOf: new Set(), validForMs: 2000 });
      return asked;
    };
    for (let second = 0; second < 8; second += 1) {
      const asked = beat();
      // The sender takes the limit less this at once: the sends still in the window must fit in it.
      expect(asked).toBeGreaterThanOrEqual(sentAt.filter((at) => at > clock.now() - BUDGET_WINDOW_MS).length);
      await pass(clock, 1000);
    }
    expect(sentAt).toHaveLength(6);
  });

  it('when direct sends come in, then the reservation asked follows their rate over the last heartbeats, capped', async () => {
    const clock = manualClock();
    const fleet = new FleetBudget({ limits, intervalMs: 1000, clock });
    const budget = fleet.budget('telegram')!;
    budget.setSlots(30);
    expect(fleet.request()).toEqual({ telegram: 0 });
    const send = () => void budget.direct().then(() => budget.finished(clock.now()));
    // One goes at once, two wait: three asked and two behind, over the two heartbeats seen so far.
    for (let i = 0; i < 3; i += 1) send();
    expect(fleet.request()).toEqual({ telegram: 3 });
    for (let i = 0; i < 100; i += 1) send();
    expect(fleet.request()).toEqual({ telegram: 7 });
    for (let beat = 0; beat < 12; beat += 1) {
      await pass(clock, 1000);
      fleet.request();
    }
    expect(fleet.request()).toEqual({ telegram: 0 });
  });
});
