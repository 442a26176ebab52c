import type { Platform } from '../../domain/platform.ts';
import type { Cancellation, SendableDelivery } from '../../persistence/repositories/delivery.repository.ts';
import { type ClaimOptions, type HeldDelivery, LaneClaims, type Offer, type RefillContext } from './lane-claims.ts';
import { LanePace, monotonic, type PaceOptions, type StopReason } from './lane-pace.ts';
import { LaneResults } from './lane-results.ts';
import { LaneSender, type SendOptions } from './lane-send.ts';
import type { OutcomeWriter } from './outcome-writer.ts';
import { quietUntil } from './quiet-hours.ts';
import type { SenderState } from './sender-presence.ts';

export interface LaneOptions extends ClaimOptions, PaceOptions, SendOptions {
  /** Whether this instance is the platform's one sender now (SenderPresence); only `sending` claims and sends. */
  senderState: () => SenderState;
  /** A send is started only while at least this much of its lease is left. */
  sendTimeoutMs: number;
  outcomes: OutcomeWriter;
  onIdle: () => void;
}

/** Held claims a sender names in its heartbeat at most (10 s at 30/s); a successor scans for the rest. */
const HANDOVER_MOST = 300;

/**
 * Sends one platform's deliveries. It scans the outbox once per batch (never per message), keeps the candidates in
 * memory best first, claims them a few seconds ahead in bulk (LaneClaims), and sends them at the platform's pace
 * (LanePace), one per chat per interval and a few at a time (LaneSender); outcomes go to the batching writer
 * (LaneResults). Everything it holds is recorded in the claims, so a crash loses nothing: another instance takes the
 * next attempt when the lease runs out.
 */
export class PlatformLane {
  readonly #options: LaneOptions;
  readonly #claims: LaneClaims;
  readonly #held: LaneClaims['held'];
  readonly #pace: LanePace;
  readonly #results: LaneResults;
  readonly #sender: LaneSender;
  readonly #refillContext: RefillContext;
  readonly #inFlight = new Set<Promise<void>>();
  /** A scan of the outbox, and a claim of known candidates: each one at a time, both at once (a scan takes seconds). */
  #scanning: Promise<void> | undefined;
  #claiming: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  /** When the last send started, or finished if later (real-time epoch ms). */
  #lastSendAt = 0;
  #mode: 'run' | 'drain' = 'run';

  constructor(options: LaneOptions) {
    this.#options = options;
    this.#claims = new LaneClaims(options);
    this.#held = this.#claims.held;
    this.#pace = new LanePace(options);
    // Direct sends were served or the share changed: bulk sends may go on.
    options.budget.onFree(() => this.#pump());
    this.#results = new LaneResults(options.outcomes, this.#claims, options.now, () => this.#running);
    this.#sender = new LaneSender(options, this.#pace, this.#results, this.#held);
    this.#refillContext = {
      chunk: this.#pace.chunk,
      canClaim: () => this.#running && options.senderState() === 'sending',
      pollsAgain: () => this.#mode !== 'drain',
    };
  }

  get platform(): Platform {
    return this.#options.platform;
  }

  get lastSendAt(): number {
    return this.#lastSendAt;
  }

  /**
   * Nothing held, nothing in flight, and the last scan found nothing to send (now or after our own backoffs); or
   * another instance is the platform's sender and this one holds nothing.
   */
  get idle(): boolean {
    const holdsNothing = !this.#refreshing && this.#held.size === 0 && this.#inFlight.size === 0;
    if (this.#options.senderState() === 'standby') return holdsNothing;
    return holdsNothing && this.#claims.nothingToFind;
  }

  /** Something is held or in flight, or more of a wave this instance is queuing is still to come. */
  get busy(): boolean {
    return this.#held.size > 0 || this.#inFlight.size > 0 || this.#claims.offersExpected;
  }

  start(mode: 'run' | 'drain'): void {
    this.#running = true;
    this.#mode = mode;
    this.#claims.requestScan();
    this.#pump();
  }

  /** Something was enqueued: scan again now rather than at the next poll. */
  kick(): void {
    this.#claims.wakeUp();
    this.#pump();
  }

  /** Deliveries just stored become candidates at once: the first message need not wait for a scan. */
  offer(deliveries: readonly SendableDelivery[], offer: Pick<Offer, 'complete' | 'moreToCome'> = {}): void {
    const state = this.#options.senderState();
    if (!this.#running || state === 'standby' || state === 'unknown') return;
    if (this.#claims.offer(deliveries, { ...offer, draining: this.#mode === 'drain' })) this.#pump();
  }

  /** What this lane holds unsent, best first, as claim ids for its heartbeat (a successor's hand-over after a crash). */
  handover(): string[] {
    return this.#held
      .values()
      .slice(0, HANDOVER_MOST)
      .map((d) => `${d.id}#${d.attempt}`);
  }

  /**
   * Offers the deliveries these claim ids (`id#attempt`) name that are still unsent, each read by `_id`, with no scan
   * of the outbox: the hand-over of a sender that died (a scan finds the same, but takes seconds on FerretDB while
   * the restarted process loads the machine), or what another instance listed as stored (`complete`, see offer).
   */
  offerStored(claimIds: readonly string[], complete: boolean): void {
    if (claimIds.length === 0) return;
    this.#options.deliveries.unsentOf(claimIds).then(
      (unsent) => this.offer(unsent, { complete }),
      (error: unknown) => this.#options.logger.warn({ err: error }, 'could not read the deliveries to offer'),
    );
  }

  /** Finishes the sends in flight and hands back every delivery still held, so another instance can go on at once. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await Promise.all([this.#scanning, this.#claiming]);
    await Promise.all([...this.#inFlight]);
    for (const held of this.#held.drain()) this.#results.handBack(held);
    this.#claims.clear();
  }

  /** The heartbeat said whether this instance sends on the platform; a new sender looks for work at once. */
  turn(isSender: boolean, changed: boolean): void {
    if (isSender && changed) this.kick();
    else this.#pump();
  }

  /** Results were stored: the lane may go on if it waited for them. */
  wake(): void {
    this.#pump();
  }

  /** Another instance is the sender now: give back everything held, so it sends those at once. */
  #yieldTurn(): void {
    for (const held of this.#held.drain()) this.#results.handBack(held);
    this.#claims.forgetCandidates();
  }

  /** A cancel made here: forget the covered candidates, and end the covered deliveries this lane holds. */
  applyCancellation(cancellation: Cancellation): void {
    for (const held of this.#claims.takeCancelled(cancellation)) this.#results.end(held, 'cancelled');
    this.#pump();
  }

  get #lowWater(): number {
    return this.#pace.lowWater(this.#claims.scanMs);
  }

  #pump(): void {
    if (!this.#running) return;
    const state = this.#options.senderState();
    if (state !== 'sending') {
      // A late heartbeat only pauses (the next one resumes the lane); another sender gets everything back.
      if (state === 'standby') this.#yieldTurn();
      clearTimeout(this.#timer);
      if (this.idle) this.#options.onIdle();
      return;
    }
    this.#maybeRefill();
    const stoppedBy = this.#dispatch();
    // What dispatch ended or gave back without a send (cancelled, quiet hours) wakes nothing: refill now if needed.
    this.#maybeRefill();
    if (this.#held.size > 0) {
      this.#options.cancellations.refreshIfStale(() => new Set(this.#held.values().map((d) => d.campaignId)));
    }
    if (this.idle) this.#options.onIdle();
    this.#scheduleWake(stoppedBy);
  }

  get #refreshing(): boolean {
    return this.#scanning !== undefined || this.#claiming !== undefined;
  }

  /** Scans and claims as needed, the two apart: the sends go on from known candidates while a scan runs. */
  #maybeRefill(): void {
    const lowWater = this.#lowWater;
    if (!this.#scanning && this.#claims.scanNeeded(lowWater)) {
      this.#scanning = this.#refillStep(this.#claims.scan(this.#refillContext), 'could not read deliveries', () => {
        this.#claims.scanFailed();
      }).finally(() => {
        this.#scanning = undefined;
        this.#pump();
      });
    }
    if (!this.#claiming && this.#claims.claimNeeded(lowWater)) {
      this.#claiming = this.#refillStep(
        this.#claims.claim(this.#refillContext, lowWater),
        'could not claim deliveries',
        () => {
          this.#claims.claimFailed();
        },
      ).finally(() => {
        this.#claiming = undefined;
        this.#pump();
      });
    }
  }

  /** A scan or a claim: a failure is logged and noted, and the next refill tries again. */
  #refillStep(step: Promise<unknown>, failure: string, noteFailed: () => void): Promise<void> {
    return step.then(
      () => {},
      (error: unknown) => {
        this.#options.logger.error({ err: error, platform: this.platform }, failure);
        noteFailed();
      },
    );
  }

  /** Starts every send the pace allows now; returns what stopped it, for the next wake-up. */
  #dispatch(): StopReason {
    const options = this.#options;
    for (;;) {
      if (this.#held.size === 0 || options.senderState() !== 'sending') return 'empty';
      if (this.#inFlight.size >= this.#pace.maxInFlight) return 'full';
      // The crash bound: sends not yet recorded stay within half a second's worth; a stored batch wakes the lane.
      if (this.#inFlight.size + options.outcomes.unstoredResults >= this.#pace.unrecordedCap) return 'full';
      const now = monotonic();
      if (this.#pace.isPaused(now)) return 'paused';
      if (this.#pace.waitMs(now) > 0) return 'pace';
      const next = this.#held.takeFirst((d) => this.#pace.chatWaitMs(d.chatId, now) === 0);
      if (!next) return 'chats';
      if (this.#sendable(next)) this.#startSend(next, now);
    }
  }

  /** Ends or hands back a delivery that must not be sent now; true when it may be. */
  #sendable(next: HeldDelivery): boolean {
    const options = this.#options;
    if (options.cancellations.covers(next)) {
      this.#results.end(next, 'cancelled');
      return false;
    }
    const at = options.now();
    const quietEnds = quietUntil(next, at);
    if (quietEnds) {
      // Claimed before 22:00, due after it: back to the outbox until the morning, as no failure; the same kind
      // still waiting unclaimed is left for the morning's scan.
      this.#results.release(next, quietEnds);
      this.#claims.dropQuiet(at);
      return false;
    }
    if (next.leaseUntil - options.now().getTime() < options.sendTimeoutMs) {
      // Too little of the claim is left to finish a send safely (a long 429 pause): let any instance take it anew.
      this.#results.handBack(next);
      return false;
    }
    return true;
  }

  #startSend(next: HeldDelivery, now: number): void {
    this.#pace.take(next.chatId, now);
    this.#lastSendAt = Date.now();
    const sending: Promise<void> = this.#sender.send(next).finally(() => {
      // The platform may have counted it as late as this: a successor at a stop starts a second after.
      this.#lastSendAt = Date.now();
      this.#pace.noteFinished(now);
      this.#inFlight.delete(sending);
      this.#pump();
    });
    this.#inFlight.add(sending);
  }

  #scheduleWake(stoppedBy: StopReason): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running) return;
    const now = monotonic();
    // A finished send wakes the lane anyway when all slots are busy ('full').
    let at = this.#pace.wakeAt(stoppedBy, now, () => this.#held.min((d) => this.#pace.chatWaitMs(d.chatId, now)));
    if (!this.#refreshing && this.#held.size < this.#lowWater) {
      at = Math.min(at, this.#claims.nextLookAt);
    }
    if (at === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(() => this.#pump(), Math.max(0, Math.ceil(at - now)));
  }
}
