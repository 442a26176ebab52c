import {
  inlineButtonLabels as buttonsOf,
  type Sandbox,
  type SandboxMessage,
  type SandboxOptions,
  type SimulatedUser,
  startSandbox,
} from 'bot-api-sandbox';
import pino from 'pino';
import { inject } from 'vitest';
import { type App, type AppOptions, startApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { CallUp } from '../../src/domain/callups/callup.ts';
import type { Invitation } from '../../src/domain/callups/invitation.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Platform } from '../../src/domain/platform.ts';
import { getSpecialty } from '../../src/domain/reference/specialties.ts';
import { reachOf } from '../../src/domain/volunteers/pledge.ts';
import type { Volunteer } from '../../src/domain/volunteers/volunteer.ts';
import { createI18n, type Tr } from '../../src/i18n/index.ts';
import { connectDatabase, type Database } from '../../src/persistence/connection.ts';
import { createCallUpRepository } from '../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../src/persistence/repositories/callup-answer.repository.ts';
import { createDeliveryRepository } from '../../src/persistence/repositories/delivery.repository.ts';
import { createVolunteerRepository } from '../../src/persistence/repositories/volunteer.repository.ts';
import { defaultConfig, TEST_TOKENS, TestClock } from './bot-harness.ts';
import { freshDatabaseName, withDatabaseName } from './database.ts';
import { aVolunteer } from './volunteer-fixtures.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export type { Tr };

export const COORDINATOR_ID = 9001;
export const COORDINATOR_KEY = `telegram:${COORDINATOR_ID}`;

export interface CallUpHarnessOptions {
  sandbox?: SandboxOptions;
  /** Board edits at most this often (default 150 ms, so tests see it move). */
  boardIntervalMs?: number;
  timings?: AppOptions['callUps'] extends infer T ? (T extends { timings?: infer W } ? W : never) : never;
  config?: Partial<Config>;
  /**
   * Candidates from the indexed query (default: volunteers are seeded from outside the app, as another instance
   * would write them) or from the app's in-process index, loaded when the app starts.
   */
  matching?: 'query' | 'index';
  /** The outbox's pace per platform (default 1000/s: the sandbox's limits are what a test is about). */
  messagesPerSecond?: number;
}

/**
 * The whole bot for call-up tests: sandbox, real database, the app with its outbox sender, a coordinator (an admin)
 * and volunteers seeded straight through the repository, each with an open chat so the bot may write first.
 */
export async function startCallUpBot(options: CallUpHarnessOptions = {}) {
  const platforms: Platform[] = ['telegram', 'bale'];
  // No per-chat limit by default: at Telegram's one message a second, the coordinator's flow of some 25 replies and
  // edits waited out a 429 per step once its burst was spent (16 s of a 17 s test). The per-bot limit stays, as
  // delivery is paced by it; tests about a chat's limit set their own.
  const sandbox: Sandbox = await startSandbox({
    ...options.sandbox,
    limits: { perChatPerSecond: 1000, perChatBurst: 1000, ...options.sandbox?.limits },
  });
  for (const platform of platforms) sandbox.addBot({ token: TEST_TOKENS[platform], profile: platform });
  const coordinator = (): SimulatedUser =>
    sandbox.user({ token: TEST_TOKENS.telegram, userId: COORDINATOR_ID, firstName: 'Hamid', started: true });
  // The coordinator's chat is open from the start, as an admin's is: a board the bot posts before the test first
  // looks at the chat must not be refused as sent to an unknown chat.
  coordinator();
  const databaseUri = withDatabaseName(inject('mongoUri'), freshDatabaseName());
  const config: Config = {
    ...defaultConfig(),
    platforms: platforms.map((platform) => ({
      platform,
      token: TEST_TOKENS[platform],
      apiRoot: sandbox.apiRoot,
      messagesPerSecond: options.messagesPerSecond ?? 1000,
    })),
    sandbox: false,
    sandboxPort: 0,
    mongodbUri: databaseUri,
    adminIds: [COORDINATOR_KEY],
    port: 0,
    defaultLocale: 'fa',
    logLevel: 'silent',
    perChatMessagesPerSecond: 1000,
    ...options.config,
  };
  const clock = new TestClock();
  const database: Database = await connectDatabase(databaseUri, { logger });
  const appOptions = (extra: Partial<AppOptions> = {}): AppOptions => ({
    config,
    logger,
    scheduler: false,
    now: clock.now,
    callUps: {
      boardIntervalMs: options.boardIntervalMs ?? 150,
      matching: options.matching ?? 'query',
      ...(options.timings ? { timings: options.timings } : {}),
    },
    ...extra,
  });
  let app: App = await startApp(appOptions());
  const extraApps: App[] = [];
  const i18n = await createI18n({ defaultLocale: 'fa' });
  const volunteers = createVolunteerRepository(database.models);
  const callUps = createCallUpRepository(database.models);
  const answers = createCallUpAnswerRepository(database.models);
  const deliveries = createDeliveryRepository(database.models, { now: clock.now });
  let nextId = 10_000;

  const harness = {
    sandbox,
    get app() {
      return app;
    },
    database,
    clock,
    config,
    repositories: { volunteers, callUps, answers, deliveries },
    t: (locale: Locale): Tr => i18n.fixedT(locale),
    coordinator,
    /** The chat of a seeded volunteer. */
    chatOf: (v: Pick<Volunteer, 'platform' | 'chatId'>): SimulatedUser =>
      sandbox.user({ token: TEST_TOKENS[v.platform], userId: Number(v.chatId), firstName: 'Volunteer', started: true }),
    /** A registered, active volunteer with an open chat; fresh ids unless given. */
    async volunteer(overrides: Partial<Volunteer> = {}, options: { verified?: boolean } = {}): Promise<Volunteer> {
      nextId += 1;
      const platform = overrides.platform ?? 'telegram';
      const id = overrides.chatId ?? String(nextId);
      const specialty = getSpecialty(overrides.specialty ?? 'gp')!;
      const province = overrides.province ?? 'tehran';
      const v = aVolunteer({
        key: `${platform}:${id}`,
        platform,
        chatId: id,
        name: `داوطلب ${id}`,
        mobile: `+98912${id.padStart(7, '0').slice(-7)}`,
        group: specialty.group,
        specialty: specialty.code,
        licence:
          specialty.licenceBody === 'none' || specialty.licenceBody === 'unconfirmed'
            ? null
            : {
                body: specialty.licenceBody,
                number: '12345',
                digits: '12345',
                status: options.verified ? 'verified' : 'unverified',
              },
        province,
        ...reachOf(province, overrides.reach ?? 'own'),
        // Every day and window, so planned call-ups find them unless a test says otherwise.
        days: [0, 1, 2, 3, 4, 5, 6],
        windows: ['morning', 'afternoon', 'evening', 'night'],
        registeredAt: clock.now(),
        ...overrides,
      });
      if (!(await volunteers.create(v))) throw new Error(`could not seed ${v.key}`);
      sandbox.user({ token: TEST_TOKENS[platform], userId: Number(id), firstName: v.name, started: true });
      return v;
    },
    /** The latest call-up, or the one with this title (a frozen clock gives several the same creation time). */
    async latestCallUp(title?: string): Promise<CallUp> {
      const list = await callUps.listRecent(new Date(0), null);
      const found = title === undefined ? list[0] : list.find((c) => c.title === title);
      if (!found) throw new Error('no such call-up yet');
      return found;
    },
    async invitations(callUpId: string): Promise<Invitation[]> {
      return answers.listByCallUp(callUpId);
    },
    /** Messages the bot delivered to a chat, from the sandbox's own record (counts duplicates). */
    deliveredTo(platform: Platform, chatId: string | number): string[] {
      const stats = sandbox.stats(TEST_TOKENS[platform]);
      return (stats.deliveries.get(Number(chatId)) ?? []).map((d) => d.text ?? '');
    },
    /** Stops the whole app and starts it again on the same database, as a crash and restart would. */
    async restart(): Promise<void> {
      await app.stop();
      app = await startApp(appOptions());
      await app.startUpPasses;
    },
    /** A second instance on the same database and outbox that takes no updates: it only sends and runs jobs. */
    async secondInstance(): Promise<App> {
      const second = await startApp(appOptions({ receiveUpdates: false }));
      extraApps.push(second);
      return second;
    },
    async stop(): Promise<void> {
      for (const extra of extraApps) await extra.stop();
      await app.stop();
      await database.connection.dropDatabase();
      await database.close();
      await sandbox.close();
    },
  };
  return harness;
}

export type CallUpHarness = Awaited<ReturnType<typeof startCallUpBot>>;

export { buttonsOf };

export const dataOf = (message: SandboxMessage | undefined, text: string): string | undefined => {
  const markup = message?.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return undefined;
  return markup.inline_keyboard.flat().find((b) => b.text === text)?.callback_data;
};

/** Runs a job of the app by name with the harness clock. */
export async function runJob(h: CallUpHarness, name: string): Promise<void> {
  const job = h.app.jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no job ${name}`);
  await job.run(h.clock.now());
}

/**
 * Holds the outbox so that queued messages stay queued (start and kick it to let them go) while the bot still
 * replies. Stopping the sender also stops the heartbeat that gives this instance its share of each bot's send limit
 * (FleetBudget), and two intervals after the last beat that share, which the bot's replies spend too, runs out: a
 * reply would then wait for the next heartbeat, that is until the outbox starts again. The harness's app is the only
 * instance sending, so its replies get the whole limit until then.
 */
export async function holdOutbox(h: CallUpHarness): Promise<void> {
  await h.app.outbox.stop();
  for (const { platform, messagesPerSecond } of h.config.platforms) {
    h.app.outbox.sendBudget(platform)?.setSlots(Math.floor(messagesPerSecond));
  }
}
