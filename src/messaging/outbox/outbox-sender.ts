import { randomUUID } from 'node:crypto';
import type { Api } from 'grammy';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import type {
  CampaignProgress,
  CancelScope,
  DeliveryRepository,
  NewDelivery,
  NewResult,
} from '../../persistence/repositories/delivery.repository.ts';
import type { DeliverySenderRepository } from '../../persistence/repositories/delivery-sender.repository.ts';
import type { BackoffOptions } from './backoff.ts';
import { CancellationCache } from './cancellation-cache.ts';
import { OutcomeWriter } from './outcome-writer.ts';
import { PlatformLane } from './platform-lane.ts';
import { type ProgressListener, ProgressNotifier } from './progress-notifier.ts';
import { SenderPresence } from './sender-presence.ts';
import { Settler } from './settler.ts';

/** What features use to send through the outbox (services take this type; they never see grammY). */
export interface Outbox {
  /** Stores deliveries (bulk, unordered) and hands them to the sender; one already stored for the recipient is kept. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<{ inserted: number; duplicates: number }>;
  /** Stops the unsent deliveries of a campaign or of one group; returns how many in that scope are now cancelled. */
  cancel(scope: CancelScope): Promise<number>;
  /** Counts per state, overall and per group. */
  campaignProgress(campaignId: string): Promise<CampaignProgress>;
  /** Calls `listener` at most once per progress interval while the campaign changes; returns the unsubscribe. */
  onProgress(campaignId: string, listener: ProgressListener): () => void;
}

export interface OutboxSender extends Outbox {
  start(): void;
  /** Finishes the sends in flight, hands back what it holds and stores every outcome. */
  stop(): Promise<void>;
  /** Wakes the sender when something was enqueued elsewhere (enqueue() here does it already). */
  kick(): void;
  /** Sends everything sendable now (and retries its own backoffs), then resolves; for tests and one-off runs. */
  drainOnce(): Promise<void>;
}

/** One platform's API, built by createSenderApi (no auto-retry: the sender must see 429s to keep its pace). */
export interface SenderPlatform {
  api: Api;
  /** The platform's global limit for this bot, which every instance sending on it shares. */
  messagesPerSecond: number;
  /** Stores buffered side writes (the message log); called at stop. */
  flush?: () => Promise<void>;
}

export interface UnreachableRecipient {
  recipientKey: string;
  deliveryId: string;
  campaignId: string;
  reason: string | undefined;
}

export interface OutboxSenderOptions {
  /** The outbox, and the heartbeats by which instances choose each platform's one sender and take over claims. */
  repositories: { deliveries: DeliveryRepository; senders: DeliverySenderRepository };
  platforms: ReadonlyMap<Platform, SenderPlatform>;
  perChatPerSecond: number;
  logger: Logger;
  /** Wall clock for leases and timestamps; pacing uses a monotonic clock. */
  now?: () => Date;
  /** Every campaign's progress, throttled like onProgress(). */
  onProgress?: ProgressListener;
  /** The recipient blocked the bot or is gone: mark them unreachable. Called once per delivery, by one instance. */
  onUnreachable?: (recipientKey: string, details: UnreachableRecipient) => void | Promise<void>;
  /** This instance's name in claims; random by default. */
  owner?: string;
  /**
   * At most this many sends in flight per platform (default 8, or one per 25 msg/s of a raised limit); fewer while
   * the API answers quickly.
   */
  concurrency?: number;
  /**
   * How long a claim lasts at most (default 60 s); a crashed instance's deliveries are taken over as soon as its
   * heartbeat stops (three presence intervals), so this only bounds a live instance that stopped sending.
   */
  leaseMs?: number;
  /** A send starts only with this much lease left; keep it above the API timeout (default 30 s). */
  sendTimeoutMs?: number;
  /** Temporary failures before a delivery is `failed` (default 5). */
  maxFailures?: number;
  backoff?: Partial<BackoffOptions>;
  /** How often an idle sender looks for work enqueued elsewhere (default 5 s, slowing to 40 s while it stays idle). */
  pollIntervalMs?: number;
  /** How often every instance renews its heartbeat and sees whether it is each platform's sender (default 1 s). */
  presenceIntervalMs?: number;
  /** How often a busy sender looks for more urgent work enqueued elsewhere (default 15 s). */
  rescanIntervalMs?: number;
  /** Least time between two progress reports of a campaign (default 3 s). */
  progressIntervalMs?: number;
  /** Queued records read per scan (default 10,000). */
  scanLimit?: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2000, maxMs: 5 * 60_000 };

/**
 * The outbox sender: drains the persistent outbox on every platform at that platform's pace, safely alongside other
 * instances, and reports progress and unreachable recipients.
 */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { deliveries, senders } = options.repositories;
  const owner = options.owner ?? randomUUID();
  const logger = options.logger.child({ component: 'outbox', owner });
  const now = options.now ?? (() => new Date());
  const idleWaiters: (() => void)[] = [];
  let mode: 'stopped' | 'run' | 'drain' = 'stopped';

  const progress = new ProgressNotifier({
    load: (campaignId) => deliveries.progress(campaignId),
    intervalMs: options.progressIntervalMs ?? 3000,
    logger,
    everyCampaign: options.onProgress,
  });
  const lanes: PlatformLane[] = [];
  const presence = new SenderPresence({
    senders,
    owner,
    platforms: [...options.platforms.keys()],
    intervalMs: options.presenceIntervalMs ?? 1000,
    logger,
    onTurn: (platform, isSender, changed) => lanes.find((lane) => lane.platform === platform)?.turn(isSender, changed),
    onWork: () => kick(),
    lastSendAt: () => Math.max(0, ...lanes.map((lane) => lane.lastSendAt)),
  });
  const settler = new Settler(deliveries, logger, () => lanes.some((lane) => lane.busy));
  const cancellations = new CancellationCache(deliveries, 1000, logger);

  const reportUnreachable = async (result: NewResult) => {
    try {
      await options.onUnreachable?.(result.recipientKey, {
        recipientKey: result.recipientKey,
        deliveryId: result.id,
        campaignId: result.campaignId,
        reason: result.lastError,
      });
    } catch (error) {
      logger.warn({ err: error, recipientKey: result.recipientKey }, 'onUnreachable failed');
    }
  };

  const checkIdle = () => {
    if (idleWaiters.length === 0 || outcomes.pending > 0 || !lanes.every((lane) => lane.idle)) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const outcomes = new OutcomeWriter({
    deliveries,
    owner,
    logger,
    onRecorded(results) {
      settler.add(
        results.map((r) => ({
          id: r.id,
          state: r.state,
          attempts: r.attempt,
          sentMessageId: r.sentMessageId,
          sentAt: r.sentAt,
          lastError: r.lastError,
        })),
      );
      for (const campaignId of new Set(results.map((r) => r.campaignId))) progress.touch(campaignId);
      for (const result of results) if (result.state === 'blocked') void reportUnreachable(result);
    },
    onFlushed() {
      for (const lane of lanes) lane.wake();
      checkIdle();
    },
  });

  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  for (const [platform, { api, messagesPerSecond }] of options.platforms) {
    lanes.push(
      new PlatformLane({
        platform,
        api,
        messagesPerSecond,
        perChatPerSecond: options.perChatPerSecond,
        // At 1,000/s and ~15 ms a call, 8 in flight allowed 570/s (bench/outbox.bench.ts); the need grows with rate.
        concurrency: options.concurrency ?? Math.max(8, Math.ceil(messagesPerSecond / 25)),
        deliveries,
        senderState: () => presence.senderState(platform),
        owner,
        leaseMs: Math.max(options.leaseMs ?? 60_000, sendTimeoutMs + 1000),
        sendTimeoutMs,
        maxFailures: options.maxFailures ?? 5,
        backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
        pollIntervalMs: options.pollIntervalMs ?? 5000,
        rescanIntervalMs: options.rescanIntervalMs ?? 15_000,
        scanLimit: options.scanLimit ?? 10_000,
        now,
        logger: logger.child({ platform }),
        outcomes,
        cancellations,
        settler,
        onIdle: checkIdle,
      }),
    );
  }

  const whenIdle = () =>
    new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      checkIdle();
    });

  const kick = () => {
    for (const lane of lanes) lane.kick();
  };

  const stopLanes = async () => {
    await Promise.all(lanes.map((lane) => lane.stop()));
    await outcomes.flush();
    await cancellations.settled();
    // Last: everything held is handed back and every outcome stored before another instance takes over.
    await presence.stop();
  };

  return {
    async enqueue(list) {
      // Each stored batch goes straight to this instance's lanes when it is the sender; else the sender hears of it.
      const stored = await deliveries.enqueue(list, {
        onInserted(inserted) {
          for (const lane of lanes) lane.offer(inserted.filter((d) => d.platform === lane.platform));
        },
      });
      if (stored.inserted > 0) presence.noteEnqueued();
      return stored;
    },

    async cancel(scope) {
      const cancellation = await deliveries.cancel(scope);
      cancellations.add(cancellation);
      for (const lane of lanes) lane.applyCancellation(cancellation);
      await outcomes.flush();
      progress.touch(scope.campaignId);
      const after = await deliveries.progress(scope.campaignId);
      const counts = scope.group === undefined ? after.counts : after.groups[scope.group]?.counts;
      return counts?.cancelled ?? 0;
    },

    campaignProgress: (campaignId) => deliveries.progress(campaignId),

    onProgress: (campaignId, listener) => progress.subscribe(campaignId, listener),

    start() {
      if (mode === 'run') return;
      mode = 'run';
      settler.start();
      presence.start();
      for (const lane of lanes) lane.start('run');
      logger.info({ platforms: lanes.map((lane) => lane.platform) }, 'outbox sender started');
    },

    async stop() {
      if (mode === 'stopped') return;
      mode = 'stopped';
      await stopLanes();
      await settler.stop();
      await progress.flush();
      await Promise.all([...options.platforms.values()].map((p) => p.flush?.()));
      for (const resolve of idleWaiters.splice(0)) resolve();
      logger.info('outbox sender stopped');
    },

    kick,

    async drainOnce() {
      if (mode !== 'stopped') {
        await whenIdle();
        return;
      }
      mode = 'drain';
      presence.start();
      for (const lane of lanes) lane.start('drain');
      await whenIdle();
      if (mode !== 'drain') return;
      mode = 'stopped';
      await stopLanes();
      await progress.flush();
      await Promise.all([...options.platforms.values()].map((p) => p.flush?.()));
    },
  };
}
