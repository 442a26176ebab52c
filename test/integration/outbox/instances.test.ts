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
  TOKENS,
  until,
} from '../../support/outbox-harness.ts';

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

  it('when two instances drain one outbox at the platform limit, then they share the work and the rate, without 429s or duplicates', async () => {
    // Both are configured with the platform's own limit, as every instance of one bot is.
    sandbox = await startOutboxSandbox({ limits: { globalPerSecond: 10 } });
    const users = startedUsers(sandbox, 'telegram', 80, 3000);
    const options = { messagesPerSecond: { telegram: 10 } };
    const a = createTestSender(database, sandbox, { ...options, owner: 'instance-a' });
    const b = createTestSender(database, sandbox, { ...options, owner: 'instance-b' });
    await a.sender.enqueue(deliveriesFor(users, { campaignId: 'shared' }));

    await Promise.all([a.sender.drainOnce(), b.sender.drainOnce()]);

    const got = accepted(sandbox);
    const counts = countByText(got);
    expect(counts.size).toBe(80);
    expect(duplicatesIn(counts)).toBe(0);
    const owners = await database.models.deliveryClaims.distinct('owner');
    expect(owners.sort()).toEqual(['instance-a', 'instance-b']);
    // Each paced itself at half the limit: at most a stray 429, not a storm.
    expect(sandbox.stats(TOKENS.telegram).tooManyRequests).toBeLessThanOrEqual(2);
    const perSecond = (got.length - 1) / ((got.at(-1)!.at - got[0]!.at) / 1000);
    // Within the limit, plus the one-second burst the platform allows while they first find each other.
    expect(perSecond).toBeLessThanOrEqual(11);
    expect(perSecond).toBeGreaterThan(7);
    // Both left when done, so a later instance has the whole rate.
    expect(await database.models.deliverySenders.countDocuments()).toBe(0);
  });

  it('when one of two sending instances stops, then the other takes the whole rate', async () => {
    sandbox = await startOutboxSandbox({ limits: { globalPerSecond: 10 } });
    const users = startedUsers(sandbox, 'telegram', 70, 4000);
    const options = { messagesPerSecond: { telegram: 10 } };
    const a = createTestSender(database, sandbox, { ...options, owner: 'instance-a' });
    const b = createTestSender(database, sandbox, { ...options, owner: 'instance-b' });
    await a.sender.enqueue(deliveriesFor(users, { campaignId: 'handover' }));
    a.sender.start();
    b.sender.start();
    try {
      await until(() => accepted(sandbox).length >= 20);
      expect((await database.models.deliverySenders.distinct('owner')).sort()).toEqual(['instance-a', 'instance-b']);
      await b.sender.stop();
      // B left at once; A sees it at its next heartbeat (1 s) and then sends at the whole 10/s.
      expect(await database.models.deliverySenders.distinct('owner')).toEqual(['instance-a']);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const from = accepted(sandbox).length;
      const started = performance.now();
      await until(() => accepted(sandbox).length >= from + 20);
      // 20 take about 2 s at 10/s; at the half share they would take 4 s.
      expect((performance.now() - started) / 1000).toBeLessThan(2.8);
      expect(sandbox.stats(TOKENS.telegram).tooManyRequests).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all([a.sender.stop(), b.sender.stop()]);
    }
    expect(duplicatesIn(countByText(accepted(sandbox)))).toBe(0);
  });
});
