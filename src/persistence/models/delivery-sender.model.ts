import type { Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

/**
 * A running sender instance's heartbeat; `_id` is the instance's owner name (the one in its claims). Renewed every
 * second or so by an upsert by `_id`, which FerretDB runs as well as MongoDB. While `until` is ahead the instance is
 * alive and its claims hold; once it has passed, the instance is dead and any other may take its claims and its
 * sender terms at once, without waiting for the claims' own leases.
 */
export interface DeliverySenderDocument {
  _id: string;
  until: Date;
  /** When this instance last stored deliveries, so the platforms' current senders look for them without a poll. */
  enqueuedAt?: Date;
  /** Every enqueue after this is listed in `listed` (see EnqueueNews). */
  listedSince?: Date;
  /** The ids of its recent small enqueues (answers' follow-ups) by platform, which a sender reads by `_id`. */
  listed?: Partial<Record<Platform, string[]>>;
  /** It stopped (`until` is then when its last send is a second old): another instance takes over after that. */
  left?: boolean;
  /** Sends per window it keeps for its direct sends, by platform; the platform's sender takes the rest (FleetBudget). */
  reserved?: Partial<Record<Platform, number>>;
  /**
   * The claims (`deliveryId#attempt`) it holds and has not started to send, best first, on each platform it is the
   * sender of: a successor after a crash takes those over at once instead of waiting for a scan of the outbox.
   */
  handover?: Partial<Record<Platform, string[]>>;
}

export const deliverySenderSchema = collectionSchema<DeliverySenderDocument>('delivery_senders', {
  ...required({ _id: String, until: Date }),
  enqueuedAt: { type: Date },
  listedSince: { type: Date },
  listed: { telegram: { type: [String], default: undefined }, bale: { type: [String], default: undefined } },
  left: { type: Boolean },
  reserved: { telegram: { type: Number }, bale: { type: Number } },
  handover: { telegram: { type: [String], default: undefined }, bale: { type: [String], default: undefined } },
});
