import mongoose from 'mongoose';

const RETRY_DELAY_MS = 100;

/**
 * Resolves once the server at `uri` answers `{ping: 1}`. Rejects when `deadline` passes or `abort` settles first
 * (the server process exited), whichever comes first.
 */
export async function waitForPing(uri: string, deadline: number, abort: Promise<string>): Promise<void> {
  let aborted: string | undefined;
  void abort.then((reason) => {
    aborted = reason;
  });
  let lastError: unknown;
  while (aborted === undefined && Date.now() < deadline) {
    const client = new mongoose.mongo.MongoClient(uri, {
      serverSelectionTimeoutMS: Math.max(200, Math.min(1_000, deadline - Date.now())),
      connectTimeoutMS: 1_000,
      directConnection: true,
    });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.close().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
  }
  if (aborted !== undefined) throw new Error(aborted);
  throw new Error(`no answer to ping within the start timeout (${String((lastError as Error)?.message ?? lastError)})`);
}
