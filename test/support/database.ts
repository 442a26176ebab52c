import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, inject } from 'vitest';
import { connectDatabase, type Database, ensureIndexes } from '../../src/persistence/connection.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });

/**
 * Puts `name` in place of the URI's database. With credentials and no authSource, the original database (or admin)
 * stays the one users authenticate against, since the driver would otherwise use the new name.
 */
export function withDatabaseName(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/([^/?]*))(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri);
  if (!match) throw new Error('mongoUri is not a mongodb:// connection string');
  const [, base, hosts = '', database = '', query = ''] = match;
  const params = new URLSearchParams(query);
  if (hosts.includes('@') && !params.has('authSource')) params.set('authSource', database || 'admin');
  const search = params.toString();
  return `${base}/${name}${search ? `?${search}` : ''}`;
}

/** A fresh database name, unique per call, so test files never see each other's data. */
export function freshDatabaseName(): string {
  return `nazr_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Connects to a database of this test file's own, with every model's indexes, and drops it after the file's tests.
 * Call it at the top level of the test file: `const database = await createTestDatabase();`.
 */
export async function createTestDatabase(): Promise<Database> {
  const database = await connectDatabase(withDatabaseName(inject('mongoUri'), freshDatabaseName()), { logger });
  afterAll(async () => {
    await database.connection.dropDatabase();
    await database.close();
  });
  await ensureIndexes(database.models);
  return database;
}
