import { collectionSchema, required } from './fields.ts';

/**
 * An instance taking updates (polling or webhook), kept by a heartbeat, so each instance knows whether it is alone:
 * only then may it order a chat's updates in its own memory alone. `_id` is the instance's id.
 */
export interface UpdateReceiverDocument {
  _id: string;
  /** A record whose `until` has passed is a dead (or stopped) instance's. */
  until: Date;
}

export const updateReceiverSchema = collectionSchema<UpdateReceiverDocument>('update_receivers', {
  ...required({ _id: String, until: Date }),
});
