import type { Platform } from '../../domain/platform.ts';
import type { ExclusiveEpoch } from '../epoch-cache.ts';
import type { DeliveryState } from '../models/delivery.model.ts';
import type { FinalDeliveryState } from '../models/delivery-result.model.ts';
import type { Models } from '../models/index.ts';
import { createDeliveryClaims } from './delivery-claim.repository.ts';
import { createDeliveryOutcomes } from './delivery-outcome.repository.ts';
import { createDeliveryQueue } from './delivery-queue.repository.ts';
import { createDeliveryReads } from './delivery-read.repository.ts';
import { createDeliveryUpkeep } from './delivery-upkeep.repository.ts';
import { createKeptProgress } from './kept-progress.ts';

export type { DeliveryState, FinalDeliveryState };

/** A message rendered by the caller in the recipient's own locale. */
export interface OutboxMessage {
  text: string;
  /** An inline or reply keyboard as plain JSON, exactly as the Bot API takes it. */
  replyMarkup?: Record<string, unknown> | undefined;
  parseMode?: 'HTML' | 'MarkdownV2' | 'Markdown' | undefined;
  disableNotification?: boolean | undefined;
  /** A map pin: sent as the platform's location message, and as `text` where the platform refuses pins. */
  location?: { latitude: number; longitude: number } | undefined;
}

export interface NewDelivery {
  /** The delivery's id: one per campaign and recipient unless given (a second card to the same person needs its own). */
  id?: string | undefined;
  campaignId: string;
  campaignKind: 'callup' | 'announcement' | 'notice' | 'reminder' | (string & {});
  /** Lower goes first (urgent call-ups 0, announcements last). */
  priority: number;
  platform: Platform;
  chatId: string | number;
  /** The user key, e.g. `"bale:123"`. */
  recipientKey: string;
  /** A part of the campaign that can be cancelled alone, e.g. the specialty code. */
  group?: string | undefined;
  message: OutboxMessage;
  /** Not sent before this time (scheduled reminders). */
  notBefore?: Date | undefined;
}

/** Who a delivery goes to and what it says: the part every view of a delivery shares. */
interface AddressedDelivery {
  id: string;
  campaignId: string;
  campaignKind: string;
  priority: number;
  platform: Platform;
  chatId: string;
  recipientKey: string;
  group?: string;
  message: OutboxMessage;
  createdAt: Date;
}

/** A delivery as readers see it: its record merged with its claims, result and any cancel. */
export interface Delivery extends AddressedDelivery {
  state: DeliveryState;
  /** Claims taken: each send try (a retry after a 429 pause stays within its claim) or take-over takes one. */
  attempts: number;
  /** Temporary failures (5xx, network) so far. */
  failures: number;
  nextAttemptAt: Date;
  sentMessageId?: number;
  sentAt?: Date;
  lastError?: string;
}

/** What a sender needs to send a delivery it may claim. */
export interface SendableDelivery extends AddressedDelivery {
  seq: number;
  /** The latest attempt taken so far (0: never claimed); the next claim is `attempt + 1`. */
  attempt: number;
  failures: number;
  lastError?: string;
}

/** A final state to copy onto the delivery record. */
export interface SettleChange {
  id: string;
  state: FinalDeliveryState;
  attempts: number;
  sentMessageId?: number | undefined;
  sentAt?: Date | undefined;
  lastError?: string | undefined;
}

export interface ReadyScan {
  /** Deliveries no live claim holds, best first (priority, then oldest, then enqueue order). */
  ready: SendableDelivery[];
  /** Deliveries that have ended (result or cancel) while their record still says queued. */
  unsettled: SettleChange[];
  cancellations: Cancellation[];
}

export interface ClaimRequest {
  id: string;
  campaignId: string;
  attempt: number;
  failures: number;
  lastError?: string | undefined;
}

export interface Release extends ClaimRequest {
  /** The next attempt may not start before this (backoff after a temporary failure). */
  notBefore?: Date | undefined;
}

export interface NewResult {
  id: string;
  campaignId: string;
  group?: string | undefined;
  recipientKey: string;
  state: FinalDeliveryState;
  attempt: number;
  sentMessageId?: number | undefined;
  sentAt?: Date | undefined;
  lastError?: string | undefined;
}

export interface CancelScope {
  campaignId: string;
  group?: string | undefined;
}

export interface Cancellation {
  campaignId: string;
  group?: string;
  at: Date;
}

export type StateCounts = Record<DeliveryState, number>;

export interface CampaignProgress {
  campaignId: string;
  total: number;
  counts: StateCounts;
  /** Per group, for deliveries enqueued with one. */
  groups: Record<string, { total: number; counts: StateCounts }>;
}

export interface DeliveryRepository {
  /**
   * Stores new deliveries (bulk, unordered); one already stored for the same campaign and recipient is kept as is.
   * `onInserted` gets each stored batch at once, so a sender can start on it before the rest is written.
   */
  enqueue(
    deliveries: readonly NewDelivery[],
    options?: { onInserted?: (inserted: SendableDelivery[]) => void },
  ): Promise<{ inserted: number; duplicates: number }>;
  /**
   * The platform's deliveries a sender may claim now, best first, reading at most `limit` queued records. Claims of
   * `owner` (the caller) hold until their lease ends even if its heartbeat looks late: it knows it is alive.
   */
  scanReady(platform: Platform, limit: number, owner?: string): Promise<ReadyScan>;
  /**
   * The deliveries of these claims (`deliveryId#attempt`, a crashed sender's hand-over) that have no result yet, as
   * a sender may claim them next; read by `_id` only, so a successor starts on them before any scan of the outbox.
   */
  unsentOf(claimIds: readonly string[]): Promise<SendableDelivery[]>;
  /** Inserts one claim per request; returns the ids this owner got (another instance may hold the rest). */
  claim(requests: readonly ClaimRequest[], owner: string, leaseUntil: Date): Promise<Set<string>>;
  /** Hands claimed deliveries back (same attempt numbers) so any instance may take the next one from `notBefore` on. */
  release(releases: readonly Release[], owner: string): Promise<void>;
  /** Records final states; a delivery that already has one keeps it and is listed under `duplicates`. */
  recordResults(results: readonly NewResult[]): Promise<{ recorded: string[]; duplicates: string[] }>;
  /** Copies final states onto the delivery records (off the hot path: an update is slow on FerretDB). */
  settle(changes: readonly SettleChange[]): Promise<void>;
  /** Stops the unsent deliveries of a campaign, or of one group of it. */
  cancel(scope: CancelScope): Promise<Cancellation>;
  cancellations(campaignIds: readonly string[]): Promise<Cancellation[]>;
  /** Every delivery of the campaign counted by state; kept while this process is alone (see kept-progress.ts). */
  progress(campaignId: string): Promise<CampaignProgress>;
  /** A campaign begun here, nothing of it stored yet: its progress is kept from empty while this process is alone. */
  adoptProgress(campaignId: string): void;
  get(id: string): Promise<Delivery | undefined>;
  /** When the delivery was sent, if it was; one read by `_id` (cheap on FerretDB, unlike `get`). */
  sentAt(id: string): Promise<Date | undefined>;
  listCampaign(campaignId: string): Promise<Delivery[]>;
  /** Who a campaign's sent deliveries reached: read from the small result records, not the deliveries themselves. */
  sentIn(campaignId: string): Promise<{ id: string; recipientKey: string }[]>;
  /** Deletes deliveries enqueued before `date` that have ended, with their claims and results; returns how many. */
  purgeFinishedBefore(date: Date): Promise<number>;
  /** Deletes every delivery to a recipient (data erasure); returns how many. */
  forgetRecipient(recipientKey: string): Promise<number>;
}

export { deliveryId } from './delivery-documents.ts';

export interface DeliveryRepositoryOptions {
  now?: () => Date;
  /** Given, campaign progress is kept while this process is the only instance on the database (see kept-progress). */
  exclusiveEpoch?: ExclusiveEpoch;
}

/** The outbox on four collections: delivery records, claims (one per attempt), results and cancels. */
export function createDeliveryRepository(models: Models, options: DeliveryRepositoryOptions = {}): DeliveryRepository {
  const now = options.now ?? (() => new Date());
  const outcomes = createDeliveryOutcomes(models, now);
  const { progressRows, ...reads } = createDeliveryReads(models, now);
  const upkeep = createDeliveryUpkeep(models, now);
  const kept = createKeptProgress(progressRows, options.exclusiveEpoch);
  return {
    ...createDeliveryQueue(models, now, kept.changed),
    ...createDeliveryClaims(models, now),
    ...outcomes,
    ...reads,
    async recordResults(list) {
      const stored = await outcomes.recordResults(list);
      const recorded = new Set(stored.recorded);
      kept.changed(list.filter((result) => recorded.has(result.id)));
      return stored;
    },
    async cancel(scope) {
      try {
        return await outcomes.cancel(scope);
      } finally {
        kept.drop(scope.campaignId);
      }
    },
    progress: kept.read,
    adoptProgress: kept.adopt,
    async purgeFinishedBefore(date) {
      try {
        return await upkeep.purgeFinishedBefore(date);
      } finally {
        kept.drop();
      }
    },
    async forgetRecipient(recipientKey) {
      try {
        return await upkeep.forgetRecipient(recipientKey);
      } finally {
        kept.drop();
      }
    },
  };
}
