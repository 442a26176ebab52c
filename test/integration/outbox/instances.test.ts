import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from 'bot-api-sandbox';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
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
} from '../../support/outbox-harness.ts';

const database = await createTestDatabase();
const SENDER_PROCESS = fileURLToPath(new URL('./sender-process.ts', import.meta.url));

const duplicatesIn = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n - 1, 0);

/** A real sender process on the test database (the app's 60 s leases, 1 s heartbeats). */
function startSenderProcess(sandbox: Sandbox, rate: number, owner: string): ChildProcess {
  const uri = withDatabaseName(inject('mongoUri'), database.connection.name);
  return spawn(process.execPath, [SENDER_PROCESS, uri, sandbox.apiRoot, String(rate), owner], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Resolves when the process has connected and started its sender (it prints `started`). */
async function started(child: ChildProcess): Promise<void> {
  let output = '';
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    if (output.includes('started')) return;
  }
  throw new Error('the sender process ended before it started');
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

describe('outbox across instances', () => {
  let sandbox: Sandbox;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    await resetOutbox(database);
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(kill));
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

  it('when the sending process is killed mid-send and restarted, then the rest resumes within 5 s, nothing is lost and duplicates stay within the last second', async () => {
    sandbox = await startOutboxSandbox();
    const rate = 20;
    const users = startedUsers(sandbox, 'telegram', 120, 2000);
    const setup = createTestSender(database, sandbox);
    await setup.deliveries.enqueue(deliveriesFor(users, { campaignId: 'crash' }));
    const doomed = startSenderProcess(sandbox, rate, 'doomed');
    children.push(doomed);
    await until(() => accepted(sandbox).length >= 40, 30_000);
    await kill(doomed);
    const killedAt = Date.now();
    const atKill = accepted(sandbox);
    // The bound: the sends started in the last second before the kill (their results may not be stored yet).
    const lastSecond = atKill.filter((d) => d.at > killedAt - 1000).length;

    const restarted = startSenderProcess(sandbox, rate, 'restarted');
    children.push(restarted);
    // From when it runs (Node's start and the connection take seconds on a loaded machine, and are not the outbox's).
    await started(restarted);
    const restartedAt = Date.now();
    await until(() => accepted(sandbox).length > atKill.length, 15_000);
    const resumedAfterMs = accepted(sandbox)[atKill.length]!.at - restartedAt;
    await until(() => countByText(accepted(sandbox)).size === 120, 30_000);

    const counts = countByText(accepted(sandbox));
    if (process.env.OUTBOX_FIGURES) console.log({ resumedAfterMs, lastSecond, duplicates: duplicatesIn(counts) });
    expect(atKill.length).toBeLessThan(120);
    expect(counts.size).toBe(120);
    expect(duplicatesIn(counts)).toBeLessThanOrEqual(lastSecond);
    // Not the claims' 60 s leases: the dead process's heartbeat ran out (3 s) and the new one took over.
    expect(resumedAfterMs).toBeLessThan(5000);
  });
});
