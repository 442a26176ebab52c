// A bot as the deployment runs it: `node src/main.ts` with the Dockerfile's heap flags, in a process of its own,
// pointed at the sandbox and the bench's database through the environment. Its peak memory (VmHWM) is sampled from
// /proc while it lives, since the figure is gone once the process is.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { track } from './children.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The heap settings of the Dockerfile's CMD, so a bench measures the bot's memory as it is deployed. */
export const DEPLOYED_NODE_FLAGS = ['--max-old-space-size=1024', '--max-semi-space-size=8'];
/** The Dockerfile's memory setting outside Node's flags (glibc's malloc arenas). */
export const DEPLOYED_ENV = { MALLOC_ARENA_MAX: '2' };
const START_TIMEOUT_MS = 60_000;
const RSS_SAMPLE_MS = 500;
const MEMORY_LOG_EVERY = 4;
/** Output kept for a failure message: the last lines say why a bot did not start. */
const OUTPUT_KEPT = 20_000;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Peak resident memory of a live process in MB, or 0 when it is gone. */
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function logMemory(name: string, port: number): void {
  fetch(`http://127.0.0.1:${port}/metrics`)
    .then((response) => response.json() as Promise<{ rssMb: number; memoryMb: Record<string, number> }>)
    .then(
      ({ rssMb, memoryMb }) => console.error(`[${name}] rss ${rssMb} MB ${JSON.stringify(memoryMb)}`),
      () => {},
    );
}

export interface BotProcess {
  readonly name: string;
  readonly pid: number;
  /** When the process was spawned (epoch ms). */
  readonly startedAt: number;
  readonly port: number;
  /** Resolves once its health server answers; rejects if it exits first or takes longer than a minute. */
  readonly ready: Promise<number>;
  /** Resolves with the exit code (null after a signal). */
  readonly exited: Promise<number | null>;
  /** The highest VmHWM seen, in MB. */
  peakRssMb(): number;
  output(): string;
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface BotEnv {
  token: string;
  apiRoot: string;
  mongodbUri: string;
  adminIds: string;
  messagesPerSecond?: number;
  /** Webhook mode: the address the platform posts to (a proxy in front of the instances). */
  webhook?: { baseUrl: string; secret: string };
  port?: number;
  extra?: Record<string, string>;
}

/** Starts `node src/main.ts`; `ready` says when its health server answers. */
export async function startBotProcess(name: string, env: BotEnv): Promise<BotProcess> {
  const port = env.port ?? (await freePort());
  const child: ChildProcess = track(
    spawn(process.execPath, [...DEPLOYED_NODE_FLAGS, 'src/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...DEPLOYED_ENV,
        TELEGRAM_BOT_TOKEN: env.token,
        TELEGRAM_API_ROOT: env.apiRoot,
        TELEGRAM_MESSAGES_PER_SECOND: String(env.messagesPerSecond ?? 30),
        MONGODB_URI: env.mongodbUri,
        ADMIN_IDS: env.adminIds,
        PORT: String(port),
        LOG_LEVEL: process.env.BENCH_BOT_LOG_LEVEL ?? 'warn',
        // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` or `--heapsnapshot-signal=SIGUSR2` to see where a bot's time goes.
        ...(process.env.BENCH_BOT_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_BOT_NODE_OPTIONS }),
        ...(env.webhook && {
          BOT_MODE: 'webhook',
          WEBHOOK_BASE_URL: env.webhook.baseUrl,
          WEBHOOK_SECRET: env.webhook.secret,
        }),
        ...env.extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const pid = child.pid ?? 0;
  let output = '';
  let peak = 0;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
    if (process.env.BENCH_BOT_OUTPUT) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let samples = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, peakRssMb(pid));
    // BENCH_MEMORY_LOG: where the bot's memory is, every few seconds (its /metrics), to see what holds it.
    if (process.env.BENCH_MEMORY_LOG && ++samples % MEMORY_LOG_EVERY === 0) logMemory(name, port);
  }, RSS_SAMPLE_MS);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearInterval(sampler);
      resolve(code);
    }),
  );
  // Up once its health server answers: app.ts opens it after the bots, just before the outbox and the jobs start.
  const ready = (async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let gone = false;
    void exited.then(() => {
      gone = true;
    });
    while (!gone && Date.now() < deadline) {
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => true,
        () => false,
      );
      if (answered) return Date.now();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name} ${gone ? 'exited' : 'did not start in time'}; its output:\n${output}`);
  })();
  ready.catch(() => undefined);
  const sample = () => {
    peak = Math.max(peak, peakRssMb(pid));
    return peak;
  };
  return {
    name,
    pid,
    port,
    startedAt: Date.now(),
    ready,
    exited,
    peakRssMb: sample,
    output: () => output,
    async kill9() {
      sample();
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      sample();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
