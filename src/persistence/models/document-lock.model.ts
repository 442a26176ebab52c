import { collectionSchema, required } from './fields.ts';

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

export const documentLockSchema = collectionSchema<DocumentLockDocument>('document_locks', {
  ...required({ _id: String, owner: String, until: Date }),
});
