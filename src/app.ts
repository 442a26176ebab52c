import { randomUUID } from 'node:crypto';
import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { startBackgroundWork } from './app/background-work.ts';
import { createHealthCheck } from './app/health.ts';
import { openDatabase } from './app/open-database.ts';
import { startPlatformBots } from './app/platform-bots.ts';
import { createRepositories, type Matching } from './app/repositories.ts';
import type { BotContext } from './bot/context.ts';
import type { BotDependencies } from './bot/dependencies.ts';
import { createStaffFeatures } from './bot/features/admin/staff-features.ts';
import { createCallUpFeatures } from './bot/features/callups/callup-features.ts';
import { createRegistrationActivity } from './bot/features/registration/registration-activity.ts';
import { createVolunteerFeatures } from './bot/features/registration/volunteer-features.ts';
import { isStaffCtx } from './bot/filters/staff.filter.ts';
import type { Config } from './config.ts';
import type { WaveTimings } from './domain/callups/waves.ts';
import type { Platform } from './domain/platform.ts';
import { createI18n } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import { createOutboxSender, type OutboxSender } from './messaging/outbox/outbox-sender.ts';
import { createSenderApi } from './messaging/outbox/sender-api.ts';
import { createSendNow } from './messaging/send-now.ts';
import { createSendThroughOutbox } from './messaging/send-through-outbox.ts';
import { createChatOrder } from './persistence/chat-order.ts';
import type { Database } from './persistence/connection.ts';
import { createDocumentLock } from './persistence/document-lock.ts';
import { createAnnouncementProgressRepository } from './persistence/repositories/announcement-progress.repository.ts';
import { createCallUpRepository } from './persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from './persistence/repositories/callup-answer.repository.ts';
import { createCallUpReportRepository } from './persistence/repositories/callup-report.repository.ts';
import { createDeliverySenderRepository } from './persistence/repositories/delivery-sender.repository.ts';
import { createErasureRepository } from './persistence/repositories/erasure.repository.ts';
import { createUpdateReceiverRepository } from './persistence/repositories/update-receiver.repository.ts';
import type { Job } from './scheduler/scheduler.ts';
import { createHandlerTimings } from './server/handler-timings.ts';
import { createHttpServer, type HealthReport, type HttpServer } from './server/http-server.ts';
import { createAnnouncementProgress } from './services/announcements/announcement-progress.ts';
import { createAnnouncementOutbox } from './services/announcements/delivery-outbox.ts';
import { callUpAccessFrom } from './services/callups/access.ts';
import type { Board } from './services/callups/board.service.ts';
import { createCallUpServices } from './services/callups/callup-services.ts';
import { createQueryCandidates } from './services/callups/candidates.ts';
import { createStaffServices } from './services/roles/staff-services.ts';
import { createDataErasureService } from './services/volunteers/data-erasure.service.ts';
import { createPledgeLifecycle } from './services/volunteers/pledge-lifecycle.service.ts';
import { markReachable, markUnreachable } from './services/volunteers/reachability.ts';
import { createVolunteerService, type VolunteerService } from './services/volunteers/volunteer.service.ts';

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
  stop(): Promise<void>;
}

/** Where the process's memory is: the JavaScript heap (used and reserved), buffers and native memory outside it. */
function memoryInMb() {
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return { heapUsed: mb(heapUsed), heapTotal: mb(heapTotal), external: mb(external), arrayBuffers: mb(arrayBuffers) };
}

/** The composition root as a function: config → database → bots → server → background work, and an orderly stop. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const { database, close: closeDatabase } = await openDatabase(config, logger);
  try {
    const i18n = await createI18n({ defaultLocale: config.defaultLocale });
    const receivesUpdates = options.receiveUpdates !== false;
    const chatOrder = createChatOrder({
      receivers: createUpdateReceiverRepository(database.models),
      // Held for a whole update; a holder that died is passed over after holdMs.
      lock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
      owner: randomUUID(),
      logger,
    });
    const { repositories, matchIndex } = await createRepositories(database, {
      logger,
      now,
      matching: options.callUps?.matching ?? 'auto',
      exclusiveEpoch: chatOrder.exclusiveEpoch,
    });
    // Before the first update: an instance that joins others waits until they know of it. One that takes no updates
    // beats too, since it writes users, which an instance alone on the database caches.
    await chatOrder.start();
    const handlerTimes = createHandlerTimings();
    const deps: BotDependencies = {
      logger,
      i18n,
      defaultLocale: config.defaultLocale,
      adminIds: config.adminIds,
      users: repositories.users,
      sessions: repositories.sessions,
      processedUpdates: repositories.processedUpdates,
      messageLog: repositories.messageLog,
      userReturned: (userKey) => markReachable(repositories, userKey),
      now,
      measureUpdate: (type, task) => handlerTimes.time(() => database.writes.measure(type, task)),
      orderChat: chatOrder.run,
    };
    const volunteerService = createVolunteerService({ volunteers: repositories.volunteers, now });
    // Filled by startPlatformBots, one bot per platform; `sendNow` looks the bot up at each send.
    const bots = new Map<Platform, Bot<BotContext>>();
    const callUpReports = createCallUpReportRepository(database.models);
    // One outbox for every broadcast, drained at each platform's pace; safe alongside other instances.
    const outbox = createOutboxSender({
      repositories: { deliveries: repositories.deliveries, senders: createDeliverySenderRepository(database.models) },
      platforms: new Map(
        config.platforms.map((p) => [
          p.platform,
          createSenderApi(p, { messageLog: repositories.messageLog, logger, now }),
        ]),
      ),
      perChatPerSecond: config.perChatMessagesPerSecond,
      logger,
      now,
      onUnreachable: (recipientKey) => markUnreachable(repositories, recipientKey),
    });
    // The two ways out for every service's messages: now, to one chat; or through the outbox, to many.
    const sendNow = createSendNow(bots, logger);
    const notices = createSendThroughOutbox(outbox);
    const announcementProgress = createAnnouncementProgress({
      outbox,
      chat: sendNow,
      records: createAnnouncementProgressRepository(database.models),
      t: i18n.t,
      now,
      logger,
    });
    // One authorization module and audit log for every privileged feature (call-ups use `staffServices` too).
    const staffServices = createStaffServices({
      repositories,
      chat: sendNow,
      notices,
      outbox: createAnnouncementOutbox({ outbox, followProgress: announcementProgress.follow }),
      callUpStats: callUpReports,
      callUpAnswers: callUpReports,
      t: i18n.t,
      defaultLocale: config.defaultLocale,
      adminIds: config.adminIds,
      now,
    });
    const staff = createStaffFeatures(staffServices);
    const erasure = createDataErasureService({
      ...repositories,
      erasure: createErasureRepository(database.models),
      audit: staffServices.audit,
    });
    const callUps = createCallUpServices({
      callUps: createCallUpRepository(database.models),
      answers: createCallUpAnswerRepository(database.models),
      volunteers: repositories.volunteers,
      candidates: matchIndex ?? createQueryCandidates(repositories.volunteers),
      outbox,
      deliveries: repositories.deliveries,
      chat: sendNow,
      access: callUpAccessFrom(staffServices.authorization),
      audit: staffServices.audit,
      t: i18n.t,
      now,
      logger,
      ...(options.callUps?.boardIntervalMs ? { boardIntervalMs: options.callUps.boardIntervalMs } : {}),
      // A render that waits for another instance's is still worth doing: it shows what changed meanwhile.
      renderLock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
      timings: options.callUps?.timings ?? config.waveTimings,
    });

    const platformBots = await startPlatformBots({
      config,
      deps,
      features: [
        ...createCallUpFeatures(callUps, now),
        ...createVolunteerFeatures({
          volunteers: volunteerService,
          erasure,
          now,
          isStaff: (ctx) => isStaffCtx(ctx, staffServices.authorization),
          messageLogDays: config.messageLogDays,
        }),
        ...staff.features,
      ],
      startPayloadHandlers: staff.startPayloadHandlers,
      bots,
      receivesUpdates,
      botInfo: options.botInfo,
      logger,
    });
    const health = createHealthCheck(database, platformBots.status);
    const server: HttpServer = createHttpServer({
      logger,
      health,
      metrics: () => ({
        ...database.writes.snapshot(),
        handlers: handlerTimes.snapshot(),
        rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
        memoryMb: memoryInMb(),
      }),
      webhooks: config.webhook ? { secret: config.webhook.secret, handlers: platformBots.webhookHandlers } : undefined,
    });
    const port = await server.listen(config.port);

    outbox.start();
    const background = startBackgroundWork({
      purge: repositories,
      messageLogDays: config.messageLogDays,
      pledges: createPledgeLifecycle({
        volunteers: repositories.volunteers,
        users: repositories.users,
        notices,
        t: i18n.t,
        registrationActivity: createRegistrationActivity(repositories.sessions),
      }),
      callUps,
      jobRuns: repositories.jobRuns,
      matchIndex,
      resumeAnnouncements: () => announcementProgress.resume(),
      scheduler: options.scheduler !== false,
      logger,
    });

    // Stop taking updates first, let in-flight ones finish, then close what they write to (the database last).
    const stopServices = async () => {
      await platformBots.stop();
      await server.close();
      await chatOrder.stop();
      await background.stop();
      await callUps.stop();
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
      volunteers: volunteerService,
      boards: callUps.board,
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
