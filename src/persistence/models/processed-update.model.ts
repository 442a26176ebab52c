import { collectionSchema, required } from './fields.ts';

/** An update already handled; `_id` is `"<platform>:<update_id>"`, and inserting it is the at-most-once claim. */
export interface ProcessedUpdateDocument {
  _id: string;
  at: Date;
}

export const processedUpdateSchema = collectionSchema<ProcessedUpdateDocument>('processed_updates', {
  ...required({ _id: String, at: Date }),
});
