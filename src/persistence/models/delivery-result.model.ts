import { collectionSchema, required } from './fields.ts';

export const FINAL_DELIVERY_STATES = ['sent', 'failed', 'blocked', 'cancelled'] as const;
export type FinalDeliveryState = (typeof FINAL_DELIVERY_STATES)[number];

/**
 * How a delivery ended; `_id` is the delivery's, so a delivery has at most one result and recording it twice (two
 * instances after a crash) keeps the first. Inserted in batches: cheap on FerretDB, where updates are not.
 */
export interface DeliveryResultDocument {
  _id: string;
  campaignId: string;
  group?: string;
  recipientKey: string;
  state: FinalDeliveryState;
  attempt: number;
  sentMessageId?: number;
  sentAt?: Date;
  lastError?: string;
  at: Date;
}

export const deliveryResultSchema = collectionSchema<DeliveryResultDocument>('delivery_results', {
  ...required({ _id: String, campaignId: String, recipientKey: String, attempt: Number, at: Date }),
  group: { type: String },
  state: { type: String, enum: FINAL_DELIVERY_STATES, required: true },
  sentMessageId: { type: Number },
  sentAt: { type: Date },
  lastError: { type: String },
});
// Only what is read: progress by campaign. Every further index is paid on each send's result insert, the sender's
// hot write (erasure finds a recipient's results by the deliveries' ids instead).
deliveryResultSchema.index({ campaignId: 1, group: 1 });
