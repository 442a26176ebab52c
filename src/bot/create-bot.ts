import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import { logOutgoingMessages } from '../messaging/api/message-log.transformer.ts';
import { retryBareRateLimits } from '../messaging/api/rate-limit-retry.transformer.ts';
import { resilientCalls } from '../messaging/api/resilient-calls.transformer.ts';
import type { BotContext } from './context.ts';
import type { BotDependencies, BotOptions } from './dependencies.ts';
import type { Feature } from './feature.ts';
import { createCancelFeature } from './features/cancel.feature.ts';
import { createHelpFeature } from './features/help.feature.ts';
import { createLanguageFeature } from './features/language.feature.ts';
import { createStartFeature, type StartPayloadHandler } from './features/start.feature.ts';
import { createUnhandledFeature } from './features/unhandled.feature.ts';
import { createFlowEngine } from './flows/flow-engine.ts';
import { handleError } from './handlers/error.ts';
import { buildMainMenu } from './keyboards/main-menu.ts';
import { attachUser } from './middlewares/attach-user.ts';
import { carryChatPace } from './middlewares/carry-chat-pace.ts';
import { chatSession } from './middlewares/chat-session.ts';
import { createFloodControl } from './middlewares/flood-control.ts';
import { answerGroupStart, ignoreGroupChatter } from './middlewares/group-chats.ts';
import { logIncoming } from './middlewares/log-incoming.ts';
import { measureUpdate } from './middlewares/measure-update.ts';

export interface CreatedBot {
  bot: Bot<BotContext>;
  /** Every feature, in order, for the command list. */
  features: readonly Feature[];
}

/**
 * Builds the bot for one platform. Telegram and Bale run the same code; a platform differs only by its API root and
 * by what its server lacks, which the API transformers absorb.
 */
export function createBot(
  options: BotOptions,
  deps: BotDependencies,
  domainFeatures: readonly Feature[] = [],
  startPayloadHandlers: StartPayloadHandler[] = [],
): CreatedBot {
  const { platform } = options;
  const logger = deps.logger.child({ platform });
  const bot = new Bot<BotContext>(options.token, {
    client: { apiRoot: options.apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });

  // Installed innermost first: retries sit next to the network, the message log sees the final result.
  bot.api.config.use(...(options.networkTransformers ?? []));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60 }));
  bot.api.config.use(retryBareRateLimits());
  bot.api.config.use(resilientCalls(platform, logger));
  bot.api.config.use(logOutgoingMessages(platform, deps.messageLog, logger, deps.now));

  const anywhere = [
    createStartFeature(
      startPayloadHandlers,
      domainFeatures.flatMap((feature) => feature.afterWelcome ?? []),
    ),
    createHelpFeature(),
    createLanguageFeature(),
    createCancelFeature(),
  ];
  const features = [...anywhere, ...domainFeatures, createUnhandledFeature()];
  // The main menu leads with what Nazr is for; help and language come last.
  const menu = [...domainFeatures, ...anywhere].flatMap((feature) => feature.menu ?? []);
  const flows = createFlowEngine(features.flatMap((feature) => feature.flows ?? []));

  // One update at a time per chat, so a chat's session is never written by two updates at once.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.use(async (ctx, next) => {
    options.onUpdate?.();
    ctx.platform = platform;
    ctx.deps = deps;
    ctx.logger = logger.child({ update_id: ctx.update.update_id });
    ctx.locale = deps.defaultLocale;
    const fallbackT = deps.i18n.fixedT(deps.defaultLocale);
    ctx.t = (key, vars) => fallbackT(key, vars);
    ctx.mainMenu = () => buildMainMenu(ctx, menu);
    await next();
  });
  bot.use(measureUpdate);

  const guarded = bot.errorBoundary(handleError);
  guarded.use(ignoreGroupChatter, chatSession());
  if (options.chatPace) guarded.use(carryChatPace(options.chatPace));
  guarded.use(answerGroupStart, logIncoming, attachUser, createFloodControl());
  guarded.use(flows.controls);
  for (const feature of anywhere) guarded.use(feature.composer);
  guarded.use(flows.router);
  for (const feature of [...domainFeatures, features.at(-1) as Feature]) guarded.use(feature.composer);

  bot.catch((error) => {
    logger.error({ err: error.error, update_id: error.ctx.update.update_id }, 'update failed outside the handlers');
  });

  return { bot, features };
}
