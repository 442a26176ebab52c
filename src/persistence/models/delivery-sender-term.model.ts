import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

/**
 * One term as a platform's only sender; `_id` is `"<platform>:<term>"`, so inserting term n + 1 lets exactly one
 * instance follow a holder that died or left (FerretDB's findAndModify is not atomic; a unique insert is). Never
 * updated: a term lasts while its owner's heartbeat (delivery_senders) is alive.
 */
export interface DeliverySenderTermDocument {
  _id: string;
  platform: Platform;
  term: number;
  owner: string;
  at: Date;
}

export const deliverySenderTermSchema = collectionSchema<DeliverySenderTermDocument>('delivery_sender_terms', {
  ...required({ _id: String, term: Number, owner: String, at: Date }),
  platform: { type: String, enum: PLATFORMS, required: true },
});
deliverySenderTermSchema.index({ platform: 1, term: -1 });
