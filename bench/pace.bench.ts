// Registration at a person's pace: a few people register at once, each pausing between answers as someone reading
// a phone does, through a real bot process (`node src/main.ts`) and the sandbox Bot API server at Telegram's limits.
// Prints how long each step's reply took (from the person's message or tap to the next question on screen) and the
// messages and taps it took them, then one machine-readable line: BENCH {...}. Target: every reply < 200 ms,
// ≤ 19 interactions.
// Environment: BENCH_PEOPLE (5), BENCH_THINK_MS (3000: the pause to read and answer, ±50%).
import process from 'node:process';
import { startSandbox } from 'bot-api-sandbox';
import { GP_IN_TEHRAN, RegistrationDriver } from '../test/support/registration-driver.ts';
import { startBenchDatabase } from './support/bench-database.ts';
import { startBotProcess } from './support/bot-process.ts';
import { killAllChildren } from './support/children.ts';
import { percentile, round, sleep } from './support/measure.ts';

const TOKEN = '700010:pace-bench';

export async function main(): Promise<void> {
  const people = Number(process.env.BENCH_PEOPLE ?? 5);
  const thinkMs = Number(process.env.BENCH_THINK_MS ?? 3000);
  const server = await startBenchDatabase();
  const run = await server.fresh();
  const sandbox = await startSandbox();
  sandbox.addBot({ token: TOKEN, profile: 'telegram' });
  const bot = await startBotProcess('bot', {
    token: TOKEN,
    apiRoot: sandbox.apiRoot,
    mongodbUri: run.uri,
    adminIds: 'telegram:1',
  });
  const replies: { step: string; ms: number }[] = [];
  const interactions: number[] = [];
  try {
    await bot.ready;
    await Promise.all(
      Array.from({ length: people }, async (_, i) => {
        const user = sandbox.user({ token: TOKEN, userId: 200_000 + i, firstName: `Person${i}` });
        const driver = await RegistrationDriver.create(user, 'fa', GP_IN_TEHRAN, 30_000);
        // Each person starts at a different moment, and reads before every answer.
        await sleep(Math.random() * thinkMs);
        const think = () => sleep(thinkMs * (0.5 + Math.random()));
        await driver.registerQuickly(async (step, ms) => {
          replies.push({ step, ms });
          await think();
        });
        interactions.push(user.interactions);
      }),
    );
  } finally {
    await bot.stop();
    await sandbox.close();
    await run.drop();
    await server.stop();
    killAllChildren();
  }
  const all = replies.map((r) => r.ms);
  const slowest = replies.reduce((a, b) => (b.ms > a.ms ? b : a), { step: '-', ms: 0 });
  for (const step of [...new Set(replies.map((r) => r.step))]) {
    const ms = replies.filter((r) => r.step === step).map((r) => r.ms);
    console.error(`${step.padEnd(12)} p50 ${round(percentile(ms, 50))} ms, max ${round(Math.max(...ms))} ms`);
  }
  const result = {
    name: 'pace',
    people,
    think_ms: thinkMs,
    replies: all.length,
    reply_p50_ms: round(percentile(all, 50)),
    reply_p95_ms: round(percentile(all, 95)),
    reply_max_ms: round(Math.max(...all)),
    slowest_step: slowest.step,
    interactions_max: Math.max(...interactions),
  };
  console.log(`BENCH ${JSON.stringify(result)}`);
}
