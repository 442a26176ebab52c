import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { RunningServer } from './ferretdb-server.ts';

/**
 * Starts a real MongoDB through mongodb-memory-server, keeping its files in `dbPath` so data survives restarts.
 * The package downloads a MongoDB build the first time, so this only works on a machine with internet access.
 */
export async function startMongoMemoryServer(options: {
  dbPath: string;
  dbName: string;
  logger: Logger;
}): Promise<RunningServer> {
  await mkdir(options.dbPath, { recursive: true });
  // Loaded only when needed: most starts use FerretDB.
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({
    instance: { dbPath: options.dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
  });
  options.logger.info({ dbPath: options.dbPath }, 'MongoDB (mongodb-memory-server) started');
  return {
    uri: `${server.getUri(options.dbName)}?directConnection=true`,
    async stop() {
      // doCleanup:false keeps the data files.
      await server.stop({ doCleanup: false });
    },
  };
}
