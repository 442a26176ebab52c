import type { Platform } from '../../domain/platform.ts';
import type {
  Cancellation,
  DeliveryRepository,
  SendableDelivery,
} from '../../persistence/repositories/delivery.repository.ts';
import { isCancelledBy } from '../../persistence/repositories/delivery-view.ts';
import type { CancellationCache } from './cancellation-cache.ts';
import { monotonic } from './lane-pace.ts';
import { quietUntil } from './quiet-hours.ts';
import { compareRank, ReadyQueue } from './ready-queue.ts';
import type { Settler } from './settler.ts';

/** How long after this instance's last offer a running lane scans to confirm nothing else waits. */
export const OFFERS_PAUSE_MS = 1000;
/** The same, when more of the wave was announced: the most its next part may take (else the scan finds it). */
const WAVE_PART_PAUSE_MS = 5000;

export interface Offer {
  /** All there is (another instance's listed enqueue): no scan follows to confirm that nothing else waits. */
  complete?: boolean;
  /** More of the same wave follows: that scan waits for its last part. */
  moreToCome?: boolean;
  /** Drained to the end (tests, one-off runs): that scan comes at once. */
  draining?: boolean;
}

export interface ClaimOptions {
  platform: Platform;
  deliveries: DeliveryRepository;
  owner: string;
  leaseMs: number;
  pollIntervalMs: number;
  rescanIntervalMs: number;
  scanLimit: number;
  now: () => Date;
  cancellations: CancellationCache;
  settler: Settler;
}

/** A delivery this instance has claimed, until it is sent, handed back or ends. */
export interface HeldDelivery extends SendableDelivery {
  /** Epoch milliseconds (wall clock) when the claim runs out. */
  leaseUntil: number;
}

/** What a refill asks of the lane, at the moment it needs the answer. */
export interface RefillContext {
  /** How many deliveries to claim at a time. */
  chunk: number;
  /** Still running and the platform's sender. */
  canClaim: () => boolean;
  /** Poll again when a scan finds nothing (not while draining). */
  pollsAgain: () => boolean;
}

/** Best first, each delivery once. */
function withoutDuplicates(list: SendableDelivery[]): SendableDelivery[] {
  const seen = new Set<string>();
  return list.filter((d) => !seen.has(d.id) && seen.add(d.id)).sort(compareRank);
}

/**
 * What one lane may send next: the candidates its scans and offers found (in memory, best first), the deliveries it
 * has claimed from them in bulk, and when to scan the outbox again.
 */
export class LaneClaims {
  /** Claimed and not yet sent, best first. */
  readonly held = new ReadyQueue<HeldDelivery>();
  readonly #options: ClaimOptions;
  /** Ids held, being claimed or in flight, so a fresh scan does not offer them again. */
  readonly #mine = new Set<string>();
  #candidates: SendableDelivery[] = [];
  #offeredSinceScan: SendableDelivery[] = [];
  #preempt = false;
  #scanRequested = true;
  #lastScanAt = Number.NEGATIVE_INFINITY;
  #nextScanAt = 0;
  #lastScanFoundNothing = false;
  /** No poll scan before this (monotonic): this instance is still offering what it enqueues, chunk after chunk. */
  #offersQuietAt = 0;
  #idleScans = 0;
  /** How long the last scan took; on FerretDB it grows with the collection. */
  #scanMs = 0;
  /** When deliveries this lane handed back for a backoff become due (monotonic), earliest first. */
  #retryAt: number[] = [];
  /** No claim before this (monotonic): the last one failed. */
  #claimsPausedUntil = 0;

  constructor(options: ClaimOptions) {
    this.#options = options;
  }

  get scanMs(): number {
    return this.#scanMs;
  }

  /** This instance is still offering what it enqueues (a wave's next part may come any moment). */
  get offersExpected(): boolean {
    return monotonic() < this.#offersQuietAt;
  }

  /** The last scan found nothing to send, none is asked for, and none of our own backoffs is pending. */
  get nothingToFind(): boolean {
    return (
      this.#candidates.length === 0 && !this.#scanRequested && this.#lastScanFoundNothing && this.#retryAt.length === 0
    );
  }

  /**
   * When to look again (monotonic): with candidates known, when claims may go on (a failed claim pauses them);
   * else the next poll or the first of our backoffs to end.
   */
  get nextLookAt(): number {
    if (this.#candidates.length > 0) return this.#claimsPausedUntil;
    return Math.min(Math.max(this.#nextScanAt, this.#offersQuietAt), this.#retryAt[0] ?? Number.POSITIVE_INFINITY);
  }

  requestScan(): void {
    this.#scanRequested = true;
  }

  /** Something was enqueued: scan again now, and poll at the short interval again. */
  wakeUp(): void {
    this.#scanRequested = true;
    this.#idleScans = 0;
  }

  /**
   * Adds deliveries just enqueued to the candidates; returns false when none was new. The scan that confirms nothing
   * else waits comes a pause after the last offer: on FerretDB it reads the whole outbox, slowing a wave's inserts.
   */
  offer(deliveries: readonly SendableDelivery[], offer: Offer = {}): boolean {
    const at = this.#options.now();
    const fresh = deliveries.filter(
      (d) => !this.#mine.has(d.id) && !this.#options.cancellations.covers(d) && !quietUntil(d, at),
    );
    if (fresh.length === 0) return false;
    this.#offeredSinceScan.push(...fresh);
    this.#candidates = withoutDuplicates([...this.#candidates, ...fresh]);
    this.#notePreemption();
    if (offer.complete) return true;
    // Scan once these run out, to learn that nothing else waits (or find what does) without waiting for a poll.
    this.#lastScanFoundNothing = false;
    this.#nextScanAt = Math.min(this.#nextScanAt, monotonic());
    const pause = offer.draining ? 0 : offer.moreToCome ? WAVE_PART_PAUSE_MS : OFFERS_PAUSE_MS;
    this.#offersQuietAt = monotonic() + pause;
    this.#idleScans = 0;
    return true;
  }

  /** Forgets every candidate and pending backoff (the held deliveries were handed back first). */
  forgetCandidates(): void {
    this.#candidates = [];
    this.#offeredSinceScan = [];
    this.#retryAt = [];
  }

  /** Stopped: forgets everything, ids included. */
  clear(): void {
    this.forgetCandidates();
    this.#mine.clear();
  }

  /** Forgets the candidates a cancellation covers; returns the held deliveries it covers, taken out of the queue. */
  takeCancelled(cancellation: Cancellation): HeldDelivery[] {
    this.#candidates = this.#candidates.filter((d) => !isCancelledBy(d, cancellation));
    return this.held.removeWhere((d) => isCancelledBy(d, cancellation));
  }

  /** Routine candidates that fall in the quiet hours at `at` wait for the morning's scan. */
  dropQuiet(at: Date): void {
    this.#candidates = this.#candidates.filter((d) => !quietUntil(d, at));
  }

  /** The delivery is no longer this lane's (sent, ended or handed back). */
  letGo(id: string): void {
    this.#mine.delete(id);
  }

  /** A delivery handed back for a backoff becomes due at `due` (monotonic): scan for it then. */
  retryAt(due: number): void {
    const index = this.#retryAt.findIndex((at) => at > due);
    this.#retryAt.splice(index < 0 ? this.#retryAt.length : index, 0, due);
  }

  /**
   * Whether to scan the outbox now: one was asked for, the known candidates ran out and the next poll is due, or the
   * last scan is older than the rescan interval. Never while enough is held and nothing asks for one.
   */
  scanNeeded(lowWater: number): boolean {
    const now = monotonic();
    if (this.held.size >= lowWater && !this.#scanRequested) return false;
    while (this.#retryAt.length > 0 && this.#retryAt[0]! <= now) {
      this.#retryAt.shift();
      this.#scanRequested = true;
    }
    return (
      this.#scanRequested ||
      (this.#candidates.length === 0 && now >= this.#nextScanAt && now >= this.#offersQuietAt) ||
      (this.#candidates.length > 0 && now - this.#lastScanAt >= this.#options.rescanIntervalMs)
    );
  }

  /** Whether to claim the next chunk of known candidates: fewer held than wanted, or a better one waits. */
  claimNeeded(lowWater: number): boolean {
    if (this.#candidates.length === 0 || monotonic() < this.#claimsPausedUntil) return false;
    return this.held.size < lowWater || this.#preempt;
  }

  /** Scans the outbox for what may be claimed; the known candidates are claimed meanwhile (a scan takes seconds). */
  scan(lane: RefillContext): Promise<void> {
    return this.#scan(lane);
  }

  /** Claims the next chunk of the known candidates. */
  claim(lane: RefillContext, lowWater: number): Promise<void> {
    return this.#claimChunk(lane, lowWater);
  }

  /** A scan failed: try again at the next poll. */
  scanFailed(): void {
    this.#scanRequested = false;
    this.#nextScanAt = monotonic() + this.#options.pollIntervalMs;
  }

  /** A claim failed (the database): claim again at the next poll rather than at once. */
  claimFailed(): void {
    this.#claimsPausedUntil = monotonic() + this.#options.pollIntervalMs;
  }

  async #scan(lane: RefillContext): Promise<void> {
    const options = this.#options;
    this.#scanRequested = false;
    this.#lastScanAt = monotonic();
    this.#offeredSinceScan = [];
    // Its own claims stay its own even when its heartbeat is late (a busy machine): those sent but not yet recorded
    // must not look free to itself.
    const found = await options.deliveries.scanReady(options.platform, options.scanLimit, options.owner);
    this.#scanMs = monotonic() - this.#lastScanAt;
    options.settler.add(found.unsettled);
    options.cancellations.addAll(found.cancellations);
    // What was offered while the scan ran may be missing from it; a fresh scan replaces everything else. Routine
    // news found during the quiet hours is left as it is (no write): it becomes a candidate again in the morning.
    const at = options.now();
    this.#candidates = withoutDuplicates([...found.ready, ...this.#offeredSinceScan]).filter(
      (d) => !this.#mine.has(d.id) && !options.cancellations.covers(d) && !quietUntil(d, at),
    );
    this.#offeredSinceScan = [];
    this.#notePreemption();
    this.#lastScanFoundNothing = this.#candidates.length === 0;
    // An idle sender polls less and less often (up to 8× the interval): on FerretDB every scan reads the whole
    // collection, and work enqueued on this instance wakes it at once anyway.
    this.#idleScans = this.#lastScanFoundNothing ? this.#idleScans + 1 : 0;
    const idleInterval = options.pollIntervalMs * 2 ** Math.min(3, Math.max(0, this.#idleScans - 1));
    const pollAt = lane.pollsAgain() ? monotonic() + idleInterval : Number.POSITIVE_INFINITY;
    this.#nextScanAt = this.#candidates.length > 0 ? monotonic() : Math.min(pollAt, this.#retryAt[0] ?? pollAt);
  }

  /** A candidate better than what is held (an urgent call-up behind routine ones) is claimed without waiting. */
  #notePreemption(): void {
    const best = this.#candidates[0];
    const worstHeld = this.held.values().at(-1);
    if (best && worstHeld && compareRank(best, worstHeld) < 0) this.#preempt = true;
  }

  /** Candidates ranked before everything held. */
  #aheadOfHeld(): number {
    const worstHeld = this.held.values().at(-1);
    const after = worstHeld ? this.#candidates.findIndex((d) => compareRank(d, worstHeld) >= 0) : 0;
    return after < 0 ? this.#candidates.length : after;
  }

  async #claimChunk(lane: RefillContext, lowWater: number): Promise<void> {
    const options = this.#options;
    const ahead = this.#preempt ? this.#aheadOfHeld() : 0;
    this.#preempt = false;
    if (!lane.canClaim()) return;
    // With enough held, a better candidate (an answer's follow-up) is claimed alone, not with a chunk more: at one
    // follow-up a second, the lane held hundreds, all stranded when it died (`npm run bench -- instances`).
    const size = this.held.size >= lowWater ? Math.min(ahead, lane.chunk) : lane.chunk;
    const chunk = this.#candidates.splice(0, size);
    if (chunk.length === 0) return;
    for (const delivery of chunk) this.#mine.add(delivery.id);
    const leaseUntil = options.now().getTime() + options.leaseMs;
    let claimed: Set<string>;
    try {
      const requests = chunk.map((d) => ({ ...d, attempt: d.attempt + 1 }));
      claimed = await options.deliveries.claim(requests, options.owner, new Date(leaseUntil));
    } catch (error) {
      for (const delivery of chunk) this.#mine.delete(delivery.id);
      throw error;
    }
    for (const delivery of chunk) {
      if (claimed.has(delivery.id)) this.held.push({ ...delivery, attempt: delivery.attempt + 1, leaseUntil });
      else this.#mine.delete(delivery.id);
    }
  }
}
