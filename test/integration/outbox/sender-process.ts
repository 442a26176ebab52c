// A sender in a process of its own, so a test can kill it mid-send (SIGKILL: no stop, no hand-back).
// Usage: node sender-process.ts <mongoUri> <apiRoot> <messagesPerSecond> <owner>
import process from 'node:process';
import { connectDatabase } from '../../../src/persistence/connection.ts';
import { createTestSender, logger } from '../../support/outbox-harness.ts';

const [uri = '', apiRoot = '', rate = '20', owner = 'doomed'] = process.argv.slice(2);
const database = await connectDatabase(uri, { logger });
// The app's defaults for leases and heartbeats: a takeover must not depend on short test leases.
const { sender } = createTestSender(
  database,
  { apiRoot },
  { messagesPerSecond: { telegram: Number(rate) }, leaseMs: 60_000, sendTimeoutMs: 30_000, concurrency: 8, owner },
);
sender.start();
process.stdout.write('started\n');
