import { Schema } from 'mongoose';

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

export const deliveryCancellationSchema = new Schema<DeliveryCancellationDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    group: { type: String },
    at: { type: Date, required: true },
  },
  { collection: 'delivery_cancellations', versionKey: false },
);
deliveryCancellationSchema.index({ campaignId: 1 });
