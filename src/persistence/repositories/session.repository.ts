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
/** Sessions remembered as last read or written, to skip writing back one an update left unchanged. */
const REMEMBERED_SESSIONS = 10_000;

export function createSessionStorage<T = unknown>(
  models: Models,
  options: { now?: () => Date } = {},
): SessionStorage<T> {
  const { sessions } = models;
  const now = options.now ?? (() => new Date());
  // grammY writes every session back after every update; most updates (a tap that only answers) change nothing.
  // Each update reads its session first, so what is remembered is what that update started from.
  const remembered = new Map<string, string>();
  const remember = (key: string, json: string) => {
    remembered.delete(key);
    remembered.set(key, json);
    if (remembered.size > REMEMBERED_SESSIONS) remembered.delete(remembered.keys().next().value as string);
  };
  return {
    async read(key) {
      const doc = await sessions.findById(key).lean<SessionDocument>();
      if (doc) remember(key, JSON.stringify(doc.value));
      else remembered.delete(key);
      return doc ? (doc.value as T) : undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      if (remembered.get(key) === json) return;
      await upsert(key, value);
      remember(key, json);
    },
    async delete(key) {
      remembered.delete(key);
      await sessions.deleteOne({ _id: key });
    },
  };

  async function upsert(key: string, value: T): Promise<void> {
    // Two first writes of one key can race to insert it; FerretDB then reports a duplicate, and a retry updates.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await sessions.updateOne({ _id: key }, { $set: { value, updatedAt: now() } }, { upsert: true });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      }
    }
  }
}
