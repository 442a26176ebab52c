import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import { isHolderGone } from '../../persistence/process-identity.ts';
import type {
  DeliverySenderRepository,
  SenderHeartbeat,
  SenderTerm,
} from '../../persistence/repositories/delivery-sender.repository.ts';
import type { FleetBudget } from '../budget/fleet-budget.ts';
import { BUDGET_WINDOW_MS } from '../budget/send-budget.ts';
import { type Enqueued, EnqueueNews } from './enqueue-news.ts';

export type SenderState = 'unknown' | 'standby' | 'paused' | 'sending';

export interface SenderPresenceOptions {
  senders: DeliverySenderRepository;
  owner: string;
  platforms: readonly Platform[];
  /** How often the heartbeat is renewed; it lives three intervals, and sends stop one interval before it ends. */
  intervalMs: number;
  logger: Logger;
  /** Each heartbeat: whether this instance is the platform's sender, and whether that just changed. */
  onTurn: (platform: Platform, isSender: boolean, changed: boolean) => void;
  /**
   * Work may be waiting on these platforms that this instance did not see enqueued: another instance enqueued it or
   * died holding it.
   */
  onWork: (platforms: Platform[]) => void;
  /** Another instance stored these deliveries (listed in its heartbeat) on a platform this instance sends on. */
  onListed: (platform: Platform, ids: string[]) => void;
  /** When this instance last started a send (real-time epoch ms), so a successor at a stop keeps the chats' pace. */
  lastSendAt: () => number;
  /** Each platform's send limit, split among the live instances through these heartbeats. */
  budget: FleetBudget;
  /** What this instance holds unsent on a platform it sends on (claim ids, best first), named in its heartbeat. */
  handover: (platform: Platform) => string[];
  /** This instance took over from a sender that died holding `claimIds` (its last heartbeat's hand-over). */
  onTakeover: (platform: Platform, claimIds: readonly string[]) => void;
}

/**
 * This instance's heartbeat, and its turn as each platform's only sender.
 *
 * Why one sender per platform rather than a token bucket shared in the database: the platform's limits (30/s
 * globally, 1/s per chat) then hold in one process's memory, at no cost per message, busy or idle, and the one sender
 * reaches the whole limit. Measured on FerretDB-on-SQLite, a shared bucket costs a unique insert per message slot
 * (1.6 ms each, 2.6 ms per batch of 30; two instances racing for the same slots lost half their inserts) on the
 * single SQLite writer that the sends' results already load, and per-chat pacing would need its own shared record;
 * this heartbeat costs 1.4 ms per instance per second. The price is a takeover gap of 3–4 s when the sender dies,
 * which the claims' heartbeats imply anyway.
 *
 * Every running instance renews a heartbeat every `intervalMs` (real time). The platform's sender is the owner of
 * its latest term while that owner's heartbeat lives; when it stops (a crash, or a stop), the first instance to
 * insert the next term follows it (a unique insert: exactly one wins). A sender starts no send later than one
 * interval before its heartbeat would run out, so a successor, which waits for it to run out, never overlaps it, and
 * every chat's last message from the old sender is at least that old.
 */
export class SenderPresence {
  readonly #o: SenderPresenceOptions;
  readonly #turns = new Set<Platform>();
  /** Platforms whose sender has stopped (not died): this instance takes over once its last sends are a second old. */
  readonly #following = new Set<Platform>();
  /** Real-time epoch milliseconds after which this instance must not start a send. */
  #sendsUntil = 0;
  #known = false;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  /** A beat is chained after the one in progress and has not begun. */
  #queued = false;
  readonly #enqueues = new EnqueueNews();
  #live = new Set<string>();

  constructor(options: SenderPresenceOptions) {
    this.#o = options;
  }

  /**
   * `sending`: this instance is the platform's sender; `paused`: it is, but its heartbeat is late, so it starts no
   * send until the next one (or the sender has stopped and this one follows it in a moment); `standby`: another
   * instance sends; `unknown`: before the first heartbeat.
   */
  senderState(platform: Platform): SenderState {
    if (!this.#known) return 'unknown';
    if (!this.#turns.has(platform)) return this.#following.has(platform) ? 'paused' : 'standby';
    return Date.now() < this.#sendsUntil ? 'sending' : 'paused';
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#beatNow();
  }

  /** Stops the heartbeat; the platforms' next senders take over once this one's last send is a second old. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#beating;
    this.#known = false;
    this.#following.clear();
    for (const platform of [...this.#turns]) this.#setTurn(platform, false);
    await this.#o.senders
      .leave(this.#o.owner, new Date(Math.max(Date.now(), this.#o.lastSendAt() + 1000)))
      .catch((error: unknown) => this.#o.logger.warn({ err: error }, 'could not leave the senders'));
  }

  /**
   * Deliveries were stored here (`due`: those that may go now; `unlisted`: others too): tell the platforms' senders
   * now (a beat), unless this instance sends them all.
   */
  noteEnqueued(due: readonly Enqueued[], unlisted: boolean): void {
    if (!this.#running || this.#o.platforms.every((p) => this.#turns.has(p))) return;
    this.#enqueues.note(due, unlisted);
    this.#beatNow();
  }

  #beatNow(): void {
    clearTimeout(this.#timer);
    // A beat waiting for the one in progress tells everything noted until it begins: answers a few milliseconds apart
    // on an instance that is not the sender queued one beat each, three database calls apiece.
    if (this.#queued) return;
    this.#queued = true;
    const previous = this.#beating ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(() => {
        this.#queued = false;
        return this.#beat();
      })
      .catch((error: unknown) => this.#o.logger.warn({ err: error }, 'sender heartbeat failed'))
      .finally(() => {
        if (this.#beating === next) this.#beating = undefined;
      });
    this.#beating = next;
  }

  async #beat(): Promise<void> {
    if (!this.#running) return;
    const { senders, owner, intervalMs } = this.#o;
    const startedAt = Date.now();
    this.#timer = setTimeout(() => this.#beatNow(), intervalMs).unref();
    const enqueued = this.#enqueues.news(startedAt);
    const reserved = this.#o.budget.request();
    const handover = Object.fromEntries([...this.#turns].map((platform) => [platform, this.#o.handover(platform)]));
    const until = new Date(startedAt + 3 * intervalMs);
    const hearts = await senders.beat(owner, until, new Date(startedAt), { enqueued, reserved, handover });
    this.#o.budget.published(reserved);
    const at = Date.now();
    // A heartbeat of a process known to be gone (this one's predecessor, killed) is not waited out.
    const beating = (h: SenderHeartbeat) => h.until.getTime() > at && !isHolderGone(h.owner);
    const live = new Set(hearts.filter((h) => beating(h) || h.owner === owner).map((h) => h.owner));
    const heard = this.#enqueues.read(
      hearts.filter((h) => h.owner !== owner),
      at,
    );
    const work = heard.scan || [...this.#live].some((o) => !live.has(o));
    this.#live = live;
    const terms = await senders.currentTerms();
    let nextBeatAt = startedAt + intervalMs;
    const turns = new Map<Platform, boolean>();
    const handovers = new Map<Platform, readonly string[]>();
    for (const platform of this.#o.platforms) {
      const turn = await this.#turnOn(platform, terms.get(platform), hearts, live, at);
      nextBeatAt = Math.min(nextBeatAt, turn.lookAgainAt);
      turns.set(platform, turn.isSender);
      if (turn.handover) handovers.set(platform, turn.handover);
    }
    // Only now, all at once: renewed but no longer the sender must not look like a sender while terms are read.
    this.#sendsUntil = startedAt + 2 * intervalMs;
    this.#known = true;
    const newlySender = new Set([...turns].filter(([p, isSender]) => isSender && !this.#turns.has(p)).map(([p]) => p));
    for (const [platform, isSender] of turns) this.#setTurn(platform, isSender);
    for (const [platform, claimIds] of handovers) this.#o.onTakeover(platform, claimIds);
    for (const [platform, ids] of heard.ids) if (turns.get(platform)) this.#o.onListed(platform, ids);
    // After the turns: a share that changed wakes the lanes, which must already know whose turn it is.
    this.#o.budget.apply({
      others: hearts.filter((h) => h.owner !== owner && live.has(h.owner)).map((h) => h.reserved ?? {}),
      senderOf: new Set([...turns].filter(([, isSender]) => isSender).map(([platform]) => platform)),
      validForMs: this.#sendsUntil - Date.now(),
    });
    if (this.#running && nextBeatAt < startedAt + intervalMs) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#beatNow(), Math.max(0, nextBeatAt - Date.now())).unref();
    }
    // A platform this instance just became the sender of is scanning already (onTurn): a second scan, right after
    // the first, left the new sender's lane waiting seconds with a few hundred held (a 5,000-card takeover).
    const toWake = this.#o.platforms.filter((platform) => !newlySender.has(platform));
    if (work && toWake.length > 0) this.#o.onWork(toWake);
  }

  /**
   * Whether this instance is the platform's sender now, taking the next term when the last one's holder is gone; and
   * when to look again (the moment another sender's heartbeat would run out, not up to an interval later).
   */
  async #turnOn(
    platform: Platform,
    term: SenderTerm | undefined,
    hearts: readonly SenderHeartbeat[],
    live: ReadonlySet<string>,
    at: number,
  ): Promise<{ isSender: boolean; lookAgainAt: number; handover?: readonly string[] }> {
    const { senders, owner } = this.#o;
    const holder = hearts.find((h) => h.owner === term?.owner && h.owner !== owner);
    const holderUntil = holder?.until.getTime() ?? Number.NEGATIVE_INFINITY;
    const lookAgainAt = holderUntil > at ? holderUntil + 10 : Number.POSITIVE_INFINITY;
    if (holder?.left && holderUntil > at) this.#following.add(platform);
    else this.#following.delete(platform);
    let mine = term?.owner === owner;
    if (!mine && (!term || !live.has(term.owner)) && this.#running) {
      mine = await senders.takeTerm({ platform, term: (term?.term ?? 0) + 1, owner }, new Date());
      if (mine) this.#o.logger.info({ platform, term: (term?.term ?? 0) + 1 }, 'now the platform sender');
      // Its heartbeat still ran: a process known gone (killed, or exited after its stop) sent until its end, which
      // may be moments ago (a takeover comes within 400 ms of a kill), and the platform counts those for a second.
      if (mine && holderUntil > at) this.#o.budget.budget(platform)?.pauseFor(BUDGET_WINDOW_MS);
      // Gone or silent (a heartbeat run out: it sends nothing more, see the class comment), what it held is ours.
      if (mine && holder) return { isSender: this.#running, lookAgainAt, handover: holder.handover?.[platform] ?? [] };
    }
    return { isSender: mine && this.#running, lookAgainAt };
  }

  #setTurn(platform: Platform, isSender: boolean): void {
    const changed = this.#turns.has(platform) !== isSender;
    if (isSender) this.#turns.add(platform);
    else this.#turns.delete(platform);
    // Also when renewed: a lane that paused for a late heartbeat may go on.
    this.#o.onTurn(platform, isSender, changed);
  }
}
