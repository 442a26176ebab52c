import { Schema } from 'mongoose';

/**
 * A short hold on one document while an instance reads and rewrites it; `_id` is the document's lock key, so
 * inserting it is what takes the lock (a unique insert is atomic on FerretDB, an update is not).
 */
export interface DocumentLockDocument {
  _id: string;
  /** A token per holding, so only the holder releases it. */
  owner: string;
  /** A holder that crashed is passed over after this. */
  until: Date;
}

export const documentLockSchema = new Schema<DocumentLockDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'document_locks', versionKey: false },
);
