/**
 * Group commit per key: while one batch of a key is being applied, what arrives for that key waits and is applied
 * with the others in the next batch. On one SQLite writer a batch of N costs about what one costs, where N one at a
 * time cost N times as much, and running them side by side would only contend for the writer.
 */
export type GroupCommit<I, O> = (key: string, input: I) => Promise<O>;

/**
 * Waiting a moment for company while inputs keep coming. Without it a steady stream (a hundred answers a second, each
 * alone on an idle writer) is applied one input per batch; with it, a few per batch at the price of `ms` each.
 */
export interface Gather {
  /** How long a batch waits before it is applied, when the input before it came less than `2 × ms` ago. */
  ms: number;
  /** Resolves after `ms` (a timer; tests pass their own). */
  wait?: (ms: number) => Promise<void>;
  /** Milliseconds now, to tell a stream from a lone input (wall clock unless given). */
  now?: () => number;
}

/**
 * What the bot's write streams (sessions, sightings, answers) wait: at a hundred answers a second, about four per
 * batch, for a few tens of milliseconds on each, well inside the second a tap may take.
 */
export const STREAM_GATHER: Gather = { ms: 30 };

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `apply` settles every input of a batch, in order; a batch that throws rejects all of its inputs. */
export function createGroupCommit<I, O>(
  apply: (key: string, inputs: I[]) => Promise<PromiseSettledResult<O>[]>,
  maxBatch: number,
  gather?: Gather,
): GroupCommit<I, O> {
  type Waiting = { input: I; resolve: (output: O) => void; reject: (error: unknown) => void };
  const queues = new Map<string, Waiting[]>();
  const now = gather?.now ?? Date.now;
  const wait = gather?.wait ?? timer;
  let lastArrival = Number.NEGATIVE_INFINITY;
  // A lone input (someone registering at their own pace) is applied at once; only a stream waits for company.
  const inStream = () => {
    const at = now();
    const streaming = gather !== undefined && at - lastArrival < 2 * gather.ms;
    lastArrival = at;
    return streaming;
  };

  const drain = async (key: string, queue: Waiting[], gathering: boolean) => {
    if (gathering && gather) await wait(gather.ms);
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await apply(
          key,
          batch.map((w) => w.input),
        );
        batch.forEach((waiting, index) => {
          const result = results[index];
          if (result?.status === 'fulfilled') waiting.resolve(result.value);
          else waiting.reject(result ? result.reason : new Error('an answer batch left an input unsettled'));
        });
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    queues.delete(key);
  };

  return (key, input) =>
    new Promise<O>((resolve, reject) => {
      const gathering = inStream();
      const queue = queues.get(key);
      if (queue) {
        queue.push({ input, resolve, reject });
        return;
      }
      const started = [{ input, resolve, reject }];
      queues.set(key, started);
      void drain(key, started, gathering);
    });
}
