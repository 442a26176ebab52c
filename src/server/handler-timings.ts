/** Handling times of updates, in ms: how many, and percentiles since the process started. */
export interface HandlerTimes {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface HandlerTimings {
  /** Runs the handling of one update and records how long it took, whether it succeeded or not. */
  time<T>(task: () => Promise<T>): Promise<T>;
  snapshot(): HandlerTimes;
}

/** Buckets grow by 5% from 0.1 ms: a percentile is read to within 5%, in a few hundred counters for any run length. */
const GROWTH = 1.05;
const SMALLEST_MS = 0.1;
const LOG_GROWTH = Math.log(GROWTH);

const bucketOf = (ms: number) => (ms <= SMALLEST_MS ? 0 : Math.ceil(Math.log(ms / SMALLEST_MS) / LOG_GROWTH));
const upperBoundMs = (bucket: number) => SMALLEST_MS * GROWTH ** bucket;

/**
 * A histogram of handling times for `/metrics`: fixed memory however many updates a process handles. `clock` gives
 * milliseconds (tests pass their own).
 */
export function createHandlerTimings(clock: () => number = () => performance.now()): HandlerTimings {
  const buckets: number[] = [];
  let count = 0;
  const percentile = (p: number) => {
    if (count === 0) return 0;
    const rank = Math.ceil((p / 100) * count);
    let seen = 0;
    for (let bucket = 0; bucket < buckets.length; bucket++) {
      seen += buckets[bucket] ?? 0;
      if (seen >= rank) return Number(upperBoundMs(bucket).toFixed(1));
    }
    return Number(upperBoundMs(buckets.length - 1).toFixed(1));
  };
  return {
    async time(task) {
      const started = clock();
      try {
        return await task();
      } finally {
        const bucket = bucketOf(clock() - started);
        buckets[bucket] = (buckets[bucket] ?? 0) + 1;
        count += 1;
      }
    },
    snapshot: () => ({ count, p50Ms: percentile(50), p95Ms: percentile(95), p99Ms: percentile(99) }),
  };
}
