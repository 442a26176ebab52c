// A sender in a process of its own, so a test can kill it mid-drain (SIGKILL: no stop, no hand-back).
// Usage: node sender-process.ts <mongoUri> <apiRoot> <messagesPerSecond> <leaseMs>
import process from 'node:process';
import { connectDatabase } from '../../../src/persistence/connection.ts';
import { createTestSender, logger } from '../../support/outbox-harness.ts';

const [uri = '', apiRoot = '', rate = '20', leaseMs = '3000'] = process.argv.slice(2);
const database = await connectDatabase(uri, { logger });
const { sender } = createTestSender(
  database,
  { apiRoot },
  { messagesPerSecond: { telegram: Number(rate) }, leaseMs: Number(leaseMs), sendTimeoutMs: 500, owner: 'doomed' },
);
sender.start();
process.stdout.write('started\n');
