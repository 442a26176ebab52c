import { randomUUID } from 'node:crypto';
import type { Platform } from '../../domain/platform.ts';
import { INSERT_CHUNK, insertUnordered } from '../insert-unordered.ts';
import {
  DELIVERY_STATES,
  type DeliveryDocument,
  type DeliveryState,
  type StoredOutboxMessage,
} from '../models/delivery.model.ts';
import type { DeliveryCancellationDocument } from '../models/delivery-cancellation.model.ts';
import type { DeliveryClaimDocument } from '../models/delivery-claim.model.ts';
import type { DeliveryResultDocument, FinalDeliveryState } from '../models/delivery-result.model.ts';
import type { Models } from '../models/index.ts';
import { liveSenderOwners } from './delivery-sender.repository.ts';
import {
  type DeliveryFacts,
  effectiveState,
  isCancelledBy,
  isClaimFree,
  type LatestClaim,
  latestClaims,
} from './delivery-view.ts';

export type { DeliveryState, FinalDeliveryState };

/** A message rendered by the caller in the recipient's own locale. */
export interface OutboxMessage {
  text: string;
  /** An inline or reply keyboard as plain JSON, exactly as the Bot API takes it. */
  replyMarkup?: Record<string, unknown> | undefined;
  parseMode?: 'HTML' | 'MarkdownV2' | 'Markdown' | undefined;
  disableNotification?: boolean | undefined;
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

/** A delivery as readers see it: its record merged with its claims, result and any cancel. */
export interface Delivery {
  id: string;
  campaignId: string;
  campaignKind: string;
  priority: number;
  platform: Platform;
  chatId: string;
  recipientKey: string;
  group?: string;
  message: OutboxMessage;
  state: DeliveryState;
  /** Claims taken: each send try (a retry after a 429 pause stays within its claim) or take-over takes one. */
  attempts: number;
  /** Temporary failures (5xx, network) so far. */
  failures: number;
  nextAttemptAt: Date;
  sentMessageId?: number;
  sentAt?: Date;
  lastError?: string;
  createdAt: Date;
}

/** What a sender needs to send a delivery it may claim. */
export interface SendableDelivery {
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
  progress(campaignId: string): Promise<CampaignProgress>;
  get(id: string): Promise<Delivery | undefined>;
  /** When the delivery was sent, if it was; one read by `_id` (cheap on FerretDB, unlike `get`). */
  sentAt(id: string): Promise<Date | undefined>;
  listCampaign(campaignId: string): Promise<Delivery[]>;
  /** Deletes deliveries enqueued before `date` that have ended, with their claims and results; returns how many. */
  purgeFinishedBefore(date: Date): Promise<number>;
  /** Deletes every delivery to a recipient (data erasure); returns how many. */
  forgetRecipient(recipientKey: string): Promise<number>;
}

export function deliveryId(campaignId: string, recipientKey: string): string {
  return `${campaignId}:${recipientKey}`;
}

const claimId = (id: string, attempt: number) => `${id}#${attempt}`;

function toStoredMessage(message: OutboxMessage): StoredOutboxMessage {
  return {
    text: message.text,
    ...(message.replyMarkup && { replyMarkupJson: JSON.stringify(message.replyMarkup) }),
    ...(message.parseMode && { parseMode: message.parseMode }),
    ...(message.disableNotification !== undefined && { disableNotification: message.disableNotification }),
  };
}

function toOutboxMessage(stored: StoredOutboxMessage): OutboxMessage {
  return {
    text: stored.text,
    ...(stored.replyMarkupJson && { replyMarkup: JSON.parse(stored.replyMarkupJson) as Record<string, unknown> }),
    ...(stored.parseMode && { parseMode: stored.parseMode as OutboxMessage['parseMode'] }),
    ...(stored.disableNotification != null && { disableNotification: stored.disableNotification }),
  };
}

function emptyCounts(): StateCounts {
  return Object.fromEntries(DELIVERY_STATES.map((state) => [state, 0])) as StateCounts;
}

function toCancellation(doc: DeliveryCancellationDocument): Cancellation {
  return { campaignId: doc.campaignId, ...(doc.group != null && { group: doc.group }), at: doc.at };
}

function settleFromResult(result: DeliveryResultDocument): SettleChange {
  return {
    id: result._id,
    state: result.state,
    attempts: result.attempt,
    sentMessageId: result.sentMessageId,
    sentAt: result.sentAt,
    lastError: result.lastError,
  };
}

function toSendable(doc: DeliveryDocument, claim?: LatestClaim): SendableDelivery {
  const lastError = claim?.lastError ?? doc.lastError;
  return {
    id: doc._id,
    campaignId: doc.campaignId,
    campaignKind: doc.campaignKind,
    priority: doc.priority,
    platform: doc.platform,
    chatId: doc.chatId,
    recipientKey: doc.recipientKey,
    ...(doc.group != null && { group: doc.group }),
    message: toOutboxMessage(doc.message),
    createdAt: doc.createdAt,
    seq: doc.seq,
    attempt: Math.max(doc.attempts, claim?.attempt ?? 0),
    failures: claim?.failures ?? 0,
    ...(lastError != null && { lastError }),
  };
}

export function createDeliveryRepository(models: Models, options: { now?: () => Date } = {}): DeliveryRepository {
  const { deliveries, deliveryClaims: claims, deliveryResults: results, deliveryCancellations } = models;
  const now = options.now ?? (() => new Date());

  /** Everything known about some deliveries of the given campaigns, merged into what readers see. */
  async function mergedView(docs: DeliveryDocument[], campaignIds: readonly string[]): Promise<Delivery[]> {
    if (docs.length === 0) return [];
    const filter = { campaignId: { $in: [...campaignIds] } };
    const [resultDocs, claimDocs, cancelDocs] = await Promise.all([
      results.find(filter).lean<DeliveryResultDocument[]>(),
      claims.find(filter).lean<DeliveryClaimDocument[]>(),
      deliveryCancellations.find(filter).lean<DeliveryCancellationDocument[]>(),
    ]);
    const resultById = new Map(resultDocs.map((r) => [r._id, r]));
    const latest = latestClaims(claimDocs);
    const at = now();
    return docs.map((doc) => {
      const result = resultById.get(doc._id);
      const claim = latest.get(doc._id);
      const facts: DeliveryFacts = { doc, result, latestClaim: claim, cancellations: cancelDocs };
      const lastError = result?.lastError ?? claim?.lastError ?? doc.lastError;
      const sentMessageId = result?.sentMessageId ?? doc.sentMessageId;
      const sentAt = result?.sentAt ?? doc.sentAt;
      return {
        id: doc._id,
        campaignId: doc.campaignId,
        campaignKind: doc.campaignKind,
        priority: doc.priority,
        platform: doc.platform,
        chatId: doc.chatId,
        recipientKey: doc.recipientKey,
        ...(doc.group != null && { group: doc.group }),
        message: toOutboxMessage(doc.message),
        state: effectiveState(facts, at),
        attempts: Math.max(doc.attempts, claim?.attempt ?? 0, result?.attempt ?? 0),
        failures: claim?.failures ?? 0,
        nextAttemptAt: claim?.notBefore ?? doc.nextAttemptAt,
        ...(sentMessageId != null && { sentMessageId }),
        ...(sentAt != null && { sentAt }),
        ...(lastError != null && { lastError }),
        createdAt: doc.createdAt,
      };
    });
  }

  return {
    async enqueue(list, enqueueOptions = {}) {
      const createdAt = now();
      const docs: DeliveryDocument[] = list.map((d, seq) => ({
        _id: d.id ?? deliveryId(d.campaignId, d.recipientKey),
        campaignId: d.campaignId,
        campaignKind: d.campaignKind,
        priority: d.priority,
        platform: d.platform,
        chatId: String(d.chatId),
        recipientKey: d.recipientKey,
        ...(d.group !== undefined && { group: d.group }),
        message: toStoredMessage(d.message),
        state: 'queued',
        attempts: 0,
        nextAttemptAt: d.notBefore ?? createdAt,
        createdAt,
        seq,
      }));
      const { onInserted } = enqueueOptions;
      const { duplicateIndexes } = await insertUnordered(
        (chunk) => deliveries.collection.insertMany(chunk, { ordered: false }),
        docs,
        onInserted &&
          ((inserted) => onInserted(inserted.filter((d) => d.nextAttemptAt <= createdAt).map((d) => toSendable(d)))),
      );
      return { inserted: docs.length - duplicateIndexes.size, duplicates: duplicateIndexes.size };
    },

    async scanReady(platform, limit, owner) {
      const at = now();
      // FerretDB decodes the whole collection for any filter but `_id`, so this runs once per batch, never per message.
      const docs = await deliveries
        .find({ platform, state: 'queued', nextAttemptAt: { $lte: at } })
        .sort({ priority: 1, createdAt: 1, seq: 1 })
        .limit(limit)
        .lean<DeliveryDocument[]>();
      if (docs.length === 0) return { ready: [], unsettled: [], cancellations: [] };
      const filter = { campaignId: { $in: [...new Set(docs.map((d) => d.campaignId))] } };
      const [resultDocs, claimDocs, cancelDocs, liveOwners] = await Promise.all([
        results.find(filter).lean<DeliveryResultDocument[]>(),
        claims.find(filter).lean<DeliveryClaimDocument[]>(),
        deliveryCancellations.find(filter).lean<DeliveryCancellationDocument[]>(),
        // Heartbeats run on real time, whatever business clock the repository was given.
        liveSenderOwners(models, new Date()),
      ]);
      if (owner !== undefined) liveOwners.add(owner);
      const resultById = new Map(resultDocs.map((r) => [r._id, r]));
      const latest = latestClaims(claimDocs);
      const ready: SendableDelivery[] = [];
      const unsettled: SettleChange[] = [];
      for (const doc of docs) {
        const result = resultById.get(doc._id);
        const claim = latest.get(doc._id);
        if (result) {
          unsettled.push(settleFromResult(result));
        } else if (cancelDocs.some((c) => isCancelledBy(doc, c))) {
          unsettled.push({ id: doc._id, state: 'cancelled', attempts: Math.max(doc.attempts, claim?.attempt ?? 0) });
        } else if (!claim || isClaimFree(claim, at, liveOwners)) {
          ready.push(toSendable(doc, claim));
        }
      }
      return { ready, unsettled, cancellations: cancelDocs.map(toCancellation) };
    },

    async claim(requests, owner, leaseUntil) {
      const createdAt = now();
      const docs: DeliveryClaimDocument[] = requests.map((r) => ({
        _id: claimId(r.id, r.attempt),
        deliveryId: r.id,
        campaignId: r.campaignId,
        attempt: r.attempt,
        owner,
        leaseUntil,
        failures: r.failures,
        ...(r.lastError !== undefined && { lastError: r.lastError }),
        createdAt,
      }));
      const { duplicateIndexes } = await insertUnordered(
        (chunk) => claims.collection.insertMany(chunk, { ordered: false }),
        docs,
      );
      return new Set(requests.filter((_, index) => !duplicateIndexes.has(index)).map((r) => r.id));
    },

    async release(releases, owner) {
      const createdAt = now();
      const docs: DeliveryClaimDocument[] = releases.map((r) => ({
        // Same attempt as the claim it ends, so `attempts` counts claims; the next claim is attempt + 1.
        _id: `${claimId(r.id, r.attempt)}-released`,
        deliveryId: r.id,
        campaignId: r.campaignId,
        attempt: r.attempt,
        owner,
        leaseUntil: createdAt,
        released: true,
        ...(r.notBefore && { notBefore: r.notBefore }),
        failures: r.failures,
        ...(r.lastError !== undefined && { lastError: r.lastError }),
        createdAt,
      }));
      // A conflict means this attempt was already handed back: nothing more to do.
      await insertUnordered((chunk) => claims.collection.insertMany(chunk, { ordered: false }), docs);
    },

    async recordResults(list) {
      const at = now();
      const docs: DeliveryResultDocument[] = list.map((r) => ({
        _id: r.id,
        campaignId: r.campaignId,
        ...(r.group !== undefined && { group: r.group }),
        recipientKey: r.recipientKey,
        state: r.state,
        attempt: r.attempt,
        ...(r.sentMessageId !== undefined && { sentMessageId: r.sentMessageId }),
        ...(r.sentAt !== undefined && { sentAt: r.sentAt }),
        ...(r.lastError !== undefined && { lastError: r.lastError }),
        at,
      }));
      const { duplicateIndexes } = await insertUnordered(
        (chunk) => results.collection.insertMany(chunk, { ordered: false }),
        docs,
      );
      const recorded: string[] = [];
      const duplicates: string[] = [];
      list.forEach((r, index) => {
        (duplicateIndexes.has(index) ? duplicates : recorded).push(r.id);
      });
      return { recorded, duplicates };
    },

    async settle(changes) {
      if (changes.length === 0) return;
      const operations = changes.map((c) => ({
        updateOne: {
          filter: { _id: c.id },
          update: {
            $set: {
              state: c.state,
              attempts: c.attempts,
              ...(c.sentMessageId !== undefined && { sentMessageId: c.sentMessageId }),
              ...(c.sentAt !== undefined && { sentAt: c.sentAt }),
              ...(c.lastError !== undefined && { lastError: c.lastError }),
            },
          },
        },
      }));
      await deliveries.bulkWrite(operations, { ordered: false });
    },

    async cancel(scope) {
      const at = now();
      const doc: DeliveryCancellationDocument = {
        _id: randomUUID(),
        campaignId: scope.campaignId,
        ...(scope.group !== undefined && { group: scope.group }),
        at,
      };
      await deliveryCancellations.create(doc);
      return toCancellation(doc);
    },

    async cancellations(campaignIds) {
      if (campaignIds.length === 0) return [];
      const docs = await deliveryCancellations
        .find({ campaignId: { $in: [...campaignIds] } })
        .lean<DeliveryCancellationDocument[]>();
      return docs.map(toCancellation);
    },

    async progress(campaignId) {
      const docs = await deliveries.find({ campaignId }).lean<DeliveryDocument[]>();
      const merged = await mergedView(docs, [campaignId]);
      const progress: CampaignProgress = { campaignId, total: 0, counts: emptyCounts(), groups: {} };
      for (const delivery of merged) {
        progress.total += 1;
        progress.counts[delivery.state] += 1;
        if (delivery.group === undefined) continue;
        progress.groups[delivery.group] ??= { total: 0, counts: emptyCounts() };
        const group = progress.groups[delivery.group]!;
        group.total += 1;
        group.counts[delivery.state] += 1;
      }
      return progress;
    },

    async get(id) {
      const doc = await deliveries.findById(id).lean<DeliveryDocument>();
      if (!doc) return undefined;
      const [merged] = await mergedView([doc], [doc.campaignId]);
      return merged;
    },

    async sentAt(id) {
      const result = await results.findById(id).lean<DeliveryResultDocument>();
      return result?.state === 'sent' ? result.sentAt : undefined;
    },

    async listCampaign(campaignId) {
      const docs = await deliveries.find({ campaignId }).sort({ createdAt: 1, seq: 1 }).lean<DeliveryDocument[]>();
      return mergedView(docs, [campaignId]);
    },

    async purgeFinishedBefore(date) {
      const docs = await deliveries.find({ createdAt: { $lt: date } }).lean<DeliveryDocument[]>();
      const campaignIds = [...new Set(docs.map((d) => d.campaignId))];
      const merged = await mergedView(docs, campaignIds);
      const ended = merged.filter((d) => d.state !== 'queued' && d.state !== 'sending').map((d) => d.id);
      for (let start = 0; start < ended.length; start += INSERT_CHUNK) {
        const ids = ended.slice(start, start + INSERT_CHUNK);
        await claims.deleteMany({ deliveryId: { $in: ids } });
        await results.deleteMany({ _id: { $in: ids } });
        await deliveries.deleteMany({ _id: { $in: ids } });
      }
      return ended.length;
    },

    async forgetRecipient(recipientKey) {
      const ids = (await deliveries.find({ recipientKey }, { _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
      if (ids.length > 0) {
        await claims.deleteMany({ deliveryId: { $in: ids } });
        await results.deleteMany({ _id: { $in: ids } });
      }
      const { deletedCount } = await deliveries.deleteMany({ recipientKey });
      return deletedCount;
    },
  };
}
