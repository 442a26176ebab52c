import type { Platform } from '../../config.ts';
import type { DeliverySenderDocument } from '../models/delivery-sender.model.ts';
import type { Models } from '../models/index.ts';

/** Which sender instances are sending on a platform now (heartbeats), so they can share its global rate. */
export interface DeliverySenderRepository {
  /**
   * Records that `owner` sends on `platform` until `until`, and returns how many instances (this one included) do
   * so at `at`; records of instances that ended long ago without leaving are removed on the way.
   */
  beat(platform: Platform, owner: string, until: Date, at: Date): Promise<number>;
  /** `owner` stopped sending on `platform`: the others may take its share at once. */
  leave(platform: Platform, owner: string): Promise<void>;
}

const senderId = (platform: Platform, owner: string) => `${platform}:${owner}`;
/** A crashed instance's record stays this long past its `until`, harmless, before a heartbeat removes it. */
const FORGET_AFTER_MS = 60_000;

export function createDeliverySenderRepository(models: Models): DeliverySenderRepository {
  const { deliverySenders } = models;
  return {
    async beat(platform, owner, until, at) {
      await deliverySenders.updateOne(
        { _id: senderId(platform, owner) },
        { $set: { platform, owner, until } },
        { upsert: true },
      );
      // A handful of records: counted here rather than with a filter FerretDB would scan for anyway.
      const docs = await deliverySenders.find({ platform }).lean<DeliverySenderDocument[]>();
      const gone = docs.filter((d) => d.until.getTime() < at.getTime() - FORGET_AFTER_MS).map((d) => d._id);
      if (gone.length > 0) await deliverySenders.deleteMany({ _id: { $in: gone } });
      return Math.max(1, docs.filter((d) => d.until.getTime() > at.getTime()).length);
    },

    async leave(platform, owner) {
      await deliverySenders.deleteOne({ _id: senderId(platform, owner) });
    },
  };
}
