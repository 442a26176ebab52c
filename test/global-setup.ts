import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../src/persistence/embedded-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server every test file uses (each file in a database of its own): MONGODB_URI, else embedded FerretDB. */
    mongoUri: string;
  }
}

/** Starts one database server for the whole run, unless MONGODB_URI names one (to run the tests against MongoDB). */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnvironment = process.env.MONGODB_URI;
  if (fromEnvironment) {
    project.provide('mongoUri', fromEnvironment);
    return undefined;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'nazr-test-db-'));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  const database = await startEmbeddedDatabase({
    dataDir,
    logger,
    ferretdbBin: process.env.FERRETDB_BIN || undefined,
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  project.provide('mongoUri', database.uri);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
