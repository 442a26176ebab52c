import type { Api } from 'grammy';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import type {
  CampaignProgress,
  CancelScope,
  DeliveryRepository,
  NewDelivery,
} from '../../persistence/repositories/delivery.repository.ts';
import type { DeliverySenderRepository } from '../../persistence/repositories/delivery-sender.repository.ts';
import type { SendBudget } from '../budget/send-budget.ts';
import type { BackoffOptions } from './backoff.ts';
import type { ProgressListener } from './progress-notifier.ts';
import { createSenderLifecycle } from './sender-lifecycle.ts';
import { createSenderParts } from './sender-parts.ts';
import { createSettledProgress } from './settled-progress.ts';

/** How long a settled campaign's progress is reused: another instance's new wave shows on the boards within this. */
const SETTLED_PROGRESS_KEPT_MS = 15_000;

export interface EnqueueOptions {
  /**
   * More of the same wave follows within seconds: the sender's scan that confirms nothing else waits (it reads the
   * whole outbox on FerretDB) comes after the last part, not between two of them.
   */
  moreToCome?: boolean;
}

/** What features use to send through the outbox (services take this type; they never see grammY). */
export interface Outbox {
  /** Stores deliveries (bulk, unordered) and hands them to the sender; one already stored for the recipient is kept. */
  enqueue(
    deliveries: readonly NewDelivery[],
    options?: EnqueueOptions,
  ): Promise<{ inserted: number; duplicates: number }>;
  /**
   * Stops the unsent deliveries of a campaign or of one group (their count is in its progress: reading it here would
   * decode the whole campaign on FerretDB, on every specialty that fills while thousands answer).
   */
  cancel(scope: CancelScope): Promise<void>;
  /** Counts per state, overall and per group; a settled campaign's as of a few seconds ago (see settled-progress). */
  campaignProgress(campaignId: string): Promise<CampaignProgress>;
  /**
   * A campaign begun here just now, before anything is enqueued in it: its progress is counted from empty while this
   * process is alone, so a board that first asks when thousands are queued does not read them all meanwhile.
   */
  adoptCampaign(campaignId: string): void;
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
  /** This instance's share of a platform's send limit, for the bot's direct sends (see budgetedSends). */
  sendBudget(platform: Platform): SendBudget | undefined;
  /** Another instance is the platform's sender now. */
  standsBy(platform: Platform): boolean;
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
  /** Sends one chat may get back to back before its rate applies (default: Telegram's, as the sandbox models it). */
  perChatBurst?: number;
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
   * At most this many sends in flight per platform (default 8, or one per 10 msg/s of a raised limit); fewer while
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

/**
 * The outbox sender: drains the persistent outbox on every platform at that platform's pace, safely alongside other
 * instances, and reports progress and unreachable recipients.
 */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const parts = createSenderParts(options);
  const { deliveries, lanes, presence, cancellations, outcomes, progress, budget } = parts;
  const settled = createSettledProgress((campaignId) => deliveries.progress(campaignId), SETTLED_PROGRESS_KEPT_MS);
  return {
    async enqueue(list, enqueueOptions = {}) {
      const campaignIds = new Set(list.map((d) => d.campaignId));
      for (const campaignId of campaignIds) settled.changed(campaignId);
      // Each stored batch goes straight to this instance's lanes when it is the sender; else the sender hears of it.
      const due: { platform: Platform; id: string }[] = [];
      const stored = await deliveries.enqueue(list, {
        onInserted(inserted) {
          for (const lane of lanes) {
            lane.offer(
              inserted.filter((d) => d.platform === lane.platform),
              { moreToCome: enqueueOptions.moreToCome ?? false },
            );
          }
          due.push(...inserted.map(({ platform, id }) => ({ platform, id })));
        },
      });
      if (stored.inserted > 0) presence.noteEnqueued(due, due.length < stored.inserted);
      for (const campaignId of campaignIds) settled.changed(campaignId);
      return stored;
    },

    async cancel(scope) {
      // Stored all the same: another instance's cards enqueued since the progress was read are stopped too.
      const changesNothing = settled.settledIn(scope);
      const cancellation = await deliveries.cancel(scope);
      cancellations.add(cancellation);
      if (changesNothing) return;
      settled.changed(scope.campaignId);
      for (const lane of lanes) lane.applyCancellation(cancellation);
      await outcomes.flush();
      progress.touch(scope.campaignId);
    },

    campaignProgress: settled.read,

    adoptCampaign: (campaignId) => deliveries.adoptProgress(campaignId),

    onProgress: (campaignId, listener) => progress.subscribe(campaignId, listener),

    sendBudget: (platform) => budget.budget(platform),

    standsBy: (platform) => presence.senderState(platform) === 'standby',

    ...createSenderLifecycle(parts, options.platforms),
  };
}
