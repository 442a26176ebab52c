// 1,000 simulated volunteers register at once through the sandbox, the whole bot in between (HTTP long polling,
// real database). Sandbox limits are raised so the bot is the bottleneck. Prints updates handled per second and the
// handler latency percentiles, then one machine-readable line: BENCH {...}.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { type App, startApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { connectDatabase } from '../src/persistence/connection.ts';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../src/persistence/embedded-database.ts';
import { RegistrationDriver } from '../test/support/registration-driver.ts';

const VOLUNTEERS = Number(process.env.BENCH_VOLUNTEERS ?? 1000);
const TOKEN = '700009:registration-bench';
const UNLIMITED = 1_000_000_000;
/** How long one volunteer waits for one answer: generous, so that every registration finishes and counts. */
const STEP_TIMEOUT_MS = 15 * 60_000;

interface Metrics {
  updates: number;
  dbWrites: number;
  byUpdateType: Record<string, { updates: number; writes: number; writesPerUpdate: number }>;
  rssMb: number;
}

/** The bot's own counters, read over HTTP as from any other process. */
async function readMetrics(port: number): Promise<Metrics> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return (await response.json()) as Metrics;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** A database of its own on MONGODB_URI, or on an embedded FerretDB started for the run. */
async function openDatabase(logger: pino.Logger): Promise<{ uri: string; close: () => Promise<void> }> {
  const name = `nazr_bench_${randomBytes(4).toString('hex')}`;
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let base = process.env.MONGODB_URI;
  if (!base) {
    dataDir = await mkdtemp(join(tmpdir(), 'nazr-bench-'));
    embedded = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin: process.env.FERRETDB_BIN || undefined });
    base = embedded.uri;
  }
  const uri = base.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?/, `$1/${name}`);
  return {
    uri,
    async close() {
      const database = await connectDatabase(uri, { logger });
      await database.connection.dropDatabase();
      await database.close();
      await embedded?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function main(): Promise<void> {
  const logger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' });
  const database = await openDatabase(logger);
  const sandbox = await startSandbox({
    limits: {
      perChatPerSecond: UNLIMITED,
      perChatBurst: UNLIMITED,
      globalPerSecond: UNLIMITED,
      globalBurst: UNLIMITED,
    },
  });
  sandbox.addBot({ token: TOKEN, profile: 'telegram' });

  const parsed = parseConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: sandbox.apiRoot,
    TELEGRAM_MESSAGES_PER_SECOND: String(UNLIMITED),
    PER_CHAT_MESSAGES_PER_SECOND: String(UNLIMITED),
    MONGODB_URI: database.uri,
    LOG_LEVEL: 'silent',
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  let app: App | undefined;
  const report: string[] = [];
  try {
    app = await startApp({ config: { ...parsed.config, port: 0 }, logger, scheduler: false });

    // Time every update the bot handles, from the runner handing it over to the last middleware returning.
    const latencies: number[] = [];
    for (const bot of app.bots.values()) {
      const handle = bot.handleUpdate.bind(bot);
      bot.handleUpdate = async (...args: Parameters<typeof handle>) => {
        const started = performance.now();
        try {
          return await handle(...args);
        } finally {
          latencies.push(performance.now() - started);
        }
      };
    }

    const drivers = await Promise.all(
      Array.from({ length: VOLUNTEERS }, (_, i) =>
        RegistrationDriver.create(
          sandbox.user({ token: TOKEN, userId: 100_000 + i, firstName: `Volunteer${i}` }),
          i % 5 === 0 ? 'en' : 'fa',
          undefined,
          STEP_TIMEOUT_MS,
        ),
      ),
    );
    console.log(`registering ${VOLUNTEERS} volunteers concurrently…`);
    const port = app.port;
    const before = await readMetrics(port);
    // The bot's memory, sampled while it works (the sandbox shares the process until it moves into its own).
    let peakRssMb = before.rssMb;
    const sampler = setInterval(() => {
      readMetrics(port).then(
        (m) => {
          peakRssMb = Math.max(peakRssMb, m.rssMb);
        },
        () => {},
      );
    }, 1000);
    const started = performance.now();
    const results = await Promise.allSettled(
      drivers.map(async (driver) => {
        if (driver.locale === 'en') await driver.chooseLanguage();
        return driver.register();
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const after = await readMetrics(port);
    peakRssMb = Math.max(peakRssMb, after.rssMb);
    const updates = after.updates - before.updates;
    const writesPerUpdate = updates ? (after.dbWrites - before.dbWrites) / updates : 0;

    const failed = results.filter((r) => r.status === 'rejected');
    const registered = await app.database.models.volunteers.countDocuments({ status: 'active' });
    const sorted = [...latencies].sort((a, b) => a - b);
    const updatesPerSecond = latencies.length / seconds;
    const result = {
      name: 'registration',
      updates_per_s: round(updatesPerSecond),
      p50_ms: round(percentile(sorted, 50), 2),
      p95_ms: round(percentile(sorted, 95), 2),
      p99_ms: round(percentile(sorted, 99), 2),
      writes_per_update: round(writesPerUpdate, 2),
      bot_rss_mb: peakRssMb,
    };
    report.push(`volunteers registered: ${registered} of ${VOLUNTEERS} (${failed.length} runs failed)`);
    if (failed[0]?.status === 'rejected') report.push(`first failure: ${String(failed[0].reason).split('\n')[0]}`);
    report.push(`updates handled: ${latencies.length} in ${round(seconds, 2)} s → ${result.updates_per_s} updates/s`);
    report.push(`handler latency: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms`);
    report.push(`database writes per update: ${result.writes_per_update} (batched log inserts included)`);
    for (const [type, t] of Object.entries(after.byUpdateType)) {
      report.push(`  ${type}: ${t.updates} updates, ${t.writesPerUpdate} writes each while handled`);
    }
    report.push(`bot process RSS, peak: ${peakRssMb} MB (sandbox included while it runs in the same process)`);
    report.push(`BENCH ${JSON.stringify(result)}`);
  } finally {
    await app?.stop();
    await sandbox.close();
    await database.close();
  }
  // Printed after the clean-up so that the BENCH line is the last one.
  for (const line of report) console.log(line);
}
