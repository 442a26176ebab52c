import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { connectDatabase, type Database, ensureIndexes } from '../persistence/connection.ts';
import { startEmbeddedDatabase } from '../persistence/embedded-database.ts';

export interface OpenDatabase {
  database: Database;
  /** Closes the connection, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

/** MONGODB_URI when configured, else the embedded FerretDB in DATA_DIR; with every model's indexes in place. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  const embedded = config.mongodbUri
    ? undefined
    : await startEmbeddedDatabase({
        dataDir: config.dataDir,
        logger,
        ferretdbBin: config.ferretdbBin,
        cacheDir: config.cacheDir,
      });
  const database = await connectDatabase(config.mongodbUri ?? (embedded?.uri as string), { logger }).catch(
    async (error: unknown) => {
      await embedded?.stop();
      throw error;
    },
  );
  const close = async () => {
    await database.close();
    await embedded?.stop();
  };
  try {
    await ensureIndexes(database.models);
  } catch (error) {
    await close();
    throw error;
  }
  return { database, close };
}
