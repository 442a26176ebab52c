import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedFerretdbPath, defaultCacheDir } from '../../../src/persistence/embedded/ferretdb-binary.ts';
import { EmbeddedDatabaseUnavailableError, startEmbeddedDatabase } from '../../../src/persistence/embedded-database.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
const ferretdbBin = process.env.FERRETDB_BIN || undefined;
/** The FerretDB this run uses: FERRETDB_BIN (./nazr sets it), else the one ./nazr built into the cache. */
const projectRootOfThisCheckout = fileURLToPath(new URL('../../../', import.meta.url));
const realBinary =
  ferretdbBin ??
  (await cachedFerretdbPath(process.env.NAZR_CACHE_DIR || defaultCacheDir(), projectRootOfThisCheckout)) ??
  'ferretdb';
const moduleUrl = new URL('../../../src/persistence/embedded-database.ts', import.meta.url).href;
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nazr-embedded-'));
  tempDirs.push(dir);
  return dir;
}

async function withClient<T>(
  uri: string,
  use: (db: mongoose.mongo.Db) => Promise<T>,
  serverSelectionTimeoutMS = 2_000,
): Promise<T> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS });
  try {
    await client.connect();
    return await use(client.db());
  } finally {
    await client.close();
  }
}

/** True once the process is gone (or a zombie nobody has reaped yet). */
async function isGone(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return status === '' || /^State:\s+Z/m.test(status);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** Runs a separate Node process that starts the embedded database, prints FerretDB's pid, then runs `then`. */
function startInChild(dataDir: string, then: string): Promise<{ pid: number; child: ReturnType<typeof spawn> }> {
  const script = `
    import pino from 'pino';
    import { readFile } from 'node:fs/promises';
    const { startEmbeddedDatabase } = await import(${JSON.stringify(moduleUrl)});
    const db = await startEmbeddedDatabase({ dataDir: ${JSON.stringify(dataDir)}, logger: pino({ level: 'silent' }),
      ferretdbBin: ${JSON.stringify(ferretdbBin)} });
    void db;
    console.log(await readFile(${JSON.stringify(join(dataDir, 'ferretdb', 'ferretdb.pid'))}, 'utf8'));
    ${then}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../../../', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const pid = Number.parseInt(out, 10);
      if (out.includes('\n') && Number.isInteger(pid)) resolve({ pid, child });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before starting the database`)));
  });
}

describe('startEmbeddedDatabase', () => {
  it('when started on an empty data directory, then FerretDB answers ping and keeps its files there', async () => {
    const dataDir = await tempDir();
    const database = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin });
    try {
      expect(database.kind).toBe('ferretdb');
      expect(database.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/nazr\?directConnection=true$/);
      expect(await withClient(database.uri, (db) => db.command({ ping: 1 }))).toMatchObject({ ok: 1 });
      await withClient(database.uri, (db) => db.collection('probe').insertOne({ _id: 'x' } as never));
      expect(await readdir(join(dataDir, 'ferretdb'))).toContain('nazr.sqlite');
    } finally {
      await database.stop();
    }
  });

  it('when stopped and started again on the same data directory, then the data written before is still there', async () => {
    const dataDir = await tempDir();
    const first = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin });
    await withClient(first.uri, (db) => db.collection('kept').insertOne({ _id: 'survivor', note: 'سلام' } as never));
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin });
    try {
      const doc = await withClient(second.uri, (db) => db.collection('kept').findOne({ _id: 'survivor' } as never));
      expect(doc).toEqual({ _id: 'survivor', note: 'سلام' });
    } finally {
      await second.stop();
    }
  });

  it('when started, then SQLite runs with synchronous=NORMAL, as the README says', async () => {
    const dataDir = await tempDir();
    const database = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin });
    try {
      const pid = Number.parseInt(await readFile(join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8'), 10);
      const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      expect(commandLine.find((arg) => arg.startsWith('--sqlite-url='))).toMatch(/_pragma=synchronous\(normal\)/);
    } finally {
      await database.stop();
    }
  });

  it('when stopped, then the server process is gone and no longer answers', async () => {
    const dataDir = await tempDir();
    const database = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin });
    const pid = Number.parseInt(await readFile(join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8'), 10);
    await database.stop();
    expect(await isGone(pid)).toBe(true);
    await expect(withClient(database.uri, (db) => db.command({ ping: 1 }), 300)).rejects.toThrow();
  });

  it('when the parent process exits without calling stop, then FerretDB is stopped with it', async () => {
    const dataDir = await tempDir();
    const { pid } = await startInChild(dataDir, 'process.exit(0);');
    expect(await eventually(() => isGone(pid))).toBe(true);
  });

  it('when a crashed parent left FerretDB running on the data directory, then the next start replaces it', async () => {
    const dataDir = await tempDir();
    const { pid, child } = await startInChild(dataDir, 'setInterval(() => {}, 1000);');
    child.kill('SIGKILL');
    expect(await isGone(pid)).toBe(false);

    const database = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin });
    try {
      expect(await isGone(pid)).toBe(true);
      expect(await withClient(database.uri, (db) => db.command({ ping: 1 }))).toMatchObject({ ok: 1 });
    } finally {
      await database.stop();
    }
  });

  it('when FERRETDB_BIN is bogus, nothing else is found and Go is unusable, then one clear line says what to do', async () => {
    const dataDir = await tempDir();
    const error = await startEmbeddedDatabase({
      dataDir,
      logger,
      ferretdbBin: join(dataDir, 'no-such-ferretdb'),
      env: { PATH: join(dataDir, 'empty-path') },
      projectRoot: await tempDir(),
      cacheDir: await tempDir(),
      startTimeoutMs: 2_000,
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(EmbeddedDatabaseUnavailableError);
    const { message, attempts } = error as EmbeddedDatabaseUnavailableError;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/MONGODB_URI/);
    expect(message).toMatch(/Go/);
    expect(message).toMatch(/FERRETDB_BIN/);
    expect(attempts.join('\n')).toMatch(/FERRETDB_BIN: .*not found/);
    expect(attempts.join('\n')).toMatch(/Go is not usable/);
  });

  it('when FerretDB is nowhere but Go is installed, then scripts/ensure-ferretdb.sh runs and its binary is used', async () => {
    const dataDir = await tempDir();
    const projectRoot = await tempDir();
    const fakeBin = join(projectRoot, 'fake-bin');
    await mkdir(fakeBin);
    await mkdir(join(projectRoot, 'scripts'));
    // Stand-ins for Go and the build, which would take minutes: the script prints the path of a real FerretDB.
    await writeFile(join(fakeBin, 'go'), '#!/bin/sh\necho go version go1.24.3\n');
    await chmod(join(fakeBin, 'go'), 0o755);
    const marker = join(projectRoot, 'script-ran');
    await writeFile(
      join(projectRoot, 'scripts', 'ensure-ferretdb.sh'),
      `touch '${marker}'\necho 'building…' >&2\necho '${realBinary}'\n`,
    );
    const database = await startEmbeddedDatabase({
      dataDir,
      logger,
      env: { PATH: `${fakeBin}:/usr/bin:/bin` },
      projectRoot,
      cacheDir: await tempDir(),
    });
    try {
      expect(database.kind).toBe('ferretdb');
      expect(await readFile(marker, 'utf8')).toBe('');
    } finally {
      await database.stop();
    }
  });

  it('when FERRETDB_BIN is bogus but FerretDB is in the cache, then the cached binary is used', async () => {
    const dataDir = await tempDir();
    const cacheDir = await tempDir();
    const cached = await cachedFerretdbPath(cacheDir, projectRootOfThisCheckout);
    if (!cached) throw new Error('scripts/ensure-ferretdb.sh is missing from this checkout');
    await mkdir(dirname(cached), { recursive: true });
    await copyFile(realBinary, cached);
    const database = await startEmbeddedDatabase({
      dataDir,
      logger,
      ferretdbBin: join(dataDir, 'no-such-ferretdb'),
      cacheDir,
      env: { PATH: join(dataDir, 'empty-path') },
    });
    try {
      expect(database.kind).toBe('ferretdb');
    } finally {
      await database.stop();
    }
  });
});
