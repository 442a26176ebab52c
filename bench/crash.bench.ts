// Crash benchmark (issue 10): a call-up to N volunteers (default 5,000) is created as a coordinator does, through the
// /callup flow of a real bot process; the bot is SIGKILLed at a random moment between 1 s after «ارسال» and the
// expected end of the send, restarted, and the coordinator presses «ارسال» on the same preview again. Counted from the
// sandbox's record of delivered messages (the sandbox runs in its own process). resume_ms: from the restart (the new
// process spawned) until the cards the killed bot had claimed went out, i.e. until the whole queue moves again.
// Environment: BENCH_RECIPIENTS (5000), BENCH_RUNS (3), BENCH_LIMIT (30 messages/s, the sandbox's and the bot's),
// BENCH_KILL_AFTER_MS (the kill's moment after «ارسال»; random by default).
import process from 'node:process';
import { startBenchDatabase } from './support/bench-database.ts';
import { type BotProcess, startBotProcess } from './support/bot-process.ts';
import { prepareCallUpRun } from './support/callup-run.ts';
import { waitForCards } from './support/card-progress.ts';
import { killAllChildren } from './support/children.ts';
import { heldBackCards } from './support/held-back.ts';
import { countCards, percentile, sleep } from './support/measure.ts';

interface RunOutcome {
  lost: number;
  duplicated: number;
  /**
   * From the restart to the last card the killed bot held back (see support/held-back.ts), or to the first card after
   * the restart if it held none; undefined when everything was out before the kill.
   */
  resumeMs: number | undefined;
  secondCallUps: number;
}

async function crashRun(
  server: Awaited<ReturnType<typeof startBenchDatabase>>,
  index: number,
  recipients: number,
  limit: number,
): Promise<RunOutcome> {
  const run = await prepareCallUpRun(server, { recipients, limit });
  const bots: BotProcess[] = [];
  try {
    const first = await startBotProcess('bot', run.botEnv);
    bots.push(first);
    await first.ready;
    const { pressedAt, previewId } = await run.createCallUp();
    const sendMs = (recipients / limit) * 1000;
    const killAfter = process.env.BENCH_KILL_AFTER_MS;
    const killAt = pressedAt + (killAfter ? Number(killAfter) : 1000 + Math.random() * Math.max(0, sendMs - 1000));
    await sleep(killAt - Date.now());
    await first.kill9();
    const killedAt = Date.now();
    const before = countCards(await run.cards(), run.volunteers);
    const restarted = await startBotProcess('bot (restarted)', run.botEnv);
    bots.push(restarted);
    await restarted.ready;
    // As after issue 10's crash: the preview still shows «ارسال», and the coordinator presses it again.
    await run.sandbox
      .call('pressAgain', {
        token: run.token,
        userId: run.coordinatorId,
        labelKey: 'callup:create.send',
        messageId: previewId,
      })
      .catch((error: unknown) => console.error(`run ${index}: could not press «ارسال» again: ${String(error)}`));
    const cards = await waitForCards(() => run.cards(), run.volunteers, Date.now() + 2 * sendMs + 180_000);
    const after = countCards(cards, run.volunteers);
    const afterRestart = after.times.filter((at) => at >= restarted.startedAt).sort((a, b) => a - b);
    const held = await heldBackCards(run.db.database, cards, killedAt, restarted.startedAt);
    const outcome: RunOutcome = {
      lost: after.lost,
      duplicated: after.duplicated,
      resumeMs: before.lost > 0 && afterRestart.length > 0 ? held.resumedMs : undefined,
      secondCallUps: Math.max(0, (await run.callUpCount()) - 1),
    };
    const sinceRestart = (at: number | undefined) => (at === undefined ? '–' : `${at - restarted.startedAt} ms`);
    console.error(
      [
        `crash run ${index}: killed ${((killedAt - pressedAt) / 1000).toFixed(1)} s after «ارسال»`,
        `${recipients - before.lost} of ${recipients} cards out then`,
        `restart up after ${sinceRestart(await restarted.ready)}`,
        `first card after ${sinceRestart(afterRestart[0])}`,
        `${held.count} held back by the killed bot, all out after ${outcome.resumeMs ?? '–'} ms`,
        `last card after ${sinceRestart(afterRestart.at(-1))}`,
        `lost ${outcome.lost}, duplicated ${outcome.duplicated} (in-flight bound ${limit})`,
        `call-ups ${outcome.secondCallUps + 1}`,
        `bot peak RSS ${Math.round(Math.max(...bots.map((b) => b.peakRssMb())))} MB`,
      ].join('; '),
    );
    return outcome;
  } finally {
    for (const bot of bots) await bot.stop();
    await run.close();
  }
}

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const limit = Number(process.env.BENCH_LIMIT ?? 30);
  const server = await startBenchDatabase();
  console.error(`database: ${server.kind}`);
  try {
    const outcomes: RunOutcome[] = [];
    for (let i = 1; i <= runs; i++) outcomes.push(await crashRun(server, i, recipients, limit));
    const resumes = outcomes.flatMap((o) => (o.resumeMs === undefined ? [] : [o.resumeMs]));
    const result = {
      name: 'crash',
      runs,
      lost: outcomes.reduce((sum, o) => sum + o.lost, 0),
      duplicated: outcomes.reduce((sum, o) => sum + o.duplicated, 0),
      max_duplicated_per_run: Math.max(...outcomes.map((o) => o.duplicated)),
      resume_ms_p95: percentile(resumes, 95),
      second_callups: outcomes.reduce((sum, o) => sum + o.secondCallUps, 0),
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    await server.stop();
    killAllChildren();
  }
}
