import { isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../models/index.ts';
import type { SessionDocument } from '../models/session.model.ts';

/**
 * The shape of grammY's `StorageAdapter<T>`, matched here so persistence need not import grammY. Values are stored
 * as BSON: no keys containing `.` or starting with `$`, no nested arrays, no NaN (FerretDB refuses them).
 */
export interface SessionStorage<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

const MAX_WRITE_ATTEMPTS = 3;

export function createSessionStorage<T = unknown>(
  models: Models,
  options: { now?: () => Date } = {},
): SessionStorage<T> {
  const { sessions } = models;
  const now = options.now ?? (() => new Date());
  return {
    async read(key) {
      const doc = await sessions.findById(key).lean<SessionDocument>();
      return doc ? (doc.value as T) : undefined;
    },
    async write(key, value) {
      // Two first writes of one key can race to insert it; FerretDB then reports a duplicate, and a retry updates.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await sessions.updateOne({ _id: key }, { $set: { value, updatedAt: now() } }, { upsert: true });
          return;
        } catch (error) {
          if (!isDuplicateKeyError(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        }
      }
    },
    async delete(key) {
      await sessions.deleteOne({ _id: key });
    },
  };
}
