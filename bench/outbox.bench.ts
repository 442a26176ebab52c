// Outbox sender benchmark: the sender's own ceiling, apart from how fast a call-up is queued. N deliveries
// (default 5,000) are queued first, then one sender drains them through the sandbox Bot API server with the
// sandbox's limit raised (default 1,000/s, per chat 1/s), on MONGODB_URI or else an embedded FerretDB.
// Prints msgs/s, lost and duplicated (from the sandbox's record), and where the time went: the send calls, the
// result inserts, the scans and the claims.
// Environment: BENCH_RECIPIENTS (5000), BENCH_LIMIT (1000), BENCH_CONCURRENCY (sender default).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { createOutboxSender } from '../src/messaging/outbox/outbox-sender.ts';
import { createSenderApi } from '../src/messaging/outbox/sender-api.ts';
import { connectDatabase, ensureIndexes } from '../src/persistence/connection.ts';
import { startEmbeddedDatabase } from '../src/persistence/embedded-database.ts';
import {
  createDeliveryRepository,
  type DeliveryRepository,
  type NewDelivery,
} from '../src/persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from '../src/persistence/repositories/delivery-sender.repository.ts';
import { createMessageLogRepository } from '../src/persistence/repositories/message-log.repository.ts';

const TOKEN = '790002:outbox-bench';
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/** Time spent in each repository call the sender makes, to see where a send's time goes. */
function timed(deliveries: DeliveryRepository, spent: Map<string, { calls: number; ms: number }>): DeliveryRepository {
  const wrap =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await call(...args);
      } finally {
        const entry = spent.get(name) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - started;
        spent.set(name, entry);
      }
    };
  return {
    ...deliveries,
    scanReady: wrap('scanReady', deliveries.scanReady),
    claim: wrap('claim', deliveries.claim),
    release: wrap('release', deliveries.release),
    recordResults: wrap('recordResults', deliveries.recordResults),
    settle: wrap('settle', deliveries.settle),
    progress: wrap('progress', deliveries.progress),
  };
}

async function run(uri: string, recipients: number, limit: number): Promise<void> {
  const database = await connectDatabase(uri, { logger });
  const sandbox = await startSandbox({ limits: { globalPerSecond: limit, perChatPerSecond: 1 } });
  try {
    await ensureIndexes(database.models);
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const list: NewDelivery[] = [];
    for (let i = 0; i < recipients; i++) {
      const user = sandbox.user({ token: TOKEN, userId: 2_000_000 + i, firstName: `داوطلب ${i}` });
      user.sendCommand('/start');
      list.push({
        campaignId: 'bench',
        campaignKind: 'callup',
        priority: 0,
        platform: 'telegram',
        chatId: user.chatId,
        recipientKey: `telegram:${user.id}`,
        message: {
          text: `فراخوان فوری: زلزله‌ی سرپل ذهاب — ${i}`,
          replyMarkup: { inline_keyboard: [[{ text: 'می‌آیم', callback_data: `c:bench:${i}:yes` }]] },
        },
      });
    }
    const spent = new Map<string, { calls: number; ms: number }>();
    const deliveries = timed(createDeliveryRepository(database.models), spent);
    await deliveries.enqueue(list);
    const api = createSenderApi(
      { platform: 'telegram', token: TOKEN, apiRoot: sandbox.apiRoot, messagesPerSecond: limit },
      { messageLog: createMessageLogRepository(database.models), logger },
    );
    const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
    const sender = createOutboxSender({
      repositories: { deliveries, senders: createDeliverySenderRepository(database.models) },
      platforms: new Map([['telegram', api]]),
      perChatPerSecond: 1,
      logger,
      ...(concurrency && { concurrency }),
    });
    const started = performance.now();
    const cpu = process.cpuUsage();
    // Started as the app starts it (the settler copying final states runs too), until every result is stored.
    sender.start();
    const accepted = () => [...sandbox.stats(TOKEN).deliveries.values()].reduce((sum, l) => sum + l.length, 0);
    const deadline = Date.now() + Math.max(120_000, (recipients / limit) * 5000);
    // The sandbox's count first: reading the campaign's progress is itself a load on the database.
    while (Date.now() < deadline && accepted() < recipients) await new Promise((resolve) => setTimeout(resolve, 50));
    const sentSpan = performance.now() - started;
    while (Date.now() < deadline && (await deliveries.progress('bench')).counts.sent < recipients) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    await sender.stop();

    const stats = sandbox.stats(TOKEN);
    const times = [...stats.deliveries.values()].flatMap((l) => l.map((d) => d.at)).sort((a, b) => a - b);
    const unique = [...stats.deliveries.values()].filter((l) => l.length > 0).length;
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const rate = times.length > 1 ? (times.length - 1) / span : 0;
    const breakdown = Object.fromEntries(
      [...spent].map(([name, { calls, ms }]) => [name, { calls, ms: Math.round(ms) }]),
    );
    console.error(
      `outbox: ${times.length} accepted of ${recipients} in ${span.toFixed(2)} s; all accepted after ` +
        `${Math.round(sentSpan)} ms and recorded after ${Math.round(wallMs)} ms (from the start, first scan included), ` +
        `this process's CPU (sandbox included) ${Math.round(cpuMs)} ms; 429s ${stats.tooManyRequests}; ${JSON.stringify(breakdown)}`,
    );
    const result = {
      name: 'outbox',
      limit,
      recipients,
      msgs_per_s: Math.round(rate),
      lost: recipients - unique,
      duplicated: times.length - unique,
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    await sandbox.close();
    await database.connection.dropDatabase().catch(() => undefined);
    await database.close();
  }
}

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const limit = Number(process.env.BENCH_LIMIT ?? 1000);
  let uri = process.env.MONGODB_URI;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!uri) {
    const dataDir = await mkdtemp(join(tmpdir(), 'nazr-bench-'));
    const embedded = await startEmbeddedDatabase({ dataDir, logger });
    uri = embedded.uri.replace(/\/nazr(\?|$)/, `/nazr_outbox_${randomBytes(4).toString('hex')}$1`);
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  try {
    await run(uri, recipients, limit);
  } finally {
    await stopEmbedded?.();
  }
}
