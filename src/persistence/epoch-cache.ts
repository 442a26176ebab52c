/**
 * See ChatOrder.exclusiveEpoch: a number while this process is the only instance on the database, changing whenever
 * that was interrupted; undefined while others may be running.
 */
export type ExclusiveEpoch = () => number | undefined;

export interface EpochCache<V> {
  /** The epoch now, to pass to `set` once a read or write begun now is done. */
  epoch(): number | undefined;
  /** What the database holds for `key`, if it was cached during the current epoch. */
  get(key: string): V | undefined;
  /** Remembers what the database holds for `key`, as read or written while `epoch` was current. */
  set(key: string, epoch: number | undefined, value: V): void;
  forget(key: string): void;
}

/**
 * Records as this process last read or wrote them. Only sound while no other instance writes them: each entry carries
 * the epoch it was cached in and is used only while that epoch lasts, so without `exclusiveEpoch` nothing is cached.
 * At most `limit` keys are kept, the least recently used dropped first.
 */
export function createEpochCache<V>(exclusiveEpoch: ExclusiveEpoch | undefined, limit: number): EpochCache<V> {
  const entries = new Map<string, { epoch: number; value: V }>();
  const epoch = exclusiveEpoch ?? (() => undefined);
  return {
    epoch,
    get(key) {
      const entry = entries.get(key);
      if (!entry || entry.epoch !== epoch()) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, at, value) {
      entries.delete(key);
      // Kept only if the epoch the read or write began in still lasts (another instance may have come meanwhile).
      if (at === undefined || epoch() !== at) return;
      entries.set(key, { epoch: at, value });
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
    forget(key) {
      entries.delete(key);
    },
  };
}
