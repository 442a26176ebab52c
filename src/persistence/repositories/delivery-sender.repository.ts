import type { Platform } from '../../domain/platform.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { DeliverySenderDocument } from '../models/delivery-sender.model.ts';
import type { DeliverySenderTermDocument } from '../models/delivery-sender-term.model.ts';
import type { Models } from '../models/index.ts';
import { isHolderGone } from '../process-identity.ts';

/** A sender instance's heartbeat as others see it. */
export interface SenderHeartbeat {
  owner: string;
  until: Date;
  enqueued?: EnqueuedNews;
  /** It stopped; `until` is when another instance may follow it. */
  left?: boolean;
  /** What it keeps of each platform's send limit for its direct sends. */
  reserved?: Partial<Record<Platform, number>>;
  /** Claims it holds unsent on the platforms it sends on (see DeliverySenderDocument). */
  handover?: Partial<Record<Platform, string[]>>;
}

/** What an instance tells of the deliveries it stored (see EnqueueNews). */
export interface EnqueuedNews {
  /** When it last stored deliveries. */
  at: Date;
  /** Every enqueue after this is listed in `ids`. */
  listedSince: Date;
  ids: Partial<Record<Platform, string[]>>;
}

/** What a heartbeat tells the others besides being alive. */
export interface HeartbeatNews {
  enqueued?: EnqueuedNews | undefined;
  reserved?: SenderHeartbeat['reserved'];
  handover?: SenderHeartbeat['handover'];
}

/** A term as a platform's only sender. */
export interface SenderTerm {
  platform: Platform;
  term: number;
  owner: string;
}

/** The sender instances' heartbeats, and which of them is each platform's sender (see DeliverySenderTermDocument). */
export interface DeliverySenderRepository {
  /**
   * Renews `owner`'s heartbeat until `until` (with its news, if given); returns every instance's heartbeat. Records
   * of instances dead for a minute are removed on the way.
   */
  beat(owner: string, until: Date, at: Date, news?: HeartbeatNews): Promise<SenderHeartbeat[]>;
  /** `owner` stops: it counts as alive only until `until` (its last sends age), then others take over. */
  leave(owner: string, until: Date): Promise<void>;
  /** The latest term of each platform that has one. */
  currentTerms(): Promise<Map<Platform, SenderTerm>>;
  /** Starts `term` for `owner`; false when another instance started it first. */
  takeTerm(term: SenderTerm, at: Date): Promise<boolean>;
}

/** A crashed instance's record stays this long past its `until`, harmless, before a heartbeat removes it. */
const FORGET_AFTER_MS = 60_000;
/** Terms kept per platform: the latest decides, a few before it help reading a log. */
const TERMS_KEPT = 5;

const termId = (platform: Platform, term: number) => `${platform}:${term}`;

/** Owners whose heartbeat is alive at `at` (real time): their claims hold. */
export async function liveSenderOwners(models: Models, at: Date): Promise<Set<string>> {
  const docs = await models.deliverySenders.find({}).lean<DeliverySenderDocument[]>();
  // A process known to be gone (see process-identity.ts) holds nothing, whatever its last heartbeat said.
  return new Set(docs.filter((d) => d.until.getTime() > at.getTime() && !isHolderGone(d._id)).map((d) => d._id));
}

export function createDeliverySenderRepository(models: Models): DeliverySenderRepository {
  const { deliverySenders, deliverySenderTerms } = models;
  return {
    async beat(owner, until, at, news = {}) {
      const { enqueued, reserved, handover } = news;
      const set = {
        until,
        left: false,
        ...(enqueued && { enqueuedAt: enqueued.at, listedSince: enqueued.listedSince, listed: enqueued.ids }),
        ...(reserved && { reserved }),
      };
      await deliverySenders.updateOne({ _id: owner }, { $set: { ...set, handover: handover ?? {} } }, { upsert: true });
      // A handful of records: read whole rather than with a filter FerretDB would scan for anyway.
      const docs = await deliverySenders.find({}).lean<DeliverySenderDocument[]>();
      const forgotten = (d: DeliverySenderDocument) => d.until.getTime() < at.getTime() - FORGET_AFTER_MS;
      const gone = docs.filter(forgotten).map((d) => d._id);
      if (gone.length > 0) await deliverySenders.deleteMany({ _id: { $in: gone } });
      return docs
        .filter((d) => !forgotten(d))
        .map((d) => ({
          owner: d._id,
          until: d.until,
          ...(d.enqueuedAt && {
            enqueued: { at: d.enqueuedAt, listedSince: d.listedSince ?? new Date(0), ids: d.listed ?? {} },
          }),
          ...(d.left && { left: true }),
          ...(d.reserved && { reserved: d.reserved }),
          ...(d.handover && { handover: d.handover }),
        }));
    },

    async leave(owner, until) {
      await deliverySenders.updateOne({ _id: owner }, { $set: { until, left: true } });
    },

    async currentTerms() {
      const docs = await deliverySenderTerms.find({}).lean<DeliverySenderTermDocument[]>();
      const latest = new Map<Platform, SenderTerm>();
      for (const d of docs) {
        if ((latest.get(d.platform)?.term ?? -1) < d.term) {
          latest.set(d.platform, { platform: d.platform, term: d.term, owner: d.owner });
        }
      }
      return latest;
    },

    async takeTerm(term, at) {
      try {
        await deliverySenderTerms.collection.insertOne({
          _id: termId(term.platform, term.term),
          platform: term.platform,
          term: term.term,
          owner: term.owner,
          at,
        } as DeliverySenderTermDocument & { _id: never });
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
      await deliverySenderTerms.deleteMany({ platform: term.platform, term: { $lte: term.term - TERMS_KEPT } });
      return true;
    },
  };
}
