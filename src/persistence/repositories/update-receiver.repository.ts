import type { Models } from '../models/index.ts';
import type { UpdateReceiverDocument } from '../models/update-receiver.model.ts';

/** Which instances take updates now (heartbeats), so an instance knows whether another may get its chats' updates. */
export interface UpdateReceiverRepository {
  /** Records that `owner` takes updates until `until`; returns how many instances (this one included) do at `at`. */
  beat(owner: string, until: Date, at: Date): Promise<number>;
  /** `owner` stopped taking updates. */
  leave(owner: string): Promise<void>;
}

/** A dead instance's record stays this long past its `until`, harmless, before a heartbeat removes it. */
const FORGET_AFTER_MS = 60_000;

export function createUpdateReceiverRepository(models: Models): UpdateReceiverRepository {
  const { updateReceivers } = models;
  return {
    async beat(owner, until, at) {
      await updateReceivers.updateOne({ _id: owner }, { $set: { until } }, { upsert: true });
      // A handful of records: read whole rather than with a filter FerretDB would scan for anyway.
      const docs = await updateReceivers.find().lean<UpdateReceiverDocument[]>();
      const gone = docs.filter((d) => d.until.getTime() < at.getTime() - FORGET_AFTER_MS).map((d) => d._id);
      if (gone.length > 0) await updateReceivers.deleteMany({ _id: { $in: gone } });
      return Math.max(1, docs.filter((d) => d.until.getTime() > at.getTime()).length);
    },
    async leave(owner) {
      await updateReceivers.deleteOne({ _id: owner });
    },
  };
}
