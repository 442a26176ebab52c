import { type ChildProcess, spawn } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDocumentLock } from '../../../src/persistence/document-lock.ts';
import { createTestDatabase, withDatabaseName } from '../../support/database.ts';

const database = await createTestDatabase();
const HOLDER_PROCESS = fileURLToPath(new URL('./lock-holder-process.ts', import.meta.url));

/** A process holding `key` for ten minutes; resolves once it holds it. */
async function holderOf(key: string): Promise<ChildProcess> {
  const uri = withDatabaseName(inject('mongoUri'), database.connection.name);
  const child = spawn(process.execPath, [HOLDER_PROCESS, uri, key], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    if (output.includes('held')) return child;
  }
  throw new Error(`the lock holder exited before it held ${key}`);
}

describe('a document lock whose holder crashed', () => {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  });

  it('when the process holding a lock was killed, then the next taker gets it at once, long before the holding would lapse', async () => {
    const holder = await holderOf('crashed-holder');
    children.push(holder);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));

    // Without knowing its holder is gone, this waits out the ten-minute holding and gives up after five seconds.
    const lock = createDocumentLock(database.models.documentLocks, { waitMs: 5000 });
    await expect(lock('crashed-holder', async () => 'taken')).resolves.toBe('taken');
  }, 60_000);

  it('when the process holding a lock is alive, then the lock is not taken from it', async () => {
    children.push(await holderOf('live-holder'));
    const lock = createDocumentLock(database.models.documentLocks, { waitMs: 500 });
    await expect(lock('live-holder', async () => 'taken')).rejects.toThrow('stayed locked');
  }, 60_000);
});
