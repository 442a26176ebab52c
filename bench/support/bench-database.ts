// The database a bench runs on: MONGODB_URI when set, else an embedded FerretDB in a temporary directory. Each run
// gets a database of its own, dropped at the end.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import pino from 'pino';
import { connectDatabase, type Database, ensureIndexes } from '../../src/persistence/connection.ts';
import { startEmbeddedDatabase } from '../../src/persistence/embedded-database.ts';

export const benchLogger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' });

export interface BenchDatabaseServer {
  /** Which server: `mongodb` (MONGODB_URI) or the embedded one's kind. */
  kind: string;
  /** A fresh database on the server, connected, with every index. */
  fresh(): Promise<RunDatabase>;
  stop(): Promise<void>;
}

export interface RunDatabase {
  /** The URI a bot process is given. */
  uri: string;
  database: Database;
  /** Drops the database and closes the bench's connection. */
  drop(): Promise<void>;
}

/** The URI with `name` as its database (the embedded server's URI names `nazr`). */
export function withDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startBenchDatabase(): Promise<BenchDatabaseServer> {
  let baseUri = process.env.MONGODB_URI;
  let kind = 'mongodb';
  let stop = async () => {};
  if (!baseUri) {
    const dataDir = await mkdtemp(join(tmpdir(), 'nazr-bench-'));
    const embedded = await startEmbeddedDatabase({
      dataDir,
      logger: benchLogger,
      ferretdbBin: process.env.FERRETDB_BIN || undefined,
    });
    baseUri = embedded.uri;
    kind = `embedded ${embedded.kind}`;
    stop = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const base = baseUri;
  return {
    kind,
    async fresh() {
      const uri = withDatabase(base, `nazr_bench_${randomBytes(4).toString('hex')}`);
      const database = await connectDatabase(uri, { logger: benchLogger });
      await ensureIndexes(database.models);
      return {
        uri,
        database,
        async drop() {
          await database.connection.dropDatabase().catch(() => undefined);
          await database.close();
        },
      };
    },
    stop,
  };
}
