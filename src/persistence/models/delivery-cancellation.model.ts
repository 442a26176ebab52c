import { collectionSchema, required } from './fields.ts';

/**
 * "Send no more of this campaign (or of this group of it)": one small record per cancel, which every sender checks
 * before each send. It covers the deliveries enqueued before `at` that have no result yet.
 */
export interface DeliveryCancellationDocument {
  _id: string;
  campaignId: string;
  /** Absent: the whole campaign. */
  group?: string;
  at: Date;
}

export const deliveryCancellationSchema = collectionSchema<DeliveryCancellationDocument>('delivery_cancellations', {
  ...required({ _id: String, campaignId: String, at: Date }),
  group: { type: String },
});
deliveryCancellationSchema.index({ campaignId: 1 });
