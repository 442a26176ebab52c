// Broadcast benchmark: one campaign to N recipients (default 5,000) through the outbox sender, the sandbox Bot API
// server and the database (MONGODB_URI, else embedded FerretDB in a temporary directory).
//   (a) the sandbox at Telegram's limits (30/s global, 1/s per chat): achieved rate ÷ limit, lost, duplicated,
//       time from enqueue to the first message;
//   (b) the limit raised to 1,000/s: the sender's own ceiling.
// Environment: BENCH_RECIPIENTS (5000), BENCH_LIMITS ("30,1000"), BENCH_CONCURRENCY (sender default).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import pino from 'pino';
import { createOutboxSender } from '../src/messaging/outbox/outbox-sender.ts';
import { createSenderApi } from '../src/messaging/outbox/sender-api.ts';
import { connectDatabase, ensureIndexes } from '../src/persistence/connection.ts';
import { startEmbeddedDatabase } from '../src/persistence/embedded-database.ts';
import { createDeliveryRepository, type NewDelivery } from '../src/persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from '../src/persistence/repositories/delivery-sender.repository.ts';
import { createMessageLogRepository } from '../src/persistence/repositories/message-log.repository.ts';
import { startSandbox } from '../src/sandbox/sandbox-server.ts';

const TOKEN = '790001:broadcast-bench';
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

interface RunResult {
  name: 'broadcast';
  limit: number;
  msgs_per_s: number;
  ratio: number;
  lost: number;
  duplicated: number;
  first_message_ms: number;
}

/** The URI with `name` as its database (the embedded server's URI names `nazr`). */
function withDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A call-up card as a volunteer would get it: Persian text and three answer buttons. */
function card(recipient: number): NewDelivery['message'] {
  return {
    text: [
      'فراخوان فوری — زلزله',
      'استان کرمانشاه، شهر سرپل ذهاب',
      'نیاز: پرستار اورژانس (۱۲ نفر)',
      'شروع: همین حالا، مدت: ۴۸ ساعت',
      `کد پیگیری: ${recipient}`,
      'برای پاسخ یکی از دکمه‌ها را بزنید یا بنویسید ۱ / ۲ / ۰',
    ].join('\n'),
    replyMarkup: {
      inline_keyboard: [
        [{ text: 'می‌آیم', callback_data: `cu:bench:yes:${recipient}` }],
        [{ text: 'با تأخیر می‌آیم', callback_data: `cu:bench:late:${recipient}` }],
        [{ text: 'نمی‌توانم', callback_data: `cu:bench:no:${recipient}` }],
      ],
    },
  };
}

async function run(baseUri: string, limit: number, recipients: number): Promise<RunResult> {
  const database = await connectDatabase(withDatabase(baseUri, `nazr_bench_${randomBytes(4).toString('hex')}`), {
    logger,
  });
  const sandbox = await startSandbox({ limits: { globalPerSecond: limit, perChatPerSecond: 1 } });
  try {
    await ensureIndexes(database.models);
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const chatIds: number[] = [];
    for (let i = 0; i < recipients; i++) {
      const user = sandbox.user({ token: TOKEN, userId: 1_000_000 + i, firstName: `داوطلب ${i}` });
      user.sendCommand('/start');
      chatIds.push(user.chatId);
    }
    const platformConfig = {
      platform: 'telegram' as const,
      token: TOKEN,
      apiRoot: sandbox.apiRoot,
      messagesPerSecond: limit,
    };
    const api = createSenderApi(platformConfig, { messageLog: createMessageLogRepository(database.models), logger });
    const deliveries = createDeliveryRepository(database.models);
    const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
    const sender = createOutboxSender({
      repositories: { deliveries, senders: createDeliverySenderRepository(database.models) },
      platforms: new Map([['telegram', api]]),
      perChatPerSecond: 1,
      logger,
      ...(concurrency && { concurrency }),
    });
    const campaign: NewDelivery[] = chatIds.map((chatId, i) => ({
      campaignId: 'bench-callup',
      campaignKind: 'callup',
      priority: 0,
      platform: 'telegram',
      chatId,
      recipientKey: `telegram:${chatId}`,
      group: i % 3 === 0 ? 'nurse' : 'gp',
      message: card(chatId),
    }));

    sender.start();
    const enqueuedAt = Date.now();
    await sender.enqueue(campaign);
    const enqueueMs = Date.now() - enqueuedAt;
    const deadline = enqueuedAt + Math.max(120_000, (recipients / limit) * 3000);
    let ended = 0;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const total = [...sandbox.stats(TOKEN).deliveries.values()].reduce((sum, list) => sum + list.length, 0);
      if (total < recipients) continue;
      const { counts } = await sender.campaignProgress('bench-callup');
      ended = counts.sent + counts.failed + counts.blocked;
      if (ended >= recipients) break;
    }
    await sender.stop();

    const stats = sandbox.stats(TOKEN);
    const times = [...stats.deliveries.values()].flatMap((list) => list.map((d) => d.at)).sort((a, b) => a - b);
    const unique = [...stats.deliveries.values()].filter((list) => list.length > 0).length;
    const first = times[0] ?? Number.NaN;
    const last = times.at(-1) ?? Number.NaN;
    const rate = times.length > 1 ? (times.length - 1) / ((last - first) / 1000) : 0;
    const result: RunResult = {
      name: 'broadcast',
      limit,
      msgs_per_s: Math.round(rate * 10) / 10,
      ratio: Math.round((rate / limit) * 1000) / 1000,
      lost: recipients - unique,
      duplicated: times.length - unique,
      first_message_ms: first - enqueuedAt,
    };
    console.error(
      `broadcast limit=${limit}: ${times.length} accepted of ${recipients} in ${((last - first) / 1000).toFixed(1)} s, ` +
        `enqueue ${enqueueMs} ms, 429s ${stats.tooManyRequests}, recorded as ended ${ended}`,
    );
    return result;
  } finally {
    await sandbox.close();
    await database.connection.dropDatabase().catch(() => undefined);
    await database.close();
  }
}

export async function main(): Promise<void> {
  const recipients = Number(process.env.BENCH_RECIPIENTS ?? 5000);
  const limits = (process.env.BENCH_LIMITS ?? '30,1000').split(',').map(Number);
  let baseUri = process.env.MONGODB_URI;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!baseUri) {
    const dataDir = await mkdtemp(join(tmpdir(), 'nazr-bench-'));
    const embedded = await startEmbeddedDatabase({ dataDir, logger });
    console.error(`database: embedded ${embedded.kind}`);
    baseUri = embedded.uri;
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  try {
    for (const limit of limits) {
      const result = await run(baseUri, limit, recipients);
      console.log(`BENCH ${JSON.stringify(result)}`);
    }
  } finally {
    await stopEmbedded?.();
  }
}
