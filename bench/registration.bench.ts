// Registration benchmark: N simulated volunteers (default 1,000) register at once, each tapping as soon as the bot's
// question shows, through the sandbox Bot API server to a real bot process (`node src/main.ts`, HTTP long polling,
// real database). The sandbox and the volunteers run in a process of their own, so the bot's peak memory is its own.
// Sandbox and bot limits are raised so the bot is the bottleneck.
//   updates_per_s: updates the bot handled ÷ the time from the first tap to the last confirmation;
//   p50/p95/p99_ms: the bot's handling time per update (its /metrics histogram, to within 5%);
//   reply_p50/p95_ms: from a volunteer's tap to the bot's first message or edit in that chat, as the volunteer sees
//     it. With every volunteer waiting for the answer before tapping again, this is about N ÷ updates_per_s;
//   writes_per_update: every database write the bot made (batched log inserts included) ÷ updates.
// Environment: BENCH_VOLUNTEERS (1000); BENCH_DUMP_METRICS=1 also prints the bot's /metrics at the end.
// Database: MONGODB_URI, else embedded FerretDB in a temporary directory.
import process from 'node:process';
import { startBenchDatabase } from './support/bench-database.ts';
import { type BotMetrics, readBotMetrics } from './support/bot-metrics.ts';
import { startBotProcess } from './support/bot-process.ts';
import { killAllChildren } from './support/children.ts';
import { percentile, round } from './support/measure.ts';
import type { RegistrationRun } from './support/registrations.ts';
import { startSandboxProcess } from './support/sandbox-process.ts';

const TOKEN = '700009:registration-bench';
const UNLIMITED = 1_000_000_000;
const FIRST_USER_ID = 100_000;
/** How long one volunteer waits for one answer: generous, so that every registration finishes and counts. */
const STEP_TIMEOUT_MS = 15 * 60_000;

function describe(run: RegistrationRun, before: BotMetrics, after: BotMetrics, volunteers: number, peakRssMb: number) {
  const updates = after.updates - before.updates;
  const result = {
    name: 'registration',
    volunteers,
    updates_per_s: round(updates / run.seconds),
    p50_ms: after.handlers.p50Ms,
    p95_ms: after.handlers.p95Ms,
    p99_ms: after.handlers.p99Ms,
    reply_p50_ms: round(percentile(run.replyMs, 50)),
    reply_p95_ms: round(percentile(run.replyMs, 95)),
    writes_per_update: round(updates ? (after.dbWrites - before.dbWrites) / updates : 0, 2),
    bot_rss_mb: Math.round(peakRssMb),
  };
  const lines = [
    `volunteers registered: ${run.completed} of ${volunteers} (${run.failed} runs failed)`,
    ...(run.firstFailure ? [`first failure: ${run.firstFailure}`] : []),
    `updates handled: ${updates} in ${round(run.seconds, 2)} s → ${result.updates_per_s} updates/s`,
    `handling time: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms`,
    `tap to reply: p50 ${result.reply_p50_ms} ms, p95 ${result.reply_p95_ms} ms (${run.replyMs.length} replies)`,
    `database writes per update: ${result.writes_per_update} (batched log inserts included)`,
    ...Object.entries(after.byUpdateType).map(
      ([type, t]) => `  ${type}: ${t.updates} updates, ${t.writesPerUpdate} writes each while handled`,
    ),
    `bot process peak RSS: ${result.bot_rss_mb} MB (the sandbox and the volunteers run in another process)`,
  ];
  return { result, lines };
}

export async function main(): Promise<void> {
  const volunteers = Number(process.env.BENCH_VOLUNTEERS ?? 1000);
  const server = await startBenchDatabase();
  console.error(`database: ${server.kind}`);
  const db = await server.fresh();
  const sandbox = await startSandboxProcess({
    perChatPerSecond: UNLIMITED,
    perChatBurst: UNLIMITED,
    globalPerSecond: UNLIMITED,
    globalBurst: UNLIMITED,
  });
  const bot = await startBotProcess('bot', {
    token: TOKEN,
    apiRoot: sandbox.apiRoot,
    mongodbUri: db.uri,
    adminIds: '',
    messagesPerSecond: UNLIMITED,
    extra: { PER_CHAT_MESSAGES_PER_SECOND: String(UNLIMITED) },
  });
  let report: string[] = [];
  try {
    await sandbox.call('addBot', { token: TOKEN });
    await bot.ready;
    const before = await readBotMetrics(bot.port);
    console.error(`registering ${volunteers} volunteers at once…`);
    const run = await sandbox.call<RegistrationRun>(
      'register',
      { token: TOKEN, firstUserId: FIRST_USER_ID, count: volunteers, englishEvery: 5, stepTimeoutMs: STEP_TIMEOUT_MS },
      // Every step may take up to its own timeout; the whole run is bounded by the bench being watched.
      24 * 60 * 60_000,
    );
    const after = await readBotMetrics(bot.port);
    if (process.env.BENCH_DUMP_METRICS) console.error(JSON.stringify(after, null, 1));
    const registered = await db.database.models.volunteers.countDocuments({ status: 'active' });
    const { result, lines } = describe(run, before, after, volunteers, bot.peakRssMb());
    report = [`active volunteers stored: ${registered}`, ...lines, `BENCH ${JSON.stringify(result)}`];
  } finally {
    await bot.stop();
    await sandbox.stop();
    await db.drop();
    await server.stop();
    killAllChildren();
  }
  // Printed after the clean-up so that the BENCH line is the last one.
  for (const line of report) console.log(line);
}
