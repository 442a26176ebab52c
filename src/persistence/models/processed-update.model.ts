import { Schema } from 'mongoose';

/** An update already handled; `_id` is `"<platform>:<update_id>"`, and inserting it is the at-most-once claim. */
export interface ProcessedUpdateDocument {
  _id: string;
  at: Date;
}

export const processedUpdateSchema = new Schema<ProcessedUpdateDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'processed_updates', versionKey: false },
);
