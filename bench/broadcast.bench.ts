// Broadcast benchmark: one call-up to N matching volunteers (default 5,000), confirmed through the call-up creation
// service as the coordinator's "send" does, through the outbox sender, the sandbox Bot API server and the database
// (MONGODB_URI, else embedded FerretDB in a temporary directory).
//   (a) the sandbox at Telegram's limits (30/s global, 1/s per chat): achieved rate ÷ limit, lost, duplicated,
//       time from the coordinator's confirm to the first message;
//   (b) the limit raised to 1,000/s: the sender's own ceiling.
// Environment: BENCH_RECIPIENTS (5000), BENCH_LIMITS ("30,1000"), BENCH_CONCURRENCY (sender default).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import type { CallUpDraft } from '../src/domain/callups/callup.ts';
import { WAVE_FACTOR } from '../src/domain/callups/waves.ts';
import { reachOf } from '../src/domain/volunteers/pledge.ts';
import { createI18n } from '../src/i18n/index.ts';
import { createOutboxSender } from '../src/messaging/outbox/outbox-sender.ts';
import { createSenderApi } from '../src/messaging/outbox/sender-api.ts';
import { connectDatabase, type Database, ensureIndexes } from '../src/persistence/connection.ts';
import { startEmbeddedDatabase } from '../src/persistence/embedded-database.ts';
import type { VolunteerDocument } from '../src/persistence/models/volunteer.model.ts';
import { createCallUpRepository } from '../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../src/persistence/repositories/callup-answer.repository.ts';
import { createDeliveryRepository } from '../src/persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from '../src/persistence/repositories/delivery-sender.repository.ts';
import { createMessageLogRepository } from '../src/persistence/repositories/message-log.repository.ts';
import { createVolunteerRepository } from '../src/persistence/repositories/volunteer.repository.ts';
import { serverKind } from '../src/persistence/server-kind.ts';
import { campaigns } from '../src/services/callups/callup-context.ts';
import { createCallUpServices } from '../src/services/callups/callup-services.ts';
import { createQueryCandidates } from '../src/services/callups/candidates.ts';
import { createMatchIndex, refreshingVolunteers } from '../src/services/callups/match-index.ts';

const TOKEN = '790001:broadcast-bench';
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
/** Every third volunteer a nurse, the rest GPs: two specialties, so the call-up has two groups to fill. */
const SPECIALTIES = [
  { specialty: 'nurse', group: 'nursing', body: 'ino' },
  { specialty: 'gp', group: 'physician', body: 'irimc' },
  { specialty: 'gp', group: 'physician', body: 'irimc' },
] as const;

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

/** An active volunteer in Tehran who pledged crisis call-ups at any time: every one matches the call-up. */
function volunteerDoc(chatId: number, i: number, now: Date): VolunteerDocument {
  const { specialty, group, body } = SPECIALTIES[i % SPECIALTIES.length]!;
  return {
    _id: `telegram:${chatId}`,
    status: 'active',
    platform: 'telegram',
    chatId: String(chatId),
    locale: 'fa',
    name: `داوطلب ${i}`,
    mobile: '+989121234567',
    group,
    specialty,
    specialtyOther: null,
    licence: { body, number: '12345', digits: '12345', status: i % 4 === 0 ? 'verified' : 'unverified' },
    province: 'kermanshah',
    city: 'سرپل ذهاب',
    hoursPerMonth: 8,
    days: [0, 1, 2, 3, 4, 5, 6],
    windows: ['morning', 'afternoon', 'evening', 'night'],
    modes: ['crisis'],
    reach: 'own',
    ...reachOf('kermanshah', 'own'),
    validUntil: null,
    pausedUntil: null,
    unavailableUntil: null,
    note: null,
    reachable: true,
    hoursServed: 0,
    nextCheckInAt: new Date(now.getTime() + 30 * 86_400_000),
    lastCheckInAt: null,
    confirmedAt: now,
    registeredAt: now,
    updatedAt: now,
  } as VolunteerDocument;
}

/** An immediate earthquake call-up whose first wave reaches everyone: need × WAVE_FACTOR covers each specialty. */
function draftFor(recipients: number): CallUpDraft {
  const perSpecialty = new Map<string, number>();
  for (let i = 0; i < recipients; i++) {
    const { specialty } = SPECIALTIES[i % SPECIALTIES.length]!;
    perSpecialty.set(specialty, (perSpecialty.get(specialty) ?? 0) + 1);
  }
  return {
    crisisType: 'earthquake',
    urgency: 'immediate',
    title: 'زلزله‌ی سرپل ذهاب',
    description: 'نیاز فوری به پرستار و پزشک عمومی برای اورژانس صحرایی',
    province: 'kermanshah',
    city: 'سرپل ذهاب',
    location: null,
    needs: [...perSpecialty].map(([specialty, count]) => ({ specialty, count: Math.ceil(count / WAVE_FACTOR) })),
    startsAt: null,
    durationHours: 48,
    meetingPoint: 'بیمارستان امام خمینی، درِ اورژانس',
    contact: 'دکتر رضایی ۰۹۱۲۱۲۳۴۵۶۷',
  };
}

/** Stores the volunteers in bulk and opens each one's chat, so the bot may write first. */
async function seedVolunteers(database: Database, sandbox: Sandbox, recipients: number, now: Date): Promise<void> {
  const docs: VolunteerDocument[] = [];
  for (let i = 0; i < recipients; i++) {
    const user = sandbox.user({ token: TOKEN, userId: 1_000_000 + i, firstName: `داوطلب ${i}` });
    user.sendCommand('/start');
    docs.push(volunteerDoc(user.chatId, i, now));
  }
  for (let start = 0; start < docs.length; start += 1000) {
    await database.models.volunteers.collection.insertMany(docs.slice(start, start + 1000) as never[], {
      ordered: false,
    });
  }
}

async function run(baseUri: string, limit: number, recipients: number): Promise<RunResult> {
  const database = await connectDatabase(withDatabase(baseUri, `nazr_bench_${randomBytes(4).toString('hex')}`), {
    logger,
  });
  const sandbox = await startSandbox({ limits: { globalPerSecond: limit, perChatPerSecond: 1 } });
  try {
    await ensureIndexes(database.models);
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const now = () => new Date();
    await seedVolunteers(database, sandbox, recipients, now());

    const platformConfig = {
      platform: 'telegram' as const,
      token: TOKEN,
      apiRoot: sandbox.apiRoot,
      messagesPerSecond: limit,
    };
    const api = createSenderApi(platformConfig, { messageLog: createMessageLogRepository(database.models), logger });
    const concurrency = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
    const deliveries = createDeliveryRepository(database.models);
    const sender = createOutboxSender({
      repositories: { deliveries, senders: createDeliverySenderRepository(database.models) },
      platforms: new Map([['telegram', api]]),
      perChatPerSecond: 1,
      logger,
      ...(concurrency && { concurrency }),
    });
    // Candidates as app.ts finds them: the in-process index on FerretDB (loaded at start), the query on MongoDB.
    const rawVolunteers = createVolunteerRepository(database.models);
    const matchIndex =
      (await serverKind(database.connection)) === 'ferretdb' ? createMatchIndex(rawVolunteers) : undefined;
    await matchIndex?.load();
    const volunteers = matchIndex ? refreshingVolunteers(rawVolunteers, matchIndex) : rawVolunteers;
    const i18n = await createI18n({ defaultLocale: 'fa' });
    const callUps = createCallUpServices({
      callUps: createCallUpRepository(database.models),
      answers: createCallUpAnswerRepository(database.models),
      volunteers,
      candidates: matchIndex ?? createQueryCandidates(volunteers),
      outbox: sender,
      deliveries,
      // The coordinator's board is not what is measured: it is neither sent nor counted.
      chat: { send: async () => 1, edit: async () => true },
      access: {
        mayCoordinate: async () => true,
        authorize: async () => true,
        logRefusal: async () => {},
        provincesOf: async () => null,
        maySeeContactDetails: async () => true,
      },
      t: i18n.t,
      now,
      logger,
    });

    sender.start();
    // The coordinator taps "send": the clock starts where the bot's confirm handler calls the creation service.
    const confirmedAt = Date.now();
    const { callUp, invited } = await callUps.creation.create(
      { key: 'telegram:1', platform: 'telegram', chatId: '1', locale: 'fa' },
      draftFor(recipients),
    );
    const createMs = Date.now() - confirmedAt;
    const campaignId = campaigns.cards(callUp.id);
    const deadline = confirmedAt + Math.max(120_000, (recipients / limit) * 3000);
    let ended = 0;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const total = [...sandbox.stats(TOKEN).deliveries.values()].reduce((sum, list) => sum + list.length, 0);
      if (total < recipients) continue;
      const { counts } = await sender.campaignProgress(campaignId);
      ended = counts.sent + counts.failed + counts.blocked;
      if (ended >= recipients) break;
    }
    await callUps.stop();
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
      first_message_ms: first - confirmedAt,
    };
    console.error(
      `broadcast limit=${limit}: ${invited} invited, ${times.length} accepted of ${recipients} in ` +
        `${((last - first) / 1000).toFixed(1)} s, create() ${createMs} ms, 429s ${stats.tooManyRequests}, ` +
        `recorded as ended ${ended}`,
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
