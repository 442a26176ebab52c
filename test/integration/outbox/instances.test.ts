import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/sandbox-server.ts';
import { createTestDatabase, withDatabaseName } from '../../support/database.ts';
import {
  accepted,
  countByText,
  createTestSender,
  deliveriesFor,
  resetOutbox,
  startedUsers,
  startOutboxSandbox,
  until,
} from './outbox-harness.ts';

const database = await createTestDatabase();
const SENDER_PROCESS = fileURLToPath(new URL('./sender-process.ts', import.meta.url));

const duplicatesIn = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n - 1, 0);

describe('outbox across instances', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    await resetOutbox(database);
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when a sender is stopped mid-drain and a new one starts, then every delivery is made exactly once', async () => {
    sandbox = await startOutboxSandbox();
    const users = startedUsers(sandbox, 'telegram', 60, 1000);
    const options = { messagesPerSecond: { telegram: 20 }, leaseMs: 30_000 };
    const first = createTestSender(database, sandbox, options);
    await first.sender.enqueue(deliveriesFor(users, { campaignId: 'restart' }));
    first.sender.start();
    await until(() => accepted(sandbox).length >= 15);
    await first.sender.stop();
    const atStop = accepted(sandbox).length;

    const second = createTestSender(database, sandbox, options);
    const started = performance.now();
    await second.sender.drainOnce();

    const counts = countByText(accepted(sandbox));
    expect(counts.size).toBe(60);
    expect(duplicatesIn(counts)).toBe(0);
    expect(atStop).toBeLessThan(60);
    // What the first one held was handed back, so the second did not wait for its 30 s leases.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('when a sender process is killed mid-drain, then another delivers the rest after the lease and duplicates stay within what was in flight', async () => {
    sandbox = await startOutboxSandbox();
    const users = startedUsers(sandbox, 'telegram', 60, 2000);
    const setup = createTestSender(database, sandbox);
    await setup.sender.enqueue(deliveriesFor(users, { campaignId: 'crash' }));
    const uri = withDatabaseName(inject('mongoUri'), database.connection.name);
    const child = spawn(process.execPath, [SENDER_PROCESS, uri, sandbox.apiRoot, '20', '3000'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      await until(() => accepted(sandbox).length >= 20, 25_000);
    } finally {
      child.kill('SIGKILL');
    }
    await once(child, 'exit');
    const atCrash = accepted(sandbox).length;

    // The dead sender claimed everything ahead; its claims run out after 3 s and then another instance takes over.
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const survivor = createTestSender(database, sandbox, { leaseMs: 3000, sendTimeoutMs: 500 });
    await survivor.sender.drainOnce();

    const counts = countByText(accepted(sandbox));
    expect(atCrash).toBeLessThan(60);
    expect(counts.size).toBe(60);
    // In flight at the kill: at most 4 sends plus the results not yet stored.
    expect(duplicatesIn(counts)).toBeLessThanOrEqual(6);
    const progress = await survivor.sender.campaignProgress('crash');
    expect(progress.counts.sent).toBe(60);
  });

  it('when two instances drain one outbox at once, then they share the work and never send a delivery twice', async () => {
    sandbox = await startOutboxSandbox({ limits: { globalPerSecond: 40 } });
    const users = startedUsers(sandbox, 'telegram', 80, 3000);
    const options = { messagesPerSecond: { telegram: 10 } };
    const a = createTestSender(database, sandbox, { ...options, owner: 'instance-a' });
    const b = createTestSender(database, sandbox, { ...options, owner: 'instance-b' });
    await a.sender.enqueue(deliveriesFor(users, { campaignId: 'shared' }));

    await Promise.all([a.sender.drainOnce(), b.sender.drainOnce()]);

    const counts = countByText(accepted(sandbox));
    expect(counts.size).toBe(80);
    expect(duplicatesIn(counts)).toBe(0);
    const owners = await database.models.deliveryClaims.distinct('owner');
    expect(owners.sort()).toEqual(['instance-a', 'instance-b']);
  });
});
