/**
 * One writer at a time per document, across every instance. FerretDB v1 applies an update by reading the document,
 * changing it in memory and writing all of it back, without a transaction: two instances that update different
 * fields of one document at the same moment regularly lose one of the two (a `$set` of only the changed fields does
 * not help, the server still rewrites the whole document). A unique `_id` insert is atomic there, so a lock is one
 * insert and one delete; the in-process serializer keeps this process's own writers from contending for it.
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKeyError } from './errors.ts';
import { insertUnordered } from './insert-unordered.ts';
import { createKeyedSerializer } from './keyed-serializer.ts';
import type { Models } from './models/index.ts';
import { isHolderGone, THIS_PROCESS } from './process-identity.ts';

export interface DocumentLockOptions {
  /**
   * A holder that has not released the lock after this long (it crashed) is passed over; at once when its process is
   * known to be gone (see process-identity.ts).
   */
  holdMs?: number;
  /** Give up (and throw) after waiting this long. */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task` while holding the lock `key`; tasks are short read-modify-writes of one document. */
export type DocumentLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

const HOLD_MS = 5000;

/** A holding's owner: this process, and this one holding. */
const newOwner = () => `${THIS_PROCESS}/${randomUUID()}`;

export function createDocumentLock(locks: Models['documentLocks'], options: DocumentLockOptions = {}): DocumentLock {
  const holdMs = options.holdMs ?? HOLD_MS;
  const waitMs = options.waitMs ?? 15_000;
  const serialize = createKeyedSerializer();
  // Wall-clock time, not the app's clock: tests freeze and move that one, and a lock must expire in real time.
  const acquire = async (key: string): Promise<string> => {
    const owner = newOwner();
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await locks.create({ _id: key, owner, until: new Date(Date.now() + holdMs) });
        return owner;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const held = await locks.findById(key).lean();
      // Only that holding is removed: if someone took the lock since, the owner no longer matches.
      if (held && (held.until.getTime() < Date.now() || isHolderGone(held.owner))) {
        await locks.deleteOne({ _id: key, owner: held.owner });
      }
      if (Date.now() > deadline) throw new Error(`document ${key} stayed locked for ${waitMs} ms`);
      await sleep(Math.min(100, 2 ** attempt) + Math.random() * 5);
    }
  };
  return (key, task) =>
    serialize(key, async () => {
      const owner = await acquire(key);
      try {
        return await task();
      } finally {
        // Not released (the database is gone for a moment): it expires after `holdMs` anyway.
        await locks.deleteOne({ _id: key, owner }).catch(() => {});
      }
    });
}

/**
 * Takes, with one insert and without waiting, every lock of `keys` that nobody holds; the others come back as busy,
 * for the caller to take one at a time through `DocumentLock` after releasing these. Never waiting while holding
 * some keeps two batches from waiting on each other.
 */
export async function takeFreeLocks(
  locks: Models['documentLocks'],
  keys: readonly string[],
): Promise<{ busy: Set<string>; release: () => Promise<void> }> {
  const owner = newOwner();
  const until = new Date(Date.now() + HOLD_MS);
  const { duplicateIndexes } = await insertUnordered(
    (docs) => locks.collection.insertMany(docs, { ordered: false }),
    keys.map((key) => ({ _id: key, owner, until })),
  );
  const busy = new Set(keys.filter((_, index) => duplicateIndexes.has(index)));
  const taken = keys.filter((key) => !busy.has(key));
  return {
    busy,
    // Not released (the database is gone for a moment): they expire after `HOLD_MS` anyway.
    release: async () => {
      if (taken.length > 0) await locks.deleteMany({ _id: { $in: taken }, owner }).catch(() => {});
    },
  };
}
