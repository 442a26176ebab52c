import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type ChildEnv, run } from './child-process.ts';

export interface FerretdbCandidate {
  path: string;
  /** Where it came from, for logs and the final error. */
  source: string;
}

export interface FindFerretdbOptions {
  ferretdbBin?: string | undefined;
  env?: ChildEnv | undefined;
  projectRoot: string;
  /** Where FerretDB is built and kept between runs (see cachedFerretdbPath), shared with ./nazr. */
  cacheDir: string;
  logger: Logger;
  /** Records why a place did not yield a usable binary. */
  note: (attempt: string) => void;
}

/** The cache ./nazr and scripts/ensure-ferretdb.sh use when NAZR_CACHE_DIR is unset; outside the clone, so CI keeps it. */
export function defaultCacheDir(): string {
  return join(homedir(), '.cache', 'nazr');
}

/**
 * Where scripts/ensure-ferretdb.sh keeps the binary it builds: under the first 16 hex digits of the script's SHA-256,
 * so a binary built before a patch changed is never taken for a patched one. Undefined when the script is missing.
 */
export async function cachedFerretdbPath(cacheDir: string, projectRoot: string): Promise<string | undefined> {
  const script = await readFile(join(projectRoot, 'scripts', 'ensure-ferretdb.sh')).catch(() => undefined);
  if (!script) return undefined;
  const buildId = createHash('sha256').update(script).digest('hex').slice(0, 16);
  return join(cacheDir, 'ferretdb', buildId, 'bin', 'ferretdb');
}

const VERSION_TIMEOUT_MS = 10_000;
const BUILD_TIMEOUT_MS = 15 * 60_000;

async function runs(path: string, env: ChildEnv | undefined): Promise<string | undefined> {
  try {
    await run(path, ['--version'], { env, timeoutMs: VERSION_TIMEOUT_MS });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Yields FerretDB binaries to try, best first: FERRETDB_BIN, `ferretdb` on PATH, the cache, and finally a
 * fresh build with scripts/ensure-ferretdb.sh when Go is installed. Later places are only looked at when the caller
 * asks for the next candidate, so the build runs only when nothing else worked.
 */
export async function* ferretdbCandidates(options: FindFerretdbOptions): AsyncGenerator<FerretdbCandidate> {
  const { cacheDir, env, logger, note, projectRoot } = options;
  const found = async function* (path: string, source: string) {
    const failure = await runs(path, env);
    if (failure === undefined) yield { path, source };
    else note(`${source}: ${failure}`);
  };

  if (options.ferretdbBin) yield* found(options.ferretdbBin, 'FERRETDB_BIN');
  // A bare name is looked up on the child environment's PATH by child_process itself.
  yield* found('ferretdb', 'PATH');
  const cached = await cachedFerretdbPath(cacheDir, projectRoot);
  if (cached) yield* found(cached, 'cache');

  const script = join(projectRoot, 'scripts', 'ensure-ferretdb.sh');
  try {
    await run('go', ['version'], { env, timeoutMs: VERSION_TIMEOUT_MS });
  } catch (error) {
    note(`build: Go is not usable (${(error as Error).message})`);
    return;
  }
  try {
    await access(script);
  } catch {
    note(`build: ${script} is missing`);
    return;
  }
  logger.info({ cacheDir }, 'building FerretDB with Go into the cache (a few minutes, once)');
  try {
    const stdout = await run('bash', [script, cacheDir], {
      env,
      timeoutMs: BUILD_TIMEOUT_MS,
      onStderr: (line) => logger.debug({ ferretdbBuild: line }, 'ferretdb build'),
    });
    const path = stdout.trim().split('\n').at(-1)?.trim();
    if (path) yield { path, source: 'built by scripts/ensure-ferretdb.sh' };
    else note('build: scripts/ensure-ferretdb.sh printed no path');
  } catch (error) {
    note(`build: ${(error as Error).message}`);
  }
}
