import { collectionSchema, required } from './fields.ts';

/**
 * The right to send one delivery for a while; `_id` is `"<deliveryId>#<attempt>"`, so inserting it lets exactly one
 * sender instance have that attempt (FerretDB's findAndModify is not atomic; a unique insert is). Never updated: a
 * sender that gives a delivery back (stop, backoff) inserts `"<deliveryId>#<attempt>-released"`, and the next
 * claim takes attempt + 1.
 */
export interface DeliveryClaimDocument {
  _id: string;
  deliveryId: string;
  campaignId: string;
  attempt: number;
  owner: string;
  /** After this time another instance may take the next attempt (the owner is presumed dead). */
  leaseUntil: Date;
  /** A hand-over record: nobody sends under it, and the next attempt may be taken from `notBefore` on. */
  released?: boolean;
  notBefore?: Date;
  /** Temporary failures (5xx, network) so far, carried from claim to claim for the backoff and the limit. */
  failures: number;
  lastError?: string;
  createdAt: Date;
}

export const deliveryClaimSchema = collectionSchema<DeliveryClaimDocument>('delivery_claims', {
  ...required({
    _id: String,
    deliveryId: String,
    campaignId: String,
    attempt: Number,
    owner: String,
    leaseUntil: Date,
    failures: Number,
    createdAt: Date,
  }),
  released: { type: Boolean },
  notBefore: { type: Date },
  lastError: { type: String },
});
deliveryClaimSchema.index({ campaignId: 1 });
deliveryClaimSchema.index({ deliveryId: 1 });
deliveryClaimSchema.index({ createdAt: 1 });
