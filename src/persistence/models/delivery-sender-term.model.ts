import { Schema } from 'mongoose';
import type { Platform } from '../../domain/platform.ts';

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

export const deliverySenderTermSchema = new Schema<DeliverySenderTermDocument>(
  {
    _id: { type: String, required: true },
    platform: { type: String, enum: ['telegram', 'bale'], required: true },
    term: { type: Number, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'delivery_sender_terms', versionKey: false },
);
deliverySenderTermSchema.index({ platform: 1, term: -1 });
