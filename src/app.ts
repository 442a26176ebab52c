import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { servicesForJobs, startBackgroundWork } from './app/background-work.ts';
import { productFeatures } from './app/bot-features.ts';
import { startHttpServer } from './app/health.ts';
import { openDatabase } from './app/open-database.ts';
import { startPlatformBots } from './app/platform-bots.ts';
import { createRepositories, type Matching } from './app/repositories.ts';
import { composeServices } from './app/services.ts';
import { createUpdateOrder, prepareUpdateHandling } from './app/update-handling.ts';
import type { BotContext } from './bot/context.ts';
import type { Config } from './config.ts';
import { composeDashboard } from './dashboard/compose-dashboard.ts';
import type { WaveTimings } from './domain/callups/waves.ts';
import type { Platform } from './domain/platform.ts';
import { createI18n } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import type { OutboxSender } from './messaging/outbox/outbox-sender.ts';
import type { Database } from './persistence/connection.ts';
import type { Job } from './scheduler/scheduler.ts';
import { createHandlerTimings } from './server/handler-timings.ts';
import type { HealthReport } from './server/http-server.ts';
import type { Board } from './services/callups/board.service.ts';
import type { VolunteerService } from './services/volunteers/volunteer.service.ts';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Known bot identities per platform, to skip getMe (tests). */
  botInfo?: Partial<Record<Platform, UserFromGetMe>>;
  /** The scheduler is off in tests, which run jobs directly with their own clock. */
  scheduler?: boolean;
  now?: () => Date;
  /** Call-up tuning: how often a coordinator's board may be edited, and the wave and escalation delays. */
  callUps?: {
    boardIntervalMs?: number;
    timings?: WaveTimings;
    /**
     * Where wave candidates come from: the indexed query, or an in-process index (kept current by this process's
     * writes, reloaded every 15 minutes). `auto` (default) uses the index on FerretDB and the query on MongoDB.
     */
    matching?: Matching;
  };
  /**
   * False: take no updates (no polling, no webhook), only send the outbox and run jobs — a second instance sharing
   * the first one's outbox (tests; a sender-only worker).
   */
  receiveUpdates?: boolean;
}

export interface App {
  bots: ReadonlyMap<Platform, Bot<BotContext>>;
  database: Database;
  /** The port the health/webhook server listens on. */
  port: number;
  health(): Promise<HealthReport>;
  /** Every scheduled job, so tests can run one with their own clock. */
  jobs: readonly Job[];
  /** The persistent outbox's sender (call-ups, announcements, reminders). */
  outbox: OutboxSender;
  /** Volunteer use cases on the app's own repository, so call-up matching sees the sandbox's simulated volunteers. */
  volunteers: VolunteerService;
  /** The coordinators' status messages as this instance renders them (tests refresh one on a chosen instance). */
  boards: Pick<Board, 'flush'>;
  /** Settles once the passes a start runs beside the first updates are done (linking people who proved one number). */
  startUpPasses: Promise<void>;
  stop(): Promise<void>;
}

/**
 * One person per proved number (identity-migration.ts): a pass over every volunteer, so it runs beside the first
 * updates rather than before them (a restart answers within seconds), and a failure is retried at the next start.
 */
async function runStartUpPasses(services: ReturnType<typeof composeServices>, logger: Logger): Promise<void> {
  await services.identity.migrate().catch((err: unknown) => logger.warn({ err }, 'the identity start-up pass failed'));
}

/** The composition root as a function: config → database → bots → server → background work, and an orderly stop. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const { database, close: closeDatabase } = await openDatabase(config, logger);
  try {
    const i18n = await createI18n({ defaultLocale: config.defaultLocale });
    const chatOrder = createUpdateOrder(database, logger);
    const { repositories, matchIndex } = await createRepositories(database, {
      logger,
      now,
      matching: options.callUps?.matching ?? 'auto',
      chatOrder,
    });
    const shared = { config, logger, now, database, repositories, i18n, exclusiveEpoch: chatOrder.exclusiveEpoch };
    const handlerTimes = createHandlerTimings();
    const deps = await prepareUpdateHandling({ ...shared, chatOrder, handlerTimes });
    const bots = new Map<Platform, Bot<BotContext>>();
    const services = composeServices({ ...shared, matchIndex, bots, callUps: options.callUps });
    const startUpPasses = runStartUpPasses(services, logger);
    const { outbox, callUps, reach, staff, relayedPeople } = services;
    const dashboardServices = { callUps, staff, relayedPeople, missions: services };
    const dashboard = composeDashboard({ ...shared, ...dashboardServices });
    const platformBots = await startPlatformBots({
      config,
      deps,
      ...productFeatures(services, config, now, dashboard),
      bots,
      receivesUpdates: options.receiveUpdates !== false,
      botInfo: options.botInfo,
      sendBudget: (platform) => outbox.sendBudget(platform),
      logger,
    });
    const { server, health, port } = await startHttpServer({ ...shared, platformBots, handlerTimes, dashboard, reach });
    outbox.start();
    const background = startBackgroundWork({
      purge: repositories,
      messageLogDays: config.messageLogDays,
      ...servicesForJobs(services),
      jobRuns: repositories.jobRuns,
      matchIndex,
      scheduler: options.scheduler !== false,
      logger,
    });

    // Stop taking updates first, let in-flight ones finish, then close what they write to (the database last).
    const stopServices = async () => {
      await platformBots.stop();
      await server.close();
      await chatOrder.stop();
      await background.stop();
      await Promise.all([callUps.stop(), reach.stop(), startUpPasses]);
      await outbox.stop();
      await repositories.messageLog.flush();
    };
    // Polling starts last, once the outbox is already sending.
    await platformBots.startPolling(database.models.documentLocks).catch(async (error: unknown) => {
      await stopServices();
      throw error;
    });

    return {
      bots,
      database,
      port,
      health,
      jobs: background.jobs,
      outbox,
      volunteers: services.volunteers,
      boards: callUps.board,
      startUpPasses,
      async stop() {
        await stopServices();
        await closeDatabase();
      },
    };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}
