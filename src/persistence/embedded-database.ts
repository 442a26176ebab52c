import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ChildEnv } from './embedded/child-process.ts';
import { defaultCacheDir, ferretdbCandidates } from './embedded/ferretdb-binary.ts';
import { startFerretdb } from './embedded/ferretdb-server.ts';

export interface EmbeddedDatabase {
  /** Connection string including the database name, e.g. `mongodb://127.0.0.1:PORT/nazr?directConnection=true`. */
  uri: string;
  kind: 'ferretdb';
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Data files live in `${dataDir}/ferretdb/`. */
  dataDir: string;
  logger: Logger;
  /** A FerretDB v1 binary to try first (the FERRETDB_BIN setting). */
  ferretdbBin?: string | undefined;
  /** Environment of the child processes; its PATH is where `ferretdb` and `go` are looked for. Default: inherited. */
  env?: ChildEnv | undefined;
  /** Where scripts/ensure-ferretdb.sh is. Default: this checkout. */
  projectRoot?: string;
  /** Where FerretDB is built and kept (the NAZR_CACHE_DIR setting). Default: `~/.cache/nazr`. */
  cacheDir?: string | undefined;
  /** How long a server may take to answer ping. Default: 30 s. */
  startTimeoutMs?: number;
  /** The database named in `uri`. Default: `nazr`. */
  dbName?: string;
}

/** Thrown when no embedded server could be started; `attempts` says what was tried and why each failed. */
export class EmbeddedDatabaseUnavailableError extends Error {
  readonly attempts: readonly string[];
  constructor(attempts: readonly string[]) {
    super(
      'No database server could be started: set MONGODB_URI to a MongoDB server, or install Go so FerretDB can be ' +
        'built, or set FERRETDB_BIN to a FerretDB v1 binary.',
    );
    this.name = 'EmbeddedDatabaseUnavailableError';
    this.attempts = attempts;
  }
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts a local database for running without MONGODB_URI: FerretDB (SQLite files under dataDir), found or built
 * as needed. Child processes are stopped by stop() or when we exit.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const logger = options.logger.child({ component: 'embedded-database' });
  const dataDir = resolve(options.dataDir);
  const dbName = options.dbName ?? 'nazr';
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const attempts: string[] = [];
  const note = (attempt: string) => {
    attempts.push(attempt);
    logger.debug({ attempt }, 'embedded database attempt failed');
  };

  const candidates = ferretdbCandidates({
    ferretdbBin: options.ferretdbBin,
    env: options.env,
    projectRoot: options.projectRoot ?? PROJECT_ROOT,
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    logger,
    note,
  });
  for await (const candidate of candidates) {
    try {
      const server = await startFerretdb({
        bin: candidate.path,
        dir: join(dataDir, 'ferretdb'),
        dbName,
        env: options.env,
        logger,
        timeoutMs,
      });
      logger.info({ bin: candidate.path, from: candidate.source }, 'using FerretDB');
      return { uri: server.uri, kind: 'ferretdb', stop: server.stop };
    } catch (error) {
      note(`${candidate.source} (${candidate.path}): ${(error as Error).message}`);
    }
  }

  const error = new EmbeddedDatabaseUnavailableError(attempts);
  logger.error({ tried: attempts }, error.message);
  throw error;
}
