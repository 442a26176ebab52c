// Broadcast benchmark: one call-up to N matching volunteers (default 5,000), created as a coordinator does (the
// /callup flow, «ارسال») in a real bot process (`node src/main.ts`), sent through the outbox to the sandbox Bot API
// server, which runs in a process of its own so the bot's peak memory (bot_rss_mb) is its own. Database: MONGODB_URI,
// else embedded FerretDB in a temporary directory.
//   (a) the sandbox and the bot at Telegram's limits (30/s global, 1/s per chat): achieved rate ÷ limit, lost,
//       duplicated, time from the coordinator's «ارسال» to the first card;
//   (b) both limits raised to 1,000/s: how close to a raised limit the sender keeps (it cannot pass the limit);
//   (c) both raised to 2,000/s: the sender's own ceiling, which the limit no longer caps.
// Environment: BENCH_RECIPIENTS (5000), BENCH_LIMITS ("30,1000,2000"), BENCH_TIMELINE (1: cards per 250 ms from
// «ارسال»).
import process from 'node:process';
import { type BenchDatabaseServer, startBenchDatabase } from './support/bench-database.ts';
import { startBotProcess } from './support/bot-process.ts';
import { prepareCallUpRun } from './support/callup-run.ts';
import { waitForCards } from './support/card-progress.ts';
import { killAllChildren } from './support/children.ts';
import { countCards, ratePerSecond, round } from './support/measure.ts';

interface RunResult {
  name: 'broadcast';
  limit: number;
  msgs_per_s: number;
  ratio: number;
  lost: number;
  duplicated: number;
  first_message_ms: number;
  bot_rss_mb: number;
}

async function run(server: BenchDatabaseServer, limit: number, recipients: number): Promise<RunResult> {
  const callUpRun = await prepareCallUpRun(server, { recipients, limit });
  const bot = await startBotProcess('bot', callUpRun.botEnv);
  try {
    await bot.ready;
    const { pressedAt } = await callUpRun.createCallUp();
    const deadline = pressedAt + Math.max(120_000, (recipients / limit) * 3000);
    const cards = await waitForCards(() => callUpRun.cards(), callUpRun.volunteers, deadline);
    const counted = countCards(cards, callUpRun.volunteers);
    const times = counted.times.sort((a, b) => a - b);
    const rate = ratePerSecond(times);
    const rejected = await callUpRun.rejectedSincePress();
    if (process.env.BENCH_TIMELINE) printTimeline(times, pressedAt);
    console.error(
      `broadcast limit=${limit}: ${times.length} cards accepted for ${recipients} volunteers in ` +
        `${(((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000).toFixed(1)} s, 429s since «ارسال» ${rejected}`,
    );
    return {
      name: 'broadcast',
      limit,
      msgs_per_s: round(rate),
      ratio: round(rate / limit, 3),
      lost: counted.lost,
      duplicated: counted.duplicated,
      first_message_ms: times.length ? times[0]! - pressedAt : Number.NaN,
      bot_rss_mb: Math.round(bot.peakRssMb()),
    };
  } finally {
    await bot.stop();
    await callUpRun.close();
  }
}

/** Cards accepted per quarter second from «ارسال»: where a broadcast waits (BENCH_TIMELINE=1). */
function printTimeline(times: readonly number[], pressedAt: number): void {
  const perSlot = new Map<number, number>();
  for (const at of times) {
    const slot = Math.floor((at - pressedAt) / 250);
    perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
  }
  const last = Math.max(0, ...perSlot.keys());
  const slots = Array.from({ length: last + 1 }, (_, slot) => `${(slot / 4).toFixed(2)}s:${perSlot.get(slot) ?? 0}`);
  console.error(`cards per 250 ms from «ارسال» (${pressedAt}): ${slots.join(' ')}`);
}

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const limits = (process.env.BENCH_LIMITS ?? '30,1000,2000').split(',').map(Number);
  const server = await startBenchDatabase();
  console.error(`database: ${server.kind}`);
  try {
    for (const limit of limits) {
      const result = await run(server, limit, recipients);
      console.log(`BENCH ${JSON.stringify(result)}`);
    }
  } finally {
    await server.stop();
    killAllChildren();
  }
}
