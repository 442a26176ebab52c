import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { type Models, registerModels } from './models/index.ts';
import { serverKind } from './server-kind.ts';
import { createWriteCounter, type WriteCounter } from './write-counter.ts';

export interface Database {
  connection: Connection;
  models: Models;
  /** Counts this connection's writes, per update handled, for `/metrics` and the benchmarks. */
  writes: WriteCounter;
  /**
   * Resolves when the server answers `{ping: 1}` within `timeoutMs` (default 1.5 s), else rejects; for health checks,
   * which must see an outage at once rather than after the driver's server selection gives up (10 s).
   */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  logger: Logger;
  /** How long to wait for a reachable server before giving up. */
  serverSelectionTimeoutMS?: number;
}

const PING_TIMEOUT_MS = 1500;

/** Opens a dedicated mongoose connection (never the global one) and registers every model on it. */
export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Database> {
  const logger = options.logger.child({ component: 'database' });
  // Indexes are created once by ensureIndexes and collections on first write: mongoose's own autoIndex would also
  // try index kinds FerretDB lacks, and would do it lazily on first use of each model.
  const connection = mongoose.createConnection(uri, {
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    monitorCommands: true,
  });
  let closing = false;
  connection.on('disconnected', () => {
    if (!closing) logger.warn('database disconnected');
  });
  connection.on('reconnected', () => logger.info('database reconnected'));
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
  logger.info({ host: connection.host, port: connection.port, db: connection.name }, 'database connected');
  const models = registerModels(connection);
  return {
    connection,
    models,
    writes: createWriteCounter(connection),
    async ping(timeoutMs = PING_TIMEOUT_MS) {
      const db = connection.db;
      if (!db) throw new Error('the database connection is not open');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer to ping within ${timeoutMs} ms`)), timeoutMs);
      });
      const answer = db.command({ ping: 1 });
      answer.catch(() => {}); // settles after the time-out when the server is gone
      try {
        await Promise.race([answer, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closing = true;
      await connection.close();
    },
  };
}

/**
 * Creates every model's declared indexes, one model at a time; run once at start. Creating an index that already
 * exists is a no-op on MongoDB and FerretDB, and, unlike syncIndexes, this never drops an index on MongoDB.
 *
 * On FerretDB only the unique ones: it reads through no other (every filter but an exact `_id` scans the whole
 * collection), while each costs every insert and update: a wave's cards went out at 1,744 and 1,793 msg/s without them
 * against 1,587 and 1,576 with them (`npm run bench -- broadcast` at a 2,000/s limit). The ones a start before this
 * rule made there are dropped.
 */
export async function ensureIndexes(models: Models): Promise<void> {
  const all = Object.values(models);
  const kind = all[0] ? await serverKind(all[0].db) : 'mongodb';
  // Sequential: FerretDB takes a registry-wide lock for each collection it creates.
  for (const model of all) {
    if (kind === 'mongodb') {
      await model.createIndexes();
      continue;
    }
    for (const [keys, options] of model.schema.indexes()) {
      if (options.unique)
        await model.collection.createIndex(keys as Record<string, 1 | -1>, { ...options, unique: true });
    }
    // A collection not created yet has no index to drop.
    const existing = await model.collection.indexes().catch(() => []);
    for (const index of existing) {
      if (index.name && index.name !== '_id_' && !index.unique) await model.collection.dropIndex(index.name);
    }
  }
}
