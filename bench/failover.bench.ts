// Failover benchmark (issue 14): BENCH_BOTH people on Telegram with a Bale account too (default 2,000) and
// BENCH_SMS_ONLY people reachable on Telegram or by SMS only (default 500); Telegram is taken down just before the
// coordinator (on Bale) sends an immediate call-up inviting all of them. Measures, per person, the time from «ارسال»
// to their first card on any channel, people sent two cards on one channel, and the SMS texted.
// One process: the app (real scheduler and failover job), the sandbox and the SMS emulator; the database as the other
// benches (bench/support/bench-database.ts). Environment: BENCH_BOTH, BENCH_SMS_ONLY, BENCH_LIMIT (each platform's
// messages/s, default 30), BENCH_TIMEOUT_S (default 600).
import process from 'node:process';
import { startSandbox, startSmsEmulator } from 'bot-api-sandbox';
import { startApp } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createI18n } from '../src/i18n/index.ts';
import { createCallUpInChat } from '../workbench/scripts/create-callup.ts';
import { benchLogger, startBenchDatabase } from './support/bench-database.ts';
import { percentile, round, sleep } from './support/measure.ts';
import { CALLUP_TITLE, callUpSpecFor, seedVolunteers } from './support/volunteers.ts';

const FIRST_ID = 3_000_000;
const COORDINATOR_ID = 900_002;
const TOKENS = { telegram: '810001:failover-bench', bale: '810002:failover-bench' } as const;
const SMS = { provider: 'smsir' as const, apiKey: 'failover-bench-key', sender: '3000505' };

/** Each bench person's mobile: unique, so an SMS tells who it reached. */
const mobileOf = (id: number) => `+98912${String(id - FIRST_ID).padStart(7, '0')}`;

/** Telegram first, then the same person's Bale account, as identity's linking stores a person with both. */
const bothMessengers = (id: number) => [
  { kind: 'messenger', platform: 'telegram', key: `telegram:${id}`, chatId: String(id) },
  { kind: 'messenger', platform: 'bale', key: `bale:${id}`, chatId: String(id) },
];

async function seed(database: Parameters<typeof seedVolunteers>[0], ids: readonly number[], withBale: Set<string>) {
  await seedVolunteers(database, ids);
  const volunteers = database.models.volunteers.collection;
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    await Promise.all(
      chunk.map((id) => {
        const linked = withBale.has(String(id)) ? { reachPoints: bothMessengers(id) } : {};
        return volunteers.updateOne({ _id: `telegram:${id}` } as never, { $set: { mobile: mobileOf(id), ...linked } });
      }),
    );
  }
}

export async function main(): Promise<void> {
  const both = Number(process.env.BENCH_BOTH ?? 2000);
  const smsOnly = Number(process.env.BENCH_SMS_ONLY ?? 500);
  const limit = Number(process.env.BENCH_LIMIT ?? 30);
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? 600) * 1000;
  const ids = Array.from({ length: both + smsOnly }, (_, i) => FIRST_ID + i);
  const withBale = new Set(ids.slice(0, both).map(String));

  const server = await startBenchDatabase();
  const db = await server.fresh();
  const sandbox = await startSandbox({ limits: { perChatPerSecond: 1000, perChatBurst: 1000 } });
  const emulator = await startSmsEmulator({ apiKey: SMS.apiKey });
  sandbox.addBot({ token: TOKENS.telegram, profile: 'telegram' });
  sandbox.addBot({ token: TOKENS.bale, profile: 'bale' });
  for (const id of ids) {
    sandbox.user({ token: TOKENS.telegram, userId: id, firstName: 'داوطلب', started: true });
    if (withBale.has(String(id))) sandbox.user({ token: TOKENS.bale, userId: id, firstName: 'داوطلب', started: true });
  }
  const coordinator = sandbox.user({
    token: TOKENS.bale,
    userId: COORDINATOR_ID,
    firstName: 'هماهنگ‌کننده',
    started: true,
  });
  await seed(db.database, ids, withBale);

  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const app = await startApp({
    config: {
      ...parsed.config,
      platforms: (['telegram', 'bale'] as const).map((platform) => ({
        platform,
        token: TOKENS[platform],
        apiRoot: sandbox.apiRoot,
        messagesPerSecond: limit,
      })),
      mongodbUri: db.uri,
      adminIds: [`bale:${COORDINATOR_ID}`],
      port: 0,
      defaultLocale: 'fa',
      logLevel: 'warn',
      sms: { ...SMS, apiRoot: emulator.apiRoot },
      smsMaxPerCallUp: smsOnly,
    },
    logger: benchLogger,
    callUps: { matching: 'query' },
  });
  try {
    const t = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
    const { preview } = await createCallUpInChat(coordinator, t, callUpSpecFor(ids.length), {
      send: false,
      timeoutMs: 60_000,
    });
    sandbox.fault('telegram', 'down');
    const pressedAt = Date.now();
    coordinator.press(t('callup:create.send'), preview.message_id);

    /** Per person (chat id), when each card came on each channel. */
    const cardsOn = (token: string) => {
      const byChat = new Map<number, number[]>();
      for (const [chatId, list] of sandbox.stats(token).deliveries) {
        if (chatId === COORDINATOR_ID) continue;
        const times = list.filter((d) => d.text?.includes(CALLUP_TITLE)).map((d) => d.at);
        if (times.length > 0) byChat.set(chatId, times);
      }
      return byChat;
    };
    const smsAnswerHint = t('reach:sms.answer');
    const smsCards = () => {
      const byChat = new Map<number, number[]>();
      for (const id of ids) {
        const times = emulator
          .phone(mobileOf(id))
          .received()
          .filter((r) => r.text.includes(smsAnswerHint))
          .map((r) => r.at);
        if (times.length > 0) byChat.set(id, times);
      }
      return byChat;
    };
    const firstCards = () => {
      const first = new Map<number, number>();
      for (const channel of [cardsOn(TOKENS.telegram), cardsOn(TOKENS.bale), smsCards()])
        for (const [chatId, times] of channel) first.set(chatId, Math.min(first.get(chatId) ?? Infinity, ...times));
      return first;
    };
    let reached = firstCards();
    while (reached.size < ids.length && Date.now() - pressedAt < timeoutMs) {
      await sleep(1000);
      reached = firstCards();
    }
    const channels = [cardsOn(TOKENS.telegram), cardsOn(TOKENS.bale), smsCards()];
    const duplicated = new Set(
      channels.flatMap((channel) => [...channel].filter(([, times]) => times.length > 1).map(([id]) => id)),
    );
    const delays = [...reached.values()].map((at) => (at - pressedAt) / 1000);
    console.error(
      `failover: telegram ${channels[0]!.size}, bale ${channels[1]!.size}, sms ${channels[2]!.size} people; ` +
        `health ${JSON.stringify((await app.health()).channels)}`,
    );
    const result = {
      name: 'failover',
      people: ids.length,
      reached: reached.size,
      reached_within_s_p95: round(percentile(delays, 95)),
      duplicated_people: duplicated.size,
      sms_sent: emulator.sent().length,
    };
    console.log(`BENCH ${JSON.stringify(result)}`);
  } finally {
    sandbox.fault('telegram', 'up');
    await app.stop();
    await emulator.close();
    await sandbox.close();
    await db.drop();
    await server.stop();
  }
}
