import { randomUUID } from 'node:crypto';
import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { publishCommands } from './bot/commands.ts';
import type { BotContext } from './bot/context.ts';
import { createBot } from './bot/create-bot.ts';
import type { BotDependencies } from './bot/dependencies.ts';
import { createBotNotifier } from './bot/features/registration/bot-notifier.ts';
import { createRegistrationActivity } from './bot/features/registration/registration-activity.ts';
import { createVolunteerFeatures } from './bot/features/registration/volunteer-features.ts';
import type { Config, Platform } from './config.ts';
import { createI18n } from './i18n/index.ts';
import type { Logger } from './logger.ts';
import { connectDatabase, type Database, ensureIndexes } from './persistence/connection.ts';
import { startEmbeddedDatabase } from './persistence/embedded-database.ts';
import { createJobRunRepository } from './persistence/repositories/job-run.repository.ts';
import { createMessageLogRepository } from './persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from './persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from './persistence/repositories/session.repository.ts';
import { createUserRepository } from './persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from './persistence/repositories/volunteer.repository.ts';
import { pledgeCheckInJob } from './scheduler/jobs/pledge-check-in.job.ts';
import { pledgeExpiryJob } from './scheduler/jobs/pledge-expiry.job.ts';
import { purgeLogsJob } from './scheduler/jobs/purge-logs.job.ts';
import { registrationReminderJob } from './scheduler/jobs/registration-reminder.job.ts';
import { type Scheduler, startScheduler } from './scheduler/scheduler.ts';
import { createHttpServer, type HealthReport, type HttpServer, type WebhookHandler } from './server/http-server.ts';
import { webhookPath } from './server/webhook-path.ts';
import { createDataErasureService } from './services/volunteers/data-erasure.service.ts';
import { createPledgeLifecycle } from './services/volunteers/pledge-lifecycle.service.ts';
import { createVolunteerService } from './services/volunteers/volunteer.service.ts';

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** Known bot identities per platform, to skip getMe (tests). */
  botInfo?: Partial<Record<Platform, UserFromGetMe>>;
  /** The scheduler is off in tests, which run jobs directly with their own clock. */
  scheduler?: boolean;
  now?: () => Date;
}

export interface App {
  bots: ReadonlyMap<Platform, Bot<BotContext>>;
  database: Database;
  /** The port the health/webhook server listens on. */
  port: number;
  health(): Promise<HealthReport>;
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
    : await startEmbeddedDatabase({ dataDir: config.dataDir, logger, ferretdbBin: config.ferretdbBin });
  const database = await connectDatabase(config.mongodbUri ?? (embedded?.uri as string), { logger });
  const stopDatabase = async () => {
    await database.close();
    await embedded?.stop();
  };
  try {
    await ensureIndexes(database.models);
    const i18n = await createI18n({ defaultLocale: config.defaultLocale });
    const repositories = {
      users: createUserRepository(database.models),
      sessions: createSessionStorage(database.models),
      processedUpdates: createProcessedUpdateRepository(database.models),
      messageLog: createMessageLogRepository(database.models),
      jobRuns: createJobRunRepository(database.models),
      volunteers: createVolunteerRepository(database.models),
    };
    const deps: BotDependencies = {
      logger,
      i18n,
      defaultLocale: config.defaultLocale,
      adminIds: config.adminIds,
      users: repositories.users,
      sessions: repositories.sessions,
      processedUpdates: repositories.processedUpdates,
      messageLog: repositories.messageLog,
      now,
    };
    const volunteerService = createVolunteerService({ volunteers: repositories.volunteers, now });
    const erasure = createDataErasureService(repositories);
    const domainFeatures = createVolunteerFeatures({ volunteers: volunteerService, erasure, now });

    const bots = new Map<Platform, Bot<BotContext>>();
    const status = new Map<Platform, PlatformStatus>();
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
      );
      await bot.init();
      await publishCommands(bot.api, features, deps).catch((error: unknown) =>
        logger.warn({ err: error, platform }, 'could not publish the command list'),
      );
      if (config.mode === 'webhook' && config.webhook) {
        const { secret, baseUrl } = config.webhook;
        await bot.api.setWebhook(`${baseUrl}${webhookPath(secret, platform)}`, {
          secret_token: platform === 'telegram' ? secret : undefined,
          allowed_updates: ALLOWED_UPDATES,
        });
        const callback = webhookCallback(bot, 'http', {
          onTimeout: 'return',
          timeoutMilliseconds: 9_000,
          secretToken: platform === 'telegram' ? secret : undefined,
        });
        webhookHandlers[platform] = (req, res) => callback(req, res);
      } else {
        await bot.api.deleteWebhook();
        platformStatus.runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
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
      webhooks: config.webhook ? { secret: config.webhook.secret, handlers: webhookHandlers } : undefined,
    });
    const port = await server.listen(config.port);

    const pledgeLifecycle = createPledgeLifecycle({
      volunteers: repositories.volunteers,
      users: repositories.users,
      notifier: createBotNotifier(bots, logger),
      t: i18n.t,
      registrationActivity: createRegistrationActivity(repositories.sessions),
    });
    const scheduler: Scheduler | undefined =
      options.scheduler === false
        ? undefined
        : startScheduler(
            [
              purgeLogsJob(repositories, config.messageLogDays),
              pledgeCheckInJob(pledgeLifecycle),
              pledgeExpiryJob(pledgeLifecycle),
              registrationReminderJob(pledgeLifecycle),
            ],
            repositories.jobRuns,
            randomUUID(),
            logger,
          );

    return {
      bots,
      database,
      port,
      health,
      async stop() {
        // Stop taking updates first, let in-flight ones finish, then close what they write to.
        await Promise.all([...status.values()].map((s) => s.runner?.stop()));
        await server.close();
        await scheduler?.stop();
        await stopDatabase();
      },
    };
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}
