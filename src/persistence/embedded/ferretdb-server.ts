import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type ChildEnv, forEachLine } from './child-process.ts';
import { waitForPing } from './wait-for-ping.ts';

export interface RunningServer {
  uri: string;
  stop(): Promise<void>;
}

export interface StartFerretdbOptions {
  bin: string;
  /** Holds the SQLite files (one per database), FerretDB's state.json and our pid file. */
  dir: string;
  dbName: string;
  env?: ChildEnv | undefined;
  logger: Logger;
  timeoutMs: number;
}

const PORT_ATTEMPTS = 3;
const STOP_GRACE_MS = 10_000;
const PID_FILE = 'ferretdb.pid';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

// FerretDB logs JSON lines with slog levels (DEBUG, INFO, WARN, ERROR, ERROR+n).
function forwardLogLine(logger: Logger, line: string): void {
  try {
    const { level, msg, time: _time, source: _source, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const text = `ferretdb: ${String(msg)}`;
    const severity = String(level);
    if (severity.startsWith('ERROR')) logger.error(fields, text);
    else if (severity.startsWith('WARN')) logger.warn(fields, text);
    else if (severity.startsWith('INFO')) logger.info(fields, text);
    else logger.debug(fields, text);
  } catch {
    logger.warn(`ferretdb: ${line}`);
  }
}

/**
 * A FerretDB left running by a crashed parent still holds our SQLite files; stop it before starting another one on
 * the same directory. Only a process whose command line names this directory is touched.
 */
async function stopLeftover(dir: string, logger: Logger): Promise<void> {
  const pid = Number.parseInt(await readFile(join(dir, PID_FILE), 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('ferretdb') || !cmdline.includes(`--state-dir=${dir}`)) return;
  logger.warn({ pid }, 'stopping a FerretDB left running on the same data directory');
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < STOP_GRACE_MS; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (!(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''))) return;
  }
  process.kill(pid, 'SIGKILL');
}

function exitReason(child: ChildProcess, recentErrors: string[]): Promise<string> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve(`could not run ${child.spawnfile}: ${error.message}`));
    child.once('exit', (code, signal) =>
      resolve(
        `exited with ${signal ?? `code ${code}`} before answering ping${recentErrors.length > 0 ? `: ${recentErrors.join(' | ')}` : ''}`,
      ),
    );
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  // No pid: it never started. An exit or signal code: it has already exited.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** How long a write waits for SQLite's write lock before failing. */
const BUSY_TIMEOUT_MS = 120_000;

/** Starts FerretDB (SQLite backend) on a free loopback port and waits until it answers ping. */
export async function startFerretdb(options: StartFerretdbOptions): Promise<RunningServer> {
  const { bin, dir, logger } = options;
  await mkdir(dir, { recursive: true });
  await stopLeftover(dir, logger);
  let lastFailure = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const args = [
      '--handler=sqlite',
      // SQLite has one writer at a time; under a burst a write may queue longer than FerretDB's default 10 s and fail
      // with SQLITE_BUSY, losing e.g. a session write. A slow write beats a lost one.
      // synchronous(normal): in WAL mode a commit still survives any process crash and only a power loss may undo the
      // last commits; writes take about half the time of FULL, FerretDB's default (README, "Durability").
      `--sqlite-url=file:${dir}/?_pragma=busy_timeout(${BUSY_TIMEOUT_MS})&_pragma=synchronous(normal)`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
      '--log-format=json',
    ];
    const child = spawn(bin, args, { env: options.env, stdio: ['ignore', 'ignore', 'pipe'] });
    const recentErrors: string[] = [];
    forEachLine(child, 'stderr', (line) => {
      recentErrors.push(line.slice(0, 300));
      if (recentErrors.length > 3) recentErrors.shift();
      forwardLogLine(logger, line);
    });
    // The child would outlive a parent that exits without calling stop().
    const killOnExit = () => child.kill('SIGTERM');
    process.once('exit', killOnExit);
    const uri = `mongodb://127.0.0.1:${port}/${options.dbName}?directConnection=true`;
    try {
      await waitForPing(uri, Date.now() + options.timeoutMs, exitReason(child, recentErrors));
    } catch (error) {
      process.off('exit', killOnExit);
      await stopChild(child);
      lastFailure = (error as Error).message;
      // Another process may have taken the port between our probe and FerretDB's bind: try another one.
      if (lastFailure.includes('address already in use')) continue;
      break;
    }
    await writeFile(join(dir, PID_FILE), String(child.pid));
    logger.info({ port, dir, pid: child.pid }, 'FerretDB started');
    let stopping = false;
    child.once('exit', (code, signal) => {
      if (!stopping) logger.error({ code, signal }, 'FerretDB exited unexpectedly; database calls will fail');
    });
    return {
      uri,
      async stop() {
        stopping = true;
        process.off('exit', killOnExit);
        await stopChild(child);
        await rm(join(dir, PID_FILE), { force: true });
      },
    };
  }
  throw new Error(lastFailure);
}
