// Instances benchmark (issue 12): three bot processes in webhook mode behind a round-robin proxy, one database, the
// sandbox (in its own process) enforcing Telegram's limits (30/s per bot, 1/s per chat). A call-up to N volunteers
// (default 5,000) is created through the proxy; a share of volunteers answer as their card arrives; one instance is
// SIGKILLed mid-send and restarted.
//   The killed instance is the platform's sender (the one holding the sender term).
//   max_per_second: most accepted sends in any sliding second after «ارسال»; ratio: sends per second from the first
//   card to the last ÷ the limit; takeover_ms: from the kill until the last card the killed instance held back arrived (see
//   support/held-back.ts), or the first card after the kill if it held none;
//   status_regressions: a coordinator status figure that only grows (sent, confirmed, declined, waiting) shown
//   smaller than in the render before; session_conflicts: an update that reached an instance while another instance
//   was still handling one of the same chat (seen at the proxy: where two writers of one session could collide; the
//   sandbox, like Telegram, posts a chat's next update only after the last one was answered or given up);
//   follow_up_p50_ms / follow_up_p95_ms: from a volunteer's press to the next message in their chat (the answer's
//   details, the waiting list or the thanks), sent by the instance that took the press or through the outbox.
// Environment: BENCH_RECIPIENTS (5000), BENCH_INSTANCES (3), BENCH_LIMIT (30), BENCH_ANSWER_SHARE (0.1); BENCH_TRACE=1
// also prints the sends of each second.
import { randomBytes } from 'node:crypto';
import process from 'node:process';
import { createI18n } from '../src/i18n/index.ts';
import type { CallUpAnswerDocument } from '../src/persistence/models/callup-answer.model.ts';
import { answerLine } from '../src/services/callups/callup-texts.ts';
import { startRoundRobinProxy } from '../test/support/round-robin-proxy.ts';
import { startBenchDatabase } from './support/bench-database.ts';
import { GROWING, readBoard } from './support/board-reader.ts';
import { type BotProcess, freePort, startBotProcess } from './support/bot-process.ts';
import { type CallUpRun, prepareCallUpRun } from './support/callup-run.ts';
import { waitForCards } from './support/card-progress.ts';
import { killAllChildren } from './support/children.ts';
import { heldBackCards } from './support/held-back.ts';
import { countCards, maxPerSecond, percentile, ratePerSecond, round, sleep } from './support/measure.ts';
import { CALLUP_TITLE } from './support/volunteers.ts';

/** A render whose growing figure is below the render before it, per status message. */
function statusRegressions(log: { messageId: number; text: string }[]): number {
  const last = new Map<number, ReturnType<typeof readBoard>>();
  let regressions = 0;
  for (const entry of log) {
    const figures = readBoard(entry.text);
    if (!figures) continue;
    const before = last.get(entry.messageId);
    if (before && GROWING.some((name) => (figures[name] ?? 0) < (before[name] ?? 0))) regressions += 1;
    last.set(entry.messageId, figures);
  }
  return regressions;
}

/**
 * Where the busiest sliding second begins (ms from `from`), how many it holds, and the gaps between its sends and the
 * two around it: for reading what caused it (even gaps: the pace; a long gap, then a bunch: arrivals delayed).
 */
function busiestSecond(sends: readonly number[], from: number): { atMs: number; count: number; gaps: number[] } {
  let best = { atMs: 0, count: 0, first: 0 };
  for (let start = 0, end = 0; end < sends.length; end++) {
    while (sends[end]! - sends[start]! >= 1000) start++;
    if (end - start + 1 > best.count) best = { atMs: sends[start]! - from, count: end - start + 1, first: start };
  }
  const around = sends.slice(Math.max(0, best.first - 1), best.first + best.count + 1);
  return { atMs: best.atMs, count: best.count, gaps: around.slice(1).map((at, i) => at - around[i]!) };
}

/** Sends in each whole second from `from` on, for reading where the pace dipped or peaked. */
function perSecondTrace(sends: readonly number[], from: number): string {
  const counts: number[] = [];
  for (const at of sends) {
    if (at < from) continue;
    const second = Math.floor((at - from) / 1000);
    counts[second] = (counts[second] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0).join(' ');
}

/** The chat an update is about, so the proxy can see two of one chat handled at once on two instances. */
function updateChat(body: Buffer): string | undefined {
  try {
    const update = JSON.parse(body.toString()) as {
      message?: { chat?: { id?: number } };
      callback_query?: { message?: { chat?: { id?: number } } };
    };
    const chatId = update.message?.chat?.id ?? update.callback_query?.message?.chat?.id;
    return chatId === undefined ? undefined : String(chatId);
  } catch {
    return undefined;
  }
}

/** Which of the bots holds Telegram's latest sender term (its owner id names its pid; see process-identity.ts). */
async function senderIndex(run: CallUpRun, bots: readonly BotProcess[]): Promise<number> {
  const term = await run.db.database.models.deliverySenderTerms
    .findOne({ platform: 'telegram' })
    .sort({ term: -1 })
    .lean<{ owner: string }>();
  const pid = Number(term?.owner.split('/')[1]);
  const index = bots.findIndex((bot) => bot.pid === pid);
  return index < 0 ? 0 : index;
}

/** Answerers whose card does not show the answer stored for them (their answer and their card disagree). */
async function staleCards(run: CallUpRun, answerers: number[]): Promise<number> {
  const t = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
  const stored = new Map<number, CallUpAnswerDocument>();
  for (const doc of await run.db.database.models.callUpAnswers.find({}).lean<CallUpAnswerDocument[]>()) {
    stored.set(Number(doc.chatId), doc);
  }
  const texts = await run.sandbox.call<[number, string][]>('latestTexts', {
    token: run.token,
    chatIds: answerers,
    marker: CALLUP_TITLE,
  });
  const conflicts = texts.filter(([chatId, text]) => {
    const doc = stored.get(chatId);
    return doc && doc.answer !== 'none' && !text.includes(answerLine(t, doc));
  });
  for (const [chatId, text] of conflicts.slice(0, 3)) {
    console.error(`  chat ${chatId}: stored ${stored.get(chatId)?.answer}, its card says:\n${text}`);
  }
  return conflicts.length;
}

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const instances = Number(process.env.BENCH_INSTANCES ?? 3);
  const limit = Number(process.env.BENCH_LIMIT ?? 30);
  const answerShare = Number(process.env.BENCH_ANSWER_SHARE ?? 0.1);
  const server = await startBenchDatabase();
  console.error(`database: ${server.kind}`);
  const run = await prepareCallUpRun(server, { recipients, limit });
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const proxy = await startRoundRobinProxy(ports, updateChat);
  const webhook = { baseUrl: proxy.url, secret: randomBytes(16).toString('hex') };
  const start = (i: number, label = '') =>
    startBotProcess(`bot ${i + 1}${label}`, { ...run.botEnv, webhook, port: ports[i]! });
  const bots: BotProcess[] = [];
  try {
    for (let i = 0; i < instances; i++) bots.push(await start(i));
    await Promise.all(bots.map((bot) => bot.ready));
    const answerers = run.volunteers.filter(() => Math.random() < answerShare);
    await run.sandbox.call('answerOnArrival', {
      token: run.token,
      chatIds: answerers,
      yesShare: 0.5,
      minMs: 1000,
      maxMs: 5000,
    });
    const { pressedAt } = await run.createCallUp();
    const sendMs = (recipients / limit) * 1000;
    await sleep(pressedAt + sendMs * (0.25 + Math.random() * 0.5) - Date.now());
    // The platform's sender: killing another instance costs the fleet nothing but that instance's replies.
    const victimIndex = await senderIndex(run, bots);
    const victim = bots[victimIndex]!;
    await victim.kill9();
    const killedAt = Date.now();
    const restarted = await start(victimIndex, ' (restarted)');
    bots.push(restarted);
    await restarted.ready;
    const cards = await waitForCards(() => run.cards(), run.volunteers, Date.now() + 2 * sendMs + 180_000);
    await sleep(5_000); // the last answers and status edits
    const counted = countCards(cards, run.volunteers);
    const sends = (await run.sandbox.call<number[]>('sendTimes', { token: run.token })).sort((a, b) => a - b);
    const cardTimes = counted.times.sort((a, b) => a - b);
    const during = sends.filter((at) => at >= cardTimes[0]! && at <= cardTimes.at(-1)!);
    const rejected = await run.rejectedSincePress();
    const log = await run.sandbox.call<{ at: number; messageId: number; text: string; edit: boolean }[]>('chatLog', {
      token: run.token,
      chatId: run.coordinatorId,
    });
    const takeover = await heldBackCards(run.db.database, cards, killedAt, killedAt);
    const followUps = await run.sandbox.call<number[]>('followUpDelays', { token: run.token });
    const result = {
      name: 'instances',
      instances,
      max_per_second: maxPerSecond(sends.filter((at) => at >= pressedAt)),
      limit,
      ratio: round(ratePerSecond(during) / limit, 3),
      rejected_429: rejected,
      lost: counted.lost,
      duplicated: counted.duplicated,
      takeover_ms: takeover.resumedMs,
      status_regressions: statusRegressions(log),
      session_conflicts: proxy.overlaps(),
      follow_up_p50_ms: Math.round(percentile(followUps, 50)),
      follow_up_p95_ms: Math.round(percentile(followUps, 95)),
    };
    if (process.env.BENCH_TRACE) {
      console.error(`sends per second from «ارسال»: ${perSecondTrace(sends, pressedAt)}`);
      const busiest = busiestSecond(
        sends.filter((at) => at >= pressedAt),
        pressedAt,
      );
      console.error(
        `busiest second: ${busiest.count} sends from ${busiest.atMs} ms (kill at ${killedAt - pressedAt} ms); ` +
          `ms between them: ${busiest.gaps.join(' ')}`,
      );
      // Sends that are not cards while the cards go out: the instances' direct ones (follow-ups, the coordinator's).
      const cardSpanS = (cardTimes.at(-1)! - cardTimes[0]!) / 1000;
      console.error(
        `while the cards went out (${cardSpanS.toFixed(1)} s): ${cardTimes.length} cards, ` +
          `${during.length - cardTimes.length} other sends, ${Math.round(limit * cardSpanS - during.length)} slots unused`,
      );
      const coordinator = log.map((e) => `${e.edit ? 'e' : 's'}${e.at - pressedAt}`).join(' ');
      console.error(`coordinator's chat, ms from «ارسال» (s: message, e: edit): ${coordinator}`);
    }
    const stale = await staleCards(run, answerers);
    console.error(
      `instances: killed ${victim.name} ${((killedAt - pressedAt) / 1000).toFixed(1)} s after «ارسال», restart up in ` +
        `${(await restarted.ready) - restarted.startedAt} ms; ${takeover.count} cards held back by the killed instance; ` +
        `${answerers.length} answerers (${followUps.length} follow-ups, max ${Math.max(0, ...followUps)} ms), ${stale} of whose cards do not show their stored answer; proxy spread ${proxy.served.join('/')}; peak RSS per instance ` +
        `${bots.map((b) => Math.round(b.peakRssMb())).join('/')} MB`,
    );
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    for (const bot of bots) await bot.stop();
    await proxy.close();
    await run.close();
    await server.stop();
    killAllChildren();
  }
}
