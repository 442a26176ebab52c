// Dashboard benchmark (issue 18): 50 open dashboards (event streams) on one call-up of N volunteers (default 5,000)
// from a real bot process, while every volunteer answers at a random moment within a minute.
//   update lag: an answer's own time (answeredAt, the bot's clock on this machine, taken just before the answer is
//   written) → its row arriving at a dashboard, over every viewer and answer. It holds the answer's write as well, so
//   it is an upper bound of "behind the database". (Polling the database for the moment each answer appears would
//   decode every invitation on FerretDB ten times a second, beside the bot: the probe loaded the server it measured.)
// Environment: BENCH_RECIPIENTS (5000), BENCH_VIEWERS (50), BENCH_WINDOW_MS (60000), BENCH_LIMIT (1000 messages/s).
import process from 'node:process';
import { rowIdOf } from '../src/dashboard/callup-rows.ts';
import { startBenchDatabase } from './support/bench-database.ts';
import { startBotProcess } from './support/bot-process.ts';
import { prepareCallUpRun } from './support/callup-run.ts';
import { waitForCards } from './support/card-progress.ts';
import { killAllChildren } from './support/children.ts';
import { openViewer } from './support/dashboard-viewers.ts';
import { percentile, sleep } from './support/measure.ts';
import type { PlannedAnswer } from './support/presses.ts';

/** After the window: time for the last presses, writes and the dashboards' last re-read. */
const SETTLE_MS = 15_000;

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const viewers = Number(process.env.BENCH_VIEWERS ?? 50);
  const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
  const limit = Number(process.env.BENCH_LIMIT ?? 1000);
  const server = await startBenchDatabase();
  console.error(`database: ${server.kind}`);
  const run = await prepareCallUpRun(server, { recipients, limit });
  const bot = await startBotProcess('bot', run.botEnv);
  const open: { close(): void }[] = [];
  try {
    await bot.ready;
    await run.createCallUp();
    await waitForCards(() => run.cards(), run.volunteers, Date.now() + (recipients / limit) * 3000 + 120_000);
    const callUp = await run.db.database.models.callUps.findOne({}, { _id: 1 }).lean<{ _id: string }>();
    const base = `http://127.0.0.1:${bot.port}`;
    const dashboards = [];
    for (let i = 0; i < viewers; i++) {
      dashboards.push(await openViewer(base, run.token, run.coordinatorId, callUp!._id));
      open.push(dashboards[i]!);
    }
    console.error(`dashboard: ${viewers} viewers open; ${recipients} answers within ${windowMs / 1000} s`);
    const plan: PlannedAnswer[] = run.volunteers.map((chatId) => ({
      chatId,
      afterMs: Math.random() * windowMs,
      answer: Math.random() < 0.7 ? 'yes' : 'no',
    }));
    await run.sandbox.call('answerPlan', { token: run.token, plan });
    await sleep(windowMs + SETTLE_MS);
    const answers = await run.db.database.models.callUpAnswers
      .find({ callUpId: callUp!._id, answer: { $ne: 'none' } }, { volunteerKey: 1, answeredAt: 1 })
      .lean<{ volunteerKey: string; answeredAt: Date }[]>();
    const lags: number[] = [];
    let missing = 0;
    for (const { volunteerKey, answeredAt } of answers) {
      const at = new Date(answeredAt).getTime();
      for (const dashboard of dashboards) {
        const receivedAt = dashboard.received.get(`${rowIdOf(volunteerKey)}@${at}`);
        if (receivedAt === undefined) missing += 1;
        else lags.push(receivedAt - at);
      }
    }
    const answered = answers.length;
    console.error(
      `dashboard: ${answered} answers stored, ${lags.length} rows received ` +
        `over ${viewers} viewers (${dashboards.reduce((n, d) => n + d.events, 0)} events, ${missing} never arrived), ` +
        `update lag p50 ${percentile(lags, 50)} ms, max ${lags.reduce((max, lag) => Math.max(max, lag), 0)} ms`,
    );
    const result = { name: 'dashboard', viewers, answers: answered, update_lag_ms_p95: percentile(lags, 95) };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    for (const viewer of open) viewer.close();
    await bot.stop();
    await run.close();
    await server.stop();
    killAllChildren();
  }
}
