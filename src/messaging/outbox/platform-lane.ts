import type { Api } from 'grammy';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import type {
  Cancellation,
  DeliveryRepository,
  NewResult,
  SendableDelivery,
} from '../../persistence/repositories/delivery.repository.ts';
import { isCancelledBy } from '../../persistence/repositories/delivery-view.ts';
import { type BackoffOptions, backoffMs } from './backoff.ts';
import type { CancellationCache } from './cancellation-cache.ts';
import type { OutcomeWriter } from './outcome-writer.ts';
import { ChatPacer, TokenBucket } from './pacing.ts';
import { quietUntil } from './quiet-hours.ts';
import { compareRank, ReadyQueue } from './ready-queue.ts';
import { classifySendError } from './send-failure.ts';
import type { SenderState } from './sender-presence.ts';
import type { Settler } from './settler.ts';

export interface LaneOptions {
  platform: Platform;
  api: Api;
  /** The platform's global rate: this lane sends alone on the platform while it is the platform's sender. */
  messagesPerSecond: number;
  perChatPerSecond: number;
  concurrency: number;
  deliveries: DeliveryRepository;
  /** Whether this instance is the platform's one sender now (SenderPresence); only `sending` claims and sends. */
  senderState: () => SenderState;
  owner: string;
  leaseMs: number;
  /** A send is started only while at least this much of its lease is left. */
  sendTimeoutMs: number;
  maxFailures: number;
  backoff: BackoffOptions;
  pollIntervalMs: number;
  rescanIntervalMs: number;
  scanLimit: number;
  now: () => Date;
  logger: Logger;
  outcomes: OutcomeWriter;
  cancellations: CancellationCache;
  settler: Settler;
  onIdle: () => void;
}

/** A delivery this instance has claimed, until it is sent, handed back or ends. */
interface HeldDelivery extends SendableDelivery {
  /** Epoch milliseconds (wall clock) when the claim runs out. */
  leaseUntil: number;
}

// A 429 without retry_after (Bale) pauses 1 s, 2 s, 4 s… up to 30 s.
const BARE_RATE_LIMIT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

const monotonic = () => performance.now();

/** A small burst lets the pace catch up after a late timer at high rates; at Telegram's 30/s it is one message. */
const burstOf = (rate: number) => Math.floor(rate / 20);

/**
 * The pace is a little under the platform's limit: the platform counts when requests arrive, and the network and
 * a busy event loop bunch a few together; at 97% no second held more than the limit in the fleet tests, and the
 * sender still reaches over 95% of it.
 */
const PACE_SHARE = 0.97;

function chatIdForApi(chatId: string): number | string {
  const number = Number(chatId);
  return /^-?\d+$/.test(chatId) && Number.isSafeInteger(number) ? number : chatId;
}

/** Best first, each delivery once. */
function withoutDuplicates(list: SendableDelivery[]): SendableDelivery[] {
  const seen = new Set<string>();
  return list.filter((d) => !seen.has(d.id) && seen.add(d.id)).sort(compareRank);
}

/**
 * Sends one platform's deliveries. It scans the outbox once per batch (never per message), keeps the candidates in
 * memory best first, claims them a few seconds ahead in bulk, and sends them at the platform's pace, one per chat per
 * interval and a few at a time; outcomes go to the batching writer. Everything it holds is recorded in the claims,
 * so a crash loses nothing: another instance takes the next attempt when the lease runs out.
 */
export class PlatformLane {
  readonly #o: LaneOptions;
  readonly #held = new ReadyQueue<HeldDelivery>();
  /** Ids held, being claimed or in flight, so a fresh scan does not offer them again. */
  readonly #mine = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #bucket: TokenBucket;
  readonly #chats: ChatPacer;
  #candidates: SendableDelivery[] = [];
  #offeredSinceScan: SendableDelivery[] = [];
  #preempt = false;
  #refilling: Promise<void> | undefined;
  #scanRequested = true;
  #lastScanAt = Number.NEGATIVE_INFINITY;
  #nextScanAt = 0;
  #lastScanFoundNothing = false;
  #idleScans = 0;
  /** Recent time per send call (moving average), which sets how many may be in flight. */
  #latencyMs = 100;
  /** How long the last scan took; on FerretDB it grows with the collection. */
  #scanMs = 0;
  /** When deliveries this lane handed back for a backoff become due (monotonic), earliest first. */
  #retryAt: number[] = [];
  #pausedUntil = 0;
  #rateLimitStreak = 0;
  #temporaryStreak = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  /** When the last send started (real-time epoch ms). */
  #lastSendAt = 0;
  #mode: 'run' | 'drain' = 'run';

  constructor(options: LaneOptions) {
    this.#o = options;
    const rate = options.messagesPerSecond * PACE_SHARE;
    this.#bucket = new TokenBucket(rate, burstOf(rate), monotonic());
    this.#chats = new ChatPacer(options.perChatPerSecond);
  }

  get #rate(): number {
    return this.#o.messagesPerSecond * PACE_SHARE;
  }

  /**
   * Claimed at a time: about 3 s of work, enough to hide a scan, little enough that a new urgent campaign waits only
   * seconds and that a crash strands few claims.
   */
  get #chunk(): number {
    return Math.min(2000, Math.max(5, Math.ceil(this.#rate * 3)));
  }

  get platform(): Platform {
    return this.#o.platform;
  }

  get lastSendAt(): number {
    return this.#lastSendAt;
  }

  /**
   * Nothing held, nothing in flight, and the last scan found nothing to send (now or after our own backoffs); or
   * another instance is the platform's sender and this one holds nothing.
   */
  get idle(): boolean {
    if (this.#o.senderState() === 'standby') {
      return !this.#refilling && this.#held.size === 0 && this.#inFlight.size === 0;
    }
    return (
      !this.#refilling &&
      this.#held.size === 0 &&
      this.#inFlight.size === 0 &&
      this.#candidates.length === 0 &&
      !this.#scanRequested &&
      this.#lastScanFoundNothing &&
      this.#retryAt.length === 0
    );
  }

  get busy(): boolean {
    return this.#held.size > 0 || this.#inFlight.size > 0;
  }

  start(mode: 'run' | 'drain'): void {
    this.#running = true;
    this.#mode = mode;
    this.#scanRequested = true;
    this.#pump();
  }

  /** Something was enqueued: scan again now rather than at the next poll. */
  kick(): void {
    this.#scanRequested = true;
    this.#idleScans = 0;
    this.#pump();
  }

  /** Deliveries just enqueued here become candidates at once: the first message need not wait for a scan. */
  offer(deliveries: readonly SendableDelivery[]): void {
    const state = this.#o.senderState();
    if (!this.#running || state === 'standby' || state === 'unknown') return;
    const at = this.#o.now();
    const fresh = deliveries.filter(
      (d) => !this.#mine.has(d.id) && !this.#o.cancellations.covers(d) && !quietUntil(d, at),
    );
    if (fresh.length === 0) return;
    this.#offeredSinceScan.push(...fresh);
    this.#candidates = withoutDuplicates([...this.#candidates, ...fresh]);
    this.#notePreemption();
    // Scan once these run out, to learn that nothing else waits (or find what does) without waiting for a poll.
    this.#lastScanFoundNothing = false;
    this.#nextScanAt = Math.min(this.#nextScanAt, monotonic());
    this.#idleScans = 0;
    this.#pump();
  }

  /** Finishes the sends in flight and hands back every delivery still held, so another instance can go on at once. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#refilling;
    await Promise.all([...this.#inFlight]);
    for (const held of this.#held.drain()) this.#handBack(held);
    this.#candidates = [];
    this.#retryAt = [];
    this.#mine.clear();
  }

  /** The heartbeat said whether this instance sends on the platform; a new sender looks for work at once. */
  turn(isSender: boolean, changed: boolean): void {
    if (isSender && changed) this.kick();
    else this.#pump();
  }

  /** Another instance is the sender now: give back everything held, so it sends those at once. */
  #yieldTurn(): void {
    for (const held of this.#held.drain()) this.#handBack(held);
    this.#candidates = [];
    this.#offeredSinceScan = [];
    this.#retryAt = [];
  }

  /** A cancel made here: forget the covered candidates, and end the covered deliveries this lane holds. */
  applyCancellation(cancellation: Cancellation): void {
    this.#candidates = this.#candidates.filter((d) => !isCancelledBy(d, cancellation));
    for (const held of this.#held.removeWhere((d) => isCancelledBy(d, cancellation))) this.#end(held, 'cancelled');
    this.#pump();
  }

  #pump(): void {
    if (!this.#running) return;
    const state = this.#o.senderState();
    if (state !== 'sending') {
      // A late heartbeat only pauses (the next one resumes the lane); another sender gets everything back.
      if (state === 'standby') this.#yieldTurn();
      clearTimeout(this.#timer);
      if (this.idle) this.#o.onIdle();
      return;
    }
    this.#maybeRefill();
    const stoppedBy = this.#dispatch();
    // What dispatch ended or gave back without a send (cancelled, quiet hours) wakes nothing: refill now if needed.
    this.#maybeRefill();
    if (this.#held.size > 0) {
      this.#o.cancellations.refreshIfStale(() => new Set(this.#held.values().map((d) => d.campaignId)));
    }
    if (this.idle) this.#o.onIdle();
    this.#scheduleWake(stoppedBy);
  }

  #maybeRefill(): void {
    if (this.#refilling) return;
    const now = monotonic();
    if (this.#held.size >= this.#lowWater && !this.#scanRequested && !this.#preempt) return;
    while (this.#retryAt.length > 0 && this.#retryAt[0]! <= now) {
      this.#retryAt.shift();
      this.#scanRequested = true;
    }
    const scan =
      this.#scanRequested ||
      (this.#candidates.length === 0 && now >= this.#nextScanAt) ||
      (this.#candidates.length > 0 && now - this.#lastScanAt >= this.#o.rescanIntervalMs);
    if (!scan && this.#candidates.length === 0) return;
    this.#refilling = this.#refill(scan)
      .catch((error: unknown) => {
        this.#o.logger.error({ err: error, platform: this.platform }, 'could not read or claim deliveries');
        this.#scanRequested = false;
        this.#nextScanAt = monotonic() + this.#o.pollIntervalMs;
      })
      .finally(() => {
        this.#refilling = undefined;
        this.#pump();
      });
  }

  async #refill(scan: boolean): Promise<void> {
    // A periodic rescan (nothing new announced here) claims from what is known first, so the sends never wait on it.
    const claimFirst = scan && !this.#scanRequested && this.#candidates.length > 0;
    if (claimFirst) await this.#claimChunk();
    if (scan) await this.#scan();
    if (!claimFirst) await this.#claimChunk();
  }

  async #scan(): Promise<void> {
    const o = this.#o;
    this.#scanRequested = false;
    this.#lastScanAt = monotonic();
    this.#offeredSinceScan = [];
    // Its own claims stay its own even when its heartbeat is late (a busy machine): those sent but not yet recorded
    // must not look free to itself.
    const found = await o.deliveries.scanReady(o.platform, o.scanLimit, o.owner);
    this.#scanMs = monotonic() - this.#lastScanAt;
    o.settler.add(found.unsettled);
    o.cancellations.addAll(found.cancellations);
    // What was offered while the scan ran may be missing from it; a fresh scan replaces everything else. Routine
    // news found during the quiet hours is left as it is (no write): it becomes a candidate again in the morning.
    const at = o.now();
    this.#candidates = withoutDuplicates([...found.ready, ...this.#offeredSinceScan]).filter(
      (d) => !this.#mine.has(d.id) && !o.cancellations.covers(d) && !quietUntil(d, at),
    );
    this.#offeredSinceScan = [];
    this.#notePreemption();
    this.#lastScanFoundNothing = this.#candidates.length === 0;
    // An idle sender polls less and less often (up to 8× the interval): on FerretDB every scan reads the whole
    // collection, and work enqueued on this instance wakes it at once anyway.
    this.#idleScans = this.#lastScanFoundNothing ? this.#idleScans + 1 : 0;
    const idleInterval = o.pollIntervalMs * 2 ** Math.min(3, Math.max(0, this.#idleScans - 1));
    const pollAt = this.#mode === 'drain' ? Number.POSITIVE_INFINITY : monotonic() + idleInterval;
    this.#nextScanAt = this.#candidates.length > 0 ? monotonic() : Math.min(pollAt, this.#retryAt[0] ?? pollAt);
  }

  /** A candidate better than what is held (an urgent call-up behind routine ones) is claimed without waiting. */
  #notePreemption(): void {
    const best = this.#candidates[0];
    const worstHeld = this.#held.values().at(-1);
    if (best && worstHeld && compareRank(best, worstHeld) < 0) this.#preempt = true;
  }

  async #claimChunk(): Promise<void> {
    const o = this.#o;
    this.#preempt = false;
    if (!this.#running || this.#o.senderState() !== 'sending') return;
    const chunk = this.#candidates.splice(0, this.#chunk);
    if (chunk.length === 0) return;
    for (const delivery of chunk) this.#mine.add(delivery.id);
    const leaseUntil = o.now().getTime() + o.leaseMs;
    let claimed: Set<string>;
    try {
      const requests = chunk.map((d) => ({ ...d, attempt: d.attempt + 1 }));
      claimed = await o.deliveries.claim(requests, o.owner, new Date(leaseUntil));
    } catch (error) {
      for (const delivery of chunk) this.#mine.delete(delivery.id);
      throw error;
    }
    for (const delivery of chunk) {
      if (claimed.has(delivery.id)) this.#held.push({ ...delivery, attempt: delivery.attempt + 1, leaseUntil });
      else this.#mine.delete(delivery.id);
    }
  }

  /**
   * Sends in flight: enough to keep the pace when each call takes `latency` (a far server needs several at 30/s, a
   * near one one or two), never more than the configured few.
   */
  get #maxInFlight(): number {
    const needed = Math.ceil(this.#rate * (this.#latencyMs / 1000) * 1.2) + 1;
    return Math.min(this.#o.concurrency, Math.max(2, needed));
  }

  /**
   * Sends in flight or not yet recorded, at most: half a second at the pace (never fewer than twice the sends in
   * flight), so a crash repeats at most the last second's sends even when result inserts slow down.
   */
  get #unrecordedCap(): number {
    return Math.max(2 * this.#maxInFlight, Math.ceil(this.#rate / 2));
  }

  /** Results were stored: the lane may go on if it waited for them. */
  wake(): void {
    this.#pump();
  }

  /** Refill below this many held deliveries: about 1.5 s of sending, plus however long a scan has been taking. */
  get #lowWater(): number {
    return Math.max(2 * this.#maxInFlight, Math.ceil(this.#rate * (1.5 + this.#scanMs / 1000)));
  }

  /** Starts every send the pace allows now; returns what stopped it, for the next wake-up. */
  #dispatch(): 'full' | 'paused' | 'pace' | 'chats' | 'empty' {
    const o = this.#o;
    for (;;) {
      if (this.#held.size === 0 || o.senderState() !== 'sending') return 'empty';
      if (this.#inFlight.size >= this.#maxInFlight) return 'full';
      // The crash bound: sends not yet recorded stay within half a second's worth; a stored batch wakes the lane.
      if (this.#inFlight.size + o.outcomes.unstoredResults >= this.#unrecordedCap) return 'full';
      const now = monotonic();
      if (now < this.#pausedUntil) return 'paused';
      if (this.#bucket.waitMs(now) > 0) return 'pace';
      const next = this.#held.takeFirst((d) => this.#chats.waitMs(d.chatId, now) === 0);
      if (!next) return 'chats';
      if (o.cancellations.covers(next)) {
        this.#end(next, 'cancelled');
        continue;
      }
      const at = o.now();
      const quietEnds = quietUntil(next, at);
      if (quietEnds) {
        // Claimed before 22:00, due after it: back to the outbox until the morning, as no failure; the same kind
        // still waiting unclaimed is left for the morning's scan.
        this.#release(next, quietEnds);
        this.#candidates = this.#candidates.filter((d) => !quietUntil(d, at));
        continue;
      }
      if (next.leaseUntil - o.now().getTime() < o.sendTimeoutMs) {
        // Too little of the claim is left to finish a send safely (a long 429 pause): let any instance take it anew.
        this.#handBack(next);
        continue;
      }
      this.#bucket.take(now);
      this.#chats.take(next.chatId, now);
      this.#lastSendAt = Date.now();
      const sending: Promise<void> = this.#send(next).finally(() => {
        this.#latencyMs = 0.8 * this.#latencyMs + 0.2 * (monotonic() - now);
        this.#inFlight.delete(sending);
        this.#pump();
      });
      this.#inFlight.add(sending);
    }
  }

  async #send(delivery: HeldDelivery): Promise<void> {
    const o = this.#o;
    const { message } = delivery;
    const options = {
      ...(message.replyMarkup && { reply_markup: message.replyMarkup }),
      ...(message.parseMode && { parse_mode: message.parseMode }),
      ...(message.disableNotification !== undefined && { disable_notification: message.disableNotification }),
    };
    try {
      const sent = await o.api.sendMessage(chatIdForApi(delivery.chatId), message.text, options as never);
      this.#rateLimitStreak = 0;
      this.#temporaryStreak = 0;
      this.#end(delivery, 'sent', { sentMessageId: sent.message_id, sentAt: o.now() });
      return;
    } catch (error) {
      const failure = classifySendError(error);
      const log = { platform: o.platform, delivery: delivery.id, error: failure.description };
      switch (failure.kind) {
        case 'rate-limited': {
          this.#rateLimitStreak += 1;
          const waitMs = failure.retryAfterMs ?? backoffMs(this.#rateLimitStreak, BARE_RATE_LIMIT_BACKOFF);
          this.#pausedUntil = Math.max(this.#pausedUntil, monotonic() + waitMs);
          o.logger.debug({ ...log, waitMs }, 'rate limited; pausing the platform');
          this.#held.push(delivery);
          return;
        }
        case 'unreachable':
          o.logger.info(log, 'recipient unreachable');
          this.#end(delivery, 'blocked', { lastError: failure.description });
          return;
        case 'rejected':
          o.logger.warn(log, 'message refused by the platform');
          this.#end(delivery, 'failed', { lastError: failure.description });
          return;
        case 'temporary': {
          const failures = delivery.failures + 1;
          this.#temporaryStreak += 1;
          if (this.#temporaryStreak >= 3) {
            // Several in a row: the platform itself is struggling, so slow down everything, not just this delivery.
            const waitMs = backoffMs(this.#temporaryStreak - 2, o.backoff);
            this.#pausedUntil = Math.max(this.#pausedUntil, monotonic() + waitMs);
          }
          if (failures >= o.maxFailures) {
            o.logger.warn({ ...log, failures }, 'giving up on a delivery');
            this.#end(delivery, 'failed', { lastError: failure.description });
            return;
          }
          const waitMs = backoffMs(failures, o.backoff);
          o.logger.debug({ ...log, failures, waitMs }, 'temporary failure; retrying later');
          this.#handBack({ ...delivery, failures, lastError: failure.description }, waitMs);
          return;
        }
      }
    }
  }

  #end(delivery: HeldDelivery, state: NewResult['state'], details: Partial<NewResult> = {}): void {
    this.#mine.delete(delivery.id);
    this.#o.outcomes.record({
      id: delivery.id,
      campaignId: delivery.campaignId,
      group: delivery.group,
      recipientKey: delivery.recipientKey,
      state,
      attempt: delivery.attempt,
      ...details,
    });
  }

  /** Gives the delivery back (a hand-over record for its attempt): any instance may take it from `notBefore` on. */
  #release(delivery: HeldDelivery, notBefore?: Date): void {
    this.#mine.delete(delivery.id);
    this.#o.outcomes.release({
      id: delivery.id,
      campaignId: delivery.campaignId,
      attempt: delivery.attempt,
      failures: delivery.failures,
      lastError: delivery.lastError,
      ...(notBefore && { notBefore }),
    });
  }

  /** Gives the delivery back, due at once or after `waitMs`, when this lane looks for it again. */
  #handBack(delivery: HeldDelivery, waitMs = 0): void {
    this.#release(delivery, waitMs > 0 ? new Date(this.#o.now().getTime() + waitMs) : undefined);
    if (waitMs > 0 && this.#running) {
      // A little late rather than early: the scan must find the hand-over's notBefore passed.
      const due = monotonic() + waitMs + 5;
      const index = this.#retryAt.findIndex((at) => at > due);
      this.#retryAt.splice(index < 0 ? this.#retryAt.length : index, 0, due);
    }
  }

  #scheduleWake(stoppedBy: 'full' | 'paused' | 'pace' | 'chats' | 'empty'): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running) return;
    const now = monotonic();
    // A finished send wakes the lane anyway when all slots are busy ('full').
    let at = Number.POSITIVE_INFINITY;
    if (stoppedBy === 'paused') at = this.#pausedUntil;
    else if (stoppedBy === 'pace') at = now + this.#bucket.waitMs(now);
    else if (stoppedBy === 'chats') at = now + this.#held.min((d) => this.#chats.waitMs(d.chatId, now));
    if (!this.#refilling && this.#candidates.length === 0 && this.#held.size < this.#lowWater) {
      at = Math.min(at, this.#nextScanAt, this.#retryAt[0] ?? at);
    }
    if (at === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(() => this.#pump(), Math.max(0, Math.ceil(at - now)));
  }
}
