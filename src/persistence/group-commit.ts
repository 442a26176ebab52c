/**
 * Group commit per key: while one batch of a key is being applied, what arrives for that key waits and is applied
 * with the others in the next batch. On one SQLite writer a batch of N costs about what one costs, where N one at a
 * time cost N times as much, and running them side by side would only contend for the writer.
 */
export type GroupCommit<I, O> = (key: string, input: I) => Promise<O>;

/** `apply` settles every input of a batch, in order; a batch that throws rejects all of its inputs. */
export function createGroupCommit<I, O>(
  apply: (key: string, inputs: I[]) => Promise<PromiseSettledResult<O>[]>,
  maxBatch: number,
): GroupCommit<I, O> {
  type Waiting = { input: I; resolve: (output: O) => void; reject: (error: unknown) => void };
  const queues = new Map<string, Waiting[]>();

  const drain = async (key: string, queue: Waiting[]) => {
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
      const queue = queues.get(key);
      if (queue) {
        queue.push({ input, resolve, reject });
        return;
      }
      const started = [{ input, resolve, reject }];
      queues.set(key, started);
      void drain(key, started);
    });
}
