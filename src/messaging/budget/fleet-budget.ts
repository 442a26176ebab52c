import type { Platform } from '../../domain/platform.ts';
import { type BudgetClock, type PerChatLimit, realBudgetClock, SendBudget } from './send-budget.ts';

/** Sends per window that each instance asks to keep for its direct sends, by platform (published in its heartbeat). */
export type Reservations = Partial<Record<Platform, number>>;

/** What one heartbeat saw: the live instances' reservations, and which platforms this instance is the sender of. */
export interface FleetView {
  /** Every other live instance's published reservations. */
  others: readonly Reservations[];
  /** Platforms this instance sends the outbox on. */
  senderOf: ReadonlySet<Platform>;
  /**
   * How long this view holds unless a heartbeat renews it: until others would count this instance dead, or another
   * instance could take over as sender. Past it, this instance sends nothing until a heartbeat gets through.
   */
  validForMs: number;
}

export interface FleetBudgetOptions {
  /** Each platform's limit for the bot, in sends per second. */
  limits: ReadonlyMap<Platform, number>;
  /** Each chat's limit, the same on every platform. */
  perChat?: PerChatLimit;
  /** How often the heartbeat runs; a raised reservation is used only once every sender has read it. */
  intervalMs: number;
  clock?: BudgetClock;
}

/**
 * Heartbeats over which direct sends are averaged to ask for a reservation. Long enough that a steady trickle keeps
 * one steady slot: a shorter average jumps to two slots and back to none, and each raise costs slots (the sender
 * gives them up on reading it, this instance may use them two intervals later) and holds the next reply that long.
 * `npm run bench -- budget` (three instances each replying 0.6 times a second while the sender sends flat out): over
 * 5 heartbeats the fleet sent 0.937–0.947 of its limit and replies waited up to 3.5–3.9 s (p95); over 12, 0.951–0.958
 * and 1.6–2.7 s. A burst of replies is worked off more slowly (24 at once: about 4 slots, 6 s), which is rare on an
 * instance that is not the sender.
 */
const DEMAND_BEATS = 12;
/** No instance keeps more than this share of the limit for direct sends, so the outbox always moves. */
const MOST_RESERVED = 0.25;

/**
 * Splits each bot's send limit among the live instances through their heartbeats, so that at no second does the
 * fleet pass it. The platform's one outbox sender gets the limit less what every other live instance reserves; every
 * other instance gets only its own reservation, sized by its recent direct sends (nothing while it has none).
 *
 * Why this is safe without a lock: an instance lowers its reservation at once, but uses a raised one only two
 * heartbeat intervals after writing it. By then every sender has read it, because a sender starts no send more than
 * two intervals after its last heartbeat began (SenderPresence). A new sender reads every reservation before its
 * first send. The cost is one small field in the heartbeat that every instance writes and reads each second anyway.
 */
export class FleetBudget {
  readonly #o: FleetBudgetOptions;
  readonly #clock: BudgetClock;
  readonly #budgets = new Map<Platform, SendBudget>();
  /** Recent direct sends per heartbeat, newest last. */
  readonly #demand = new Map<Platform, number[]>();
  /** Reservations as written, with when each write was stored (monotonic), oldest first. */
  #published: { at: number; reservations: Reservations }[] = [];
  /** Platforms this instance sent the outbox on, at the last heartbeat. */
  #senderOf: ReadonlySet<Platform> = new Set();

  constructor(options: FleetBudgetOptions) {
    this.#o = options;
    this.#clock = options.clock ?? realBudgetClock;
    for (const platform of options.limits.keys())
      this.#budgets.set(platform, new SendBudget(this.#clock, options.perChat));
  }

  budget(platform: Platform): SendBudget | undefined {
    return this.#budgets.get(platform);
  }

  /** What to reserve now, from the direct sends of the last few heartbeats. */
  request(): Reservations {
    const reservations: Reservations = {};
    for (const [platform, budget] of this.#budgets) {
      const recent = [...(this.#demand.get(platform) ?? []), budget.takeDemand()].slice(-DEMAND_BEATS);
      this.#demand.set(platform, recent);
      // The backlog is worked off over the same heartbeats, so one slow second does not keep many slots for long.
      const perBeat = (recent.reduce((sum, n) => sum + n, 0) + budget.waiting) / recent.length;
      const perWindow = Math.min(Math.ceil(perBeat * (1000 / this.#o.intervalMs)), this.#mostReserved(platform));
      // A cut is used at once, and the sender takes what it frees as soon as it reads it: never below the sends still
      // in the platform's window, or the two together would pass the limit (seen in a simulation: 31 in a second).
      reservations[platform] = this.#senderOf.has(platform) ? perWindow : Math.max(perWindow, budget.sentInWindow());
    }
    return reservations;
  }

  /** The heartbeat stored `reservations` just now. */
  published(reservations: Reservations): void {
    const now = this.#clock.now();
    this.#published.push({ at: now, reservations });
    // Keep the newest write that is old enough to count, and everything after it.
    const settled = this.#published.findLastIndex((p) => p.at <= now - this.#settleMs);
    if (settled > 0) this.#published = this.#published.slice(settled);
  }

  /** Each platform's share for this instance, from what the heartbeat saw. */
  apply(view: FleetView): void {
    this.#senderOf = view.senderOf;
    const now = this.#clock.now();
    const until = now + view.validForMs;
    for (const [platform, budget] of this.#budgets) {
      if (!view.senderOf.has(platform)) {
        budget.setSlots(this.#ownReservation(platform, now), until);
        continue;
      }
      const reserved = view.others.reduce((sum, r) => sum + (r[platform] ?? 0), 0);
      budget.setSlots(Math.max(0, this.#limit(platform) - reserved), until);
    }
  }

  /** The reservation every sender has surely read: the lowest written since the settle time, and before it. */
  #ownReservation(platform: Platform, now: number): number {
    const cutoff = now - this.#settleMs;
    const settledIndex = this.#published.findLastIndex((p) => p.at <= cutoff);
    if (settledIndex < 0) return 0;
    return Math.min(...this.#published.slice(settledIndex).map((p) => p.reservations[platform] ?? 0));
  }

  get #settleMs(): number {
    // Two intervals, and a little for the sender's own timer firing late.
    return 2 * this.#o.intervalMs + 200;
  }

  #limit(platform: Platform): number {
    return Math.floor(this.#o.limits.get(platform) ?? 0);
  }

  #mostReserved(platform: Platform): number {
    return Math.max(1, Math.floor(this.#limit(platform) * MOST_RESERVED));
  }
}
