import { randomUUID } from 'node:crypto';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { publishCommands } from './bot/commands.ts';
import type { BotContext } from './bot/context.ts';
import { createBot } from './bot/create-bot.ts';
import type { BotDependencies } from './bot/dependencies.ts';
import { createStaffFeatures } from './bot/features/admin/staff-features.ts';
import { createCallUpChat } from './bot/features/callups/callup-chat.ts';
import { createCallUpFeatures } from './bot/features/callups/callup-features.ts';
import { createBotNotifier } from './bot/features/registration/bot-notifier.ts';
import { createRegistrationActivity } from './bot/features/registration/registration-activity.ts';
import { createVolunteerFeatures } from './bot/features/registration/volunteer-features.ts';
import { isStaffCtx } from './bot/filters/staff.filter.ts';
import type { Config } from './config.ts';
import type { WaveTimings } from './domain/callups/waves.ts';
import type { Platform } from './domain/platform.ts';
import { createI18n } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import { createBufferedMessageLog } from './messaging/outbox/buffered-message-log.ts';
import { createOutboxSender, type OutboxSender } from './messaging/outbox/outbox-sender.ts';
import { createSenderApi } from './messaging/outbox/sender-api.ts';
import { createChatOrder } from './persistence/chat-order.ts';
import { connectDatabase, type Database, ensureIndexes } from './persistence/connection.ts';
import { createDocumentLock } from './persistence/document-lock.ts';
import { startEmbeddedDatabase } from './persistence/embedded-database.ts';
import { acquirePollingLease, type PollingLease } from './persistence/polling-lease.ts';
import { createAnnouncementProgressRepository } from './persistence/repositories/announcement-progress.repository.ts';
import { createAuditRepository } from './persistence/repositories/audit.repository.ts';
import { createCallUpRepository } from './persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from './persistence/repositories/callup-answer.repository.ts';
import { createCallUpReportRepository } from './persistence/repositories/callup-report.repository.ts';
import { createCoordinatorRepository } from './persistence/repositories/coordinator.repository.ts';
import { createDeliveryRepository } from './persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from './persistence/repositories/delivery-sender.repository.ts';
import { createErasureRepository } from './persistence/repositories/erasure.repository.ts';
import { createInviteRepository } from './persistence/repositories/invite.repository.ts';
import { createJobRunRepository } from './persistence/repositories/job-run.repository.ts';
import { createMessageLogRepository } from './persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from './persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from './persistence/repositories/session.repository.ts';
import { createUpdateReceiverRepository } from './persistence/repositories/update-receiver.repository.ts';
import { createUserRepository } from './persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from './persistence/repositories/volunteer.repository.ts';
import { serverKind } from './persistence/server-kind.ts';
import { callUpReconfirmJob } from './scheduler/jobs/callup-reconfirm.job.ts';
import { callUpWavesJob } from './scheduler/jobs/callup-waves.job.ts';
import { callUpWrapUpJob } from './scheduler/jobs/callup-wrap-up.job.ts';
import { pledgeCheckInJob } from './scheduler/jobs/pledge-check-in.job.ts';
import { pledgeExpiryJob } from './scheduler/jobs/pledge-expiry.job.ts';
import { purgeLogsJob } from './scheduler/jobs/purge-logs.job.ts';
import { registrationReminderJob } from './scheduler/jobs/registration-reminder.job.ts';
import { type Job, type Scheduler, startScheduler } from './scheduler/scheduler.ts';
import { createHttpServer, type HealthReport, type HttpServer, type WebhookHandler } from './server/http-server.ts';
import { parsedWebhookAdapter } from './server/webhook-adapter.ts';
import { webhookPath } from './server/webhook-path.ts';
import { createAnnouncementProgress } from './services/announcements/announcement-progress.ts';
import { createAnnouncementOutbox } from './services/announcements/delivery-outbox.ts';
import { callUpAccessFrom } from './services/callups/access.ts';
import type { Board } from './services/callups/board.service.ts';
import { createCallUpServices } from './services/callups/callup-services.ts';
import { createQueryCandidates } from './services/callups/candidates.ts';
import { createMatchIndex, refreshingVolunteers } from './services/callups/match-index.ts';
import { createStaffServices } from './services/roles/staff-services.ts';
import { createDataErasureService } from './services/volunteers/data-erasure.service.ts';
import { createNoticeOutbox } from './services/volunteers/notice-outbox.ts';
import { createPledgeLifecycle } from './services/volunteers/pledge-lifecycle.service.ts';
import { markReachable, markUnreachable } from './services/volunteers/reachability.ts';
import { createVolunteerService, type VolunteerService } from './services/volunteers/volunteer.service.ts';

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** How often the in-process match index rereads every pledge, to see other instances' changes (FerretDB only). */
const MATCH_INDEX_RELOAD_MS = 15 * 60_000;

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
    matching?: 'auto' | 'query' | 'index';
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

interface PlatformStatus {
  mode: 'polling' | 'webhook';
  runner?: RunnerHandle;
  lastUpdateAt?: Date;
}

/** The composition root as a function: config → database → bots → server → scheduler, and an orderly stop. */
export async function startApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const embedded = config.mongodbUri
    ? undefined
    : await startEmbeddedDatabase({
        dataDir: config.dataDir,
        logger,
        ferretdbBin: config.ferretdbBin,
        cacheDir: config.cacheDir,
      });
  const database = await connectDatabase(config.mongodbUri ?? (embedded?.uri as string), { logger });
  const stopDatabase = async () => {
    await database.close();
    await embedded?.stop();
  };
  try {
    await ensureIndexes(database.models);
    const i18n = await createI18n({ defaultLocale: config.defaultLocale });
    // On FerretDB, which scans a whole collection for any filter but `_id`, call-up matching uses an in-process index
    // kept current by this process's writes and reloaded now and then for other instances' (see match-index.ts).
    const rawVolunteers = createVolunteerRepository(database.models);
    const matching = options.callUps?.matching ?? 'auto';
    const useIndex =
      matching === 'index' || (matching === 'auto' && (await serverKind(database.connection)) === 'ferretdb');
    const matchIndex = useIndex ? createMatchIndex(rawVolunteers) : undefined;
    const volunteerRepository = matchIndex ? refreshingVolunteers(rawVolunteers, matchIndex) : rawVolunteers;
    const repositories = {
      users: createUserRepository(database.models),
      sessions: createSessionStorage(database.models),
      processedUpdates: createProcessedUpdateRepository(database.models),
      // Logged in batches, one insert per quarter second rather than one per message in or out; flushed by stop().
      messageLog: createBufferedMessageLog(createMessageLogRepository(database.models), logger, { intervalMs: 250 }),
      jobRuns: createJobRunRepository(database.models),
      volunteers: volunteerRepository,
      coordinators: createCoordinatorRepository(database.models),
      invites: createInviteRepository(database.models),
      auditEntries: createAuditRepository(database.models),
      deliveries: createDeliveryRepository(database.models, { now }),
    };
    const receivesUpdates = options.receiveUpdates !== false;
    const chatOrder = createChatOrder({
      receivers: createUpdateReceiverRepository(database.models),
      // Held for a whole update; a holder that died is passed over after holdMs.
      lock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
      owner: randomUUID(),
      logger,
    });
    // Before the first update: an instance that joins others waits until they know of it.
    if (receivesUpdates) await chatOrder.start();
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
      measureUpdate: (type, task) => database.writes.measure(type, task),
      orderChat: chatOrder.run,
    };
    const volunteerService = createVolunteerService({ volunteers: repositories.volunteers, now });
    // Filled below, one bot per platform; notifiers look bots up when they send.
    const bots = new Map<Platform, Bot<BotContext>>();
    const callUpReports = createCallUpReportRepository(database.models);
    // One outbox for every broadcast, drained at each platform's pace; safe alongside other instances.
    const outbox = createOutboxSender({
      repositories: { deliveries: repositories.deliveries, senders: createDeliverySenderRepository(database.models) },
      platforms: new Map(
        config.platforms.map((p) => [p.platform, createSenderApi(p, { messageLog: repositories.messageLog, logger })]),
      ),
      perChatPerSecond: config.perChatMessagesPerSecond,
      logger,
      now,
      onUnreachable: (recipientKey) => markUnreachable(repositories, recipientKey),
    });
    const announcementProgress = createAnnouncementProgress({
      outbox,
      chat: createCallUpChat(bots, logger),
      records: createAnnouncementProgressRepository(database.models),
      t: i18n.t,
      now,
      logger,
    });
    // One authorization module and audit log for every privileged feature (call-ups use `staffServices` too).
    const staffServices = createStaffServices({
      repositories,
      notifier: createBotNotifier(bots, logger),
      notices: createNoticeOutbox({ outbox, kind: 'staff-notice' }),
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
      deliveries: createDeliveryRepository(database.models, { now }),
      chat: createCallUpChat(bots, logger),
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
    const domainFeatures = [
      ...createCallUpFeatures(callUps, now),
      ...createVolunteerFeatures({
        volunteers: volunteerService,
        erasure,
        now,
        isStaff: (ctx) => isStaffCtx(ctx, staffServices.authorization),
        messageLogDays: config.messageLogDays,
      }),
      ...staff.features,
    ];

    const status = new Map<Platform, PlatformStatus>();
    // Polling starts last, once this instance holds the platform's polling lease (after the outbox is already sending).
    const pollers: Array<{ platform: Platform; token: string; start: () => void }> = [];
    const webhookHandlers: Partial<Record<Platform, WebhookHandler>> = {};
    for (const platformConfig of config.platforms) {
      const { platform } = platformConfig;
      const platformStatus: PlatformStatus = { mode: config.mode };
      const { bot, features } = createBot(
        {
          platform,
          token: platformConfig.token,
          apiRoot: platformConfig.apiRoot,
          botInfo: options.botInfo?.[platform],
          onUpdate: () => {
            platformStatus.lastUpdateAt = new Date();
          },
        },
        deps,
        domainFeatures,
        staff.startPayloadHandlers,
      );
      await bot.init();
      await publishCommands(bot.api, features, deps).catch((error: unknown) =>
        logger.warn({ err: error, platform }, 'could not publish the command list'),
      );
      if (!receivesUpdates) {
        // A sender-only instance: the instance that takes updates keeps its polling or webhook.
      } else if (config.mode === 'webhook' && config.webhook) {
        const { secret, baseUrl } = config.webhook;
        await bot.api.setWebhook(`${baseUrl}${webhookPath(secret, platform)}`, {
          secret_token: platform === 'telegram' ? secret : undefined,
          allowed_updates: ALLOWED_UPDATES,
        });
        const callback = webhookCallback(bot, parsedWebhookAdapter, {
          onTimeout: 'return',
          timeoutMilliseconds: 9_000,
          secretToken: platform === 'telegram' ? secret : undefined,
        });
        webhookHandlers[platform] = async (request) => {
          await callback(request);
        };
      } else {
        await bot.api.deleteWebhook();
        pollers.push({
          platform,
          token: platformConfig.token,
          start: () => {
            platformStatus.runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
          },
        });
      }
      bots.set(platform, bot);
      status.set(platform, platformStatus);
      logger.info({ platform, username: bot.botInfo.username, mode: config.mode }, 'bot started');
    }

    const health = async (): Promise<HealthReport> => {
      const databaseHealth = await database.ping().then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, error: String(error) }),
      );
      const platforms: HealthReport['platforms'] = {};
      for (const [platform, s] of status) {
        const ok = s.mode === 'webhook' || s.runner?.isRunning() === true;
        platforms[platform] = { ok, mode: s.mode, lastUpdateAt: s.lastUpdateAt?.toISOString() };
      }
      return {
        ok: databaseHealth.ok && Object.values(platforms).every((p) => p.ok),
        database: databaseHealth,
        platforms,
      };
    };

    const server: HttpServer = createHttpServer({
      logger,
      health,
      metrics: () => ({ ...database.writes.snapshot(), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) }),
      webhooks: config.webhook ? { secret: config.webhook.secret, handlers: webhookHandlers } : undefined,
    });
    const port = await server.listen(config.port);

    const pledgeLifecycle = createPledgeLifecycle({
      volunteers: repositories.volunteers,
      users: repositories.users,
      notices: createNoticeOutbox({ outbox }),
      t: i18n.t,
      registrationActivity: createRegistrationActivity(repositories.sessions),
    });
    const jobs: Job[] = [
      purgeLogsJob(repositories, config.messageLogDays),
      pledgeCheckInJob(pledgeLifecycle),
      pledgeExpiryJob(pledgeLifecycle),
      registrationReminderJob(pledgeLifecycle),
      callUpWavesJob(callUps.followUp),
      callUpReconfirmJob(callUps.followUp),
      callUpWrapUpJob(callUps.followUp),
    ];
    const scheduler: Scheduler | undefined =
      options.scheduler === false ? undefined : startScheduler(jobs, repositories.jobRuns, randomUUID(), logger);
    outbox.start();
    // First waves a crashed instance left half queued are finished within seconds, not after the wave lag.
    callUps.firstWave.watch();
    // Boards of call-ups still sending (since before a restart, or by another instance) keep moving.
    callUps.board.resume().catch((error: unknown) => logger.warn({ err: error }, 'could not follow running call-ups'));
    announcementProgress
      .resume()
      .catch((error: unknown) => logger.warn({ err: error }, 'could not follow running announcements'));
    // Loaded in the background, so the first call-up after a start does not wait for the scan.
    matchIndex?.load().catch((error: unknown) => logger.warn({ err: error }, 'could not load the match index'));
    const reloadMatchIndex = matchIndex
      ? setInterval(() => {
          matchIndex.load().catch((error: unknown) => logger.warn({ err: error }, 'could not reload the match index'));
        }, MATCH_INDEX_RELOAD_MS).unref()
      : undefined;

    const leases: PollingLease[] = [];
    // Stop taking updates first, let in-flight ones finish, then close what they write to (the database last).
    // Stop taking updates first, let in-flight ones finish, then close what they write to.
    const stopServices = async () => {
      await Promise.all([...status.values()].map((s) => s.runner?.stop()));
      await Promise.all(leases.map((lease) => lease.release()));
      await server.close();
      await chatOrder.stop();
      await scheduler?.stop();
      clearInterval(reloadMatchIndex);
      await callUps.stop();
      await outbox.stop();
      await repositories.messageLog.flush();
    };
    // A second poller for the same token would make both fail on the platform: refuse to be it (see polling-lease.ts).
    for (const poller of pollers) {
      try {
        leases.push(
          await acquirePollingLease(database.models.documentLocks, poller, {
            logger,
            onLost: () => void status.get(poller.platform)?.runner?.stop(),
          }),
        );
      } catch (error) {
        await stopServices();
        throw error;
      }
      poller.start();
    }

    return {
      bots,
      database,
      port,
      health,
      jobs,
      outbox,
      volunteers: volunteerService,
      boards: callUps.board,
      async stop() {
        await stopServices();
        await stopDatabase();
      },
    };
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}
