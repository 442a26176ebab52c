/**
 * Runs tasks one after another per key and concurrently across keys. FerretDB v1 rewrites a whole document on each
 * update without a transaction, so two concurrent updates of one document can lose one of them; serializing writes
 * per document key in the process avoids that.
 */
export type KeyedSerializer = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function createKeyedSerializer(): KeyedSerializer {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => {},
      () => {},
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
