// Answers benchmark (issue 11): a call-up to N volunteers (default 5,000) from a real bot process; once every card is
// out, each volunteer presses an answer at a random moment within a minute (yes/late/no in realistic shares, 5%
// change their answer afterwards). The sandbox runs in its own process, so the bot's peak RSS is its own.
//   ack: press → answerCallbackQuery; recorded: press → the answer's answeredAt as stored (the bot's clock, same
//   machine); status lag: stored → the first coordinator status showing that many answers; lost: a last press whose
//   answer is not what is stored in the end; writes per answer: every database write command of the bot from the
//   first press to the end (batched ones, board edits' and the outbox's included) ÷ the presses.
// Environment: BENCH_RECIPIENTS (5000), BENCH_WINDOW_MS (60000), BENCH_LIMIT (1000 messages/s: the cards go out
// fast, the answers are what is measured).
import process from 'node:process';
import type { CallUpAnswerDocument } from '../src/persistence/models/callup-answer.model.ts';
import { startBenchDatabase } from './support/bench-database.ts';
import { readBoard } from './support/board-reader.ts';
import { readBotMetrics } from './support/bot-metrics.ts';
import { startBotProcess } from './support/bot-process.ts';
import { type CallUpRun, prepareCallUpRun } from './support/callup-run.ts';
import { waitForCards } from './support/card-progress.ts';
import { killAllChildren } from './support/children.ts';
import { percentile, round, sleep, waitUntil } from './support/measure.ts';
import type { CardAnswer, PlannedAnswer, PressRecord } from './support/presses.ts';

const SHARES: [CardAnswer, number][] = [
  ['yes', 0.55],
  ['late', 0.15],
  ['no', 0.3],
];
const CHANGE_SHARE = 0.05;
/** After the last press: time for the last acknowledgements, writes and status edits. */
const SETTLE_MS = 15_000;

function pick(): CardAnswer {
  let r = Math.random();
  for (const [answer, share] of SHARES) {
    r -= share;
    if (r < 0) return answer;
  }
  return 'no';
}

function planFor(volunteers: readonly number[], windowMs: number): PlannedAnswer[] {
  return volunteers.map((chatId) => {
    const answer = pick();
    const item: PlannedAnswer = { chatId, afterMs: Math.random() * windowMs, answer };
    if (Math.random() < CHANGE_SHARE) item.changeTo = answer === 'no' ? 'yes' : 'no';
    return item;
  });
}

/** A "coming" press may land on the waiting list once the seats are taken. */
const stores = (press: CardAnswer, stored: string) =>
  press === 'no' ? stored === 'no' : stored !== 'none' && stored !== 'no';

interface ChatEntry {
  at: number;
  text: string;
}

/** For each stored answer (in order), the time until a status message showed at least that many answered. */
function statusLags(storedTimes: number[], log: ChatEntry[], invited: number, endedAt: number): number[] {
  const shown = log.flatMap((entry) => {
    const figures = readBoard(entry.text);
    return figures?.none === undefined ? [] : [{ at: entry.at, answered: invited - figures.none }];
  });
  const sorted = [...storedTimes].sort((a, b) => a - b);
  return sorted.map((storedAt, i) => {
    const seen = shown.find((s) => s.at >= storedAt && s.answered >= i + 1);
    return (seen?.at ?? endedAt) - storedAt;
  });
}

async function measure(run: CallUpRun, windowMs: number, botPort: number) {
  const plan = planFor(run.volunteers, windowMs);
  const lastFinal = new Map(plan.map((p) => [p.chatId, p.changeTo ?? p.answer]));
  const before = await readBotMetrics(botPort);
  const startedAt = Date.now();
  await run.sandbox.call('answerPlan', { token: run.token, plan });
  await sleep(windowMs);
  const presses = await waitUntil(
    'the last acknowledgements',
    async () => {
      const records = await run.sandbox.call<PressRecord[]>('presses', { token: run.token });
      const finals = records.filter((r) => r.final);
      const done = finals.length >= plan.length && records.every((r) => r.ackAt !== undefined || r.error);
      return done || Date.now() > startedAt + windowMs + 120_000 ? records : undefined;
    },
    windowMs + 180_000,
    1000,
  );
  await sleep(SETTLE_MS);
  const endedAt = Date.now();
  const after = await readBotMetrics(botPort);
  const stored = new Map<number, CallUpAnswerDocument>();
  for (const doc of await run.db.database.models.callUpAnswers.find({}).lean<CallUpAnswerDocument[]>()) {
    stored.set(Number(doc.chatId), doc);
  }
  const finals = new Map(presses.filter((p) => p.final && !p.error).map((p) => [p.chatId, p]));
  let lost = 0;
  const recorded: number[] = [];
  const storedTimes: number[] = [];
  for (const [chatId, answer] of lastFinal) {
    const press = finals.get(chatId);
    const doc = stored.get(chatId);
    const answeredAt = doc?.answeredAt ? new Date(doc.answeredAt).getTime() : undefined;
    if (!press || !doc || !stores(answer, doc.answer) || answeredAt === undefined || answeredAt < press.pressedAt - 5) {
      lost += 1;
      if (lost <= 3) {
        const pressed = presses
          .filter((p) => p.chatId === chatId)
          .map((p) => `${p.answer}${p.ackAt ? '' : '(no ack)'}`);
        console.error(
          `  lost: chat ${chatId} pressed ${pressed.join(' → ')}, stored ${doc?.answer ?? 'nothing'} ` +
            `${answeredAt === undefined || !press ? '' : `${answeredAt - press.pressedAt} ms after the last press`}`,
        );
      }
      continue;
    }
    recorded.push(answeredAt - press.pressedAt);
    storedTimes.push(answeredAt);
  }
  const acks = presses.flatMap((p) => (p.ackAt === undefined ? [] : [p.ackAt - p.pressedAt]));
  const acked = presses.filter((p) => p.ackAt !== undefined);
  const span = (Math.max(...acked.map((p) => p.ackAt!)) - Math.min(...presses.map((p) => p.pressedAt))) / 1000;
  const log = await run.sandbox.call<ChatEntry[]>('chatLog', { token: run.token, chatId: run.coordinatorId });
  const lags = statusLags(storedTimes, log, run.volunteers.length, endedAt);
  console.error(
    `answers: ${presses.length} presses (${presses.filter((p) => p.error).length} found no button, ` +
      `${presses.length - acked.length} unacknowledged), ${stored.size} invitations stored, ` +
      `${log.filter((e) => readBoard(e.text)).length} status renders`,
  );
  for (const failed of presses.filter((p) => p.error).slice(0, 3)) {
    console.error(`  e.g. chat ${failed.chatId} pressing ${failed.answer}: ${failed.error}`);
  }
  return {
    answers_per_s: round(acked.length / span),
    ack_p50_ms: percentile(acks, 50),
    ack_p95_ms: percentile(acks, 95),
    recorded_p95_ms: percentile(recorded, 95),
    status_lag_p95_ms: percentile(lags, 95),
    lost,
    writes_per_answer: round((after.dbWrites - before.dbWrites) / presses.length, 2),
  };
}

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const windowMs = Number(process.env.BENCH_WINDOW_MS ?? 60_000);
  const limit = Number(process.env.BENCH_LIMIT ?? 1000);
  const server = await startBenchDatabase();
  console.error(`database: ${server.kind}`);
  const run = await prepareCallUpRun(server, { recipients, limit });
  const bot = await startBotProcess('bot', run.botEnv);
  try {
    await bot.ready;
    const { pressedAt } = await run.createCallUp();
    const cards = await waitForCards(
      () => run.cards(),
      run.volunteers,
      Date.now() + (recipients / limit) * 3000 + 120_000,
    );
    const late = run.volunteers.filter((chatId) => !cards.get(chatId)?.length).length;
    console.error(
      `answers: ${recipients - late} cards out ${((Date.now() - pressedAt) / 1000).toFixed(1)} s after «ارسال»`,
    );
    const figures = await measure(run, windowMs, bot.port);
    const result = { name: 'answers', recipients, ...figures, bot_rss_mb: Math.round(bot.peakRssMb()) };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    await bot.stop();
    await run.close();
    await server.stop();
    killAllChildren();
  }
}
