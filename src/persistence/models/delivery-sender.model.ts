import { type Connection, type Model, Schema } from 'mongoose';
import type { Platform } from '../../config.ts';

/**
 * A sender instance that is sending on a platform, so the instances can split the platform's global rate between
 * them; `_id` is `"<platform>:<owner>"`, so each instance keeps one record per platform, refreshed by a heartbeat
 * (an upsert by `_id`, which FerretDB runs as well as MongoDB). A record whose `until` has passed is a dead instance's.
 */
export interface DeliverySenderDocument {
  _id: string;
  platform: Platform;
  owner: string;
  until: Date;
}

export const deliverySenderSchema = new Schema<DeliverySenderDocument>(
  {
    _id: { type: String, required: true },
    platform: { type: String, enum: ['telegram', 'bale'], required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'delivery_senders', versionKey: false },
);

export type DeliverySenderModel = Model<DeliverySenderDocument>;

export function registerDeliverySenderModel(connection: Connection): DeliverySenderModel {
  return connection.model<DeliverySenderDocument>('DeliverySender', deliverySenderSchema);
}
