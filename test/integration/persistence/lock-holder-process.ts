// Takes a document lock and keeps it, in a process of its own, so a test can kill it holding the lock (SIGKILL).
// Usage: node lock-holder-process.ts <mongoUri> <key>
import process from 'node:process';
import pino from 'pino';
import { connectDatabase } from '../../../src/persistence/connection.ts';
import { createDocumentLock } from '../../../src/persistence/document-lock.ts';

const [uri = '', key = 'lock'] = process.argv.slice(2);
const database = await connectDatabase(uri, { logger: pino({ level: 'silent' }) });
const lock = createDocumentLock(database.models.documentLocks, { holdMs: 10 * 60_000 });
void lock(key, async () => {
  process.stdout.write('held\n');
  await new Promise(() => {});
});
