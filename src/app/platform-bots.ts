import { type RunnerHandle, run } from '@grammyjs/runner';
import { type Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { publishCommands } from '../bot/commands.ts';
import type { BotContext } from '../bot/context.ts';
import { createBot } from '../bot/create-bot.ts';
import type { BotDependencies } from '../bot/dependencies.ts';
import type { Feature } from '../bot/feature.ts';
import type { StartPayloadHandler } from '../bot/features/start.feature.ts';
import { stopRunner } from '../bot/stop-runner.ts';
import type { Config } from '../config.ts';
import type { Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import { budgetedSends } from '../messaging/api/send-budget.transformer.ts';
import type { SendBudget } from '../messaging/budget/send-budget.ts';
import type { Models } from '../persistence/models/index.ts';
import { acquirePollingLease, type PollingLease } from '../persistence/polling-lease.ts';
import type { WebhookHandler } from '../server/http-server.ts';
import { parsedWebhookAdapter } from '../server/webhook-adapter.ts';
import { webhookPath } from '../server/webhook-path.ts';

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/**
 * Updates handled at the same time by a polling instance (the runner's default is 500). Past the point where the
 * database and the CPU are busy, more at once only makes each wait longer and hold its memory meanwhile; the rest
 * wait on the platform's server, fetched as handling frees a place, in the order they came.
 */
const UPDATES_AT_ONCE = 100;

export interface PlatformStatus {
  mode: 'polling' | 'webhook';
  runner?: RunnerHandle;
  lastUpdateAt?: Date;
}

interface Poller {
  platform: Platform;
  token: string;
  start(): void;
}

export interface PlatformBots {
  status: ReadonlyMap<Platform, PlatformStatus>;
  webhookHandlers: Partial<Record<Platform, WebhookHandler>>;
  /** Starts polling where configured, once this instance holds each token's polling lease (see polling-lease.ts). */
  startPolling(locks: Models['documentLocks']): Promise<void>;
  /** Stops polling and gives its leases back; in-flight updates finish first. */
  stop(): Promise<void>;
}

export interface PlatformBotOptions {
  config: Config;
  deps: BotDependencies;
  features: Feature[];
  startPayloadHandlers: StartPayloadHandler[];
  /** Filled here, one bot per configured platform. */
  bots: Map<Platform, Bot<BotContext>>;
  /** False: a sender-only instance, which neither polls nor sets a webhook. */
  receivesUpdates: boolean;
  botInfo?: Partial<Record<Platform, UserFromGetMe>>;
  /** Each platform's share of the bot's send limit, which the outbox spends too: every send of the bot takes from it. */
  sendBudget?: (platform: Platform) => SendBudget | undefined;
  logger: Logger;
}

/** One grammY bot per configured platform, and how its updates come in: a webhook, or polling started later. */
export async function startPlatformBots(options: PlatformBotOptions): Promise<PlatformBots> {
  const { config, deps, logger } = options;
  const status = new Map<Platform, PlatformStatus>();
  const pollers: Poller[] = [];
  const webhookHandlers: Partial<Record<Platform, WebhookHandler>> = {};
  for (const platformConfig of config.platforms) {
    const { platform } = platformConfig;
    const platformStatus: PlatformStatus = { mode: config.mode };
    const budget = options.sendBudget?.(platform);
    const { bot, features } = createBot(
      {
        platform,
        token: platformConfig.token,
        apiRoot: platformConfig.apiRoot,
        botInfo: options.botInfo?.[platform],
        networkTransformers: budget ? [budgetedSends(budget, logger.child({ platform }))] : [],
        chatPace: budget?.chats,
        onUpdate: () => {
          platformStatus.lastUpdateAt = new Date();
        },
      },
      deps,
      options.features,
      options.startPayloadHandlers,
    );
    await bot.init();
    await publishCommands(bot.api, features, deps).catch((error: unknown) =>
      logger.warn({ err: error, platform }, 'could not publish the command list'),
    );
    if (!options.receivesUpdates) {
      // A sender-only instance: the instance that takes updates keeps its polling or webhook.
    } else if (config.mode === 'webhook' && config.webhook) {
      webhookHandlers[platform] = await takeWebhook(bot, platform, config.webhook);
    } else {
      await bot.api.deleteWebhook();
      pollers.push({
        platform,
        token: platformConfig.token,
        start: () => {
          platformStatus.runner = run(bot, {
            sink: { concurrency: UPDATES_AT_ONCE },
            runner: { fetch: { allowed_updates: ALLOWED_UPDATES } },
          });
        },
      });
    }
    options.bots.set(platform, bot);
    status.set(platform, platformStatus);
    logger.info({ platform, username: bot.botInfo.username, mode: config.mode }, 'bot started');
  }

  const leases: PollingLease[] = [];
  return {
    status,
    webhookHandlers,
    async startPolling(locks) {
      // A second poller for the same token would make both fail on the platform: refuse to be it.
      for (const poller of pollers) {
        leases.push(
          await acquirePollingLease(locks, poller, {
            logger,
            onLost: () => {
              const runner = status.get(poller.platform)?.runner;
              if (runner) void stopRunner(runner);
            },
          }),
        );
        poller.start();
      }
    },
    async stop() {
      await Promise.all([...status.values()].map((s) => (s.runner ? stopRunner(s.runner) : undefined)));
      await Promise.all(leases.map((lease) => lease.release()));
    },
  };
}

async function takeWebhook(
  bot: Bot<BotContext>,
  platform: Platform,
  webhook: NonNullable<Config['webhook']>,
): Promise<WebhookHandler> {
  const { secret, baseUrl } = webhook;
  await bot.api.setWebhook(`${baseUrl}${webhookPath(secret, platform)}`, {
    secret_token: platform === 'telegram' ? secret : undefined,
    allowed_updates: ALLOWED_UPDATES,
  });
  const callback = webhookCallback(bot, parsedWebhookAdapter, {
    onTimeout: 'return',
    timeoutMilliseconds: 9_000,
    secretToken: platform === 'telegram' ? secret : undefined,
  });
  return async (request) => {
    await callback(request);
  };
}
