import { Api } from 'grammy';
import type { PlatformConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { MessageLogRepository } from '../../persistence/repositories/message-log.repository.ts';
import { logOutgoingMessages } from '../api/message-log.transformer.ts';
import { type HealthRecorder, recordPlatformHealth } from '../api/platform-health.transformer.ts';
import { resilientCalls } from '../api/resilient-calls.transformer.ts';
import { createBufferedMessageLog } from './buffered-message-log.ts';
import type { SenderPlatform } from './outbox-sender.ts';

export interface SenderApiDependencies {
  messageLog: MessageLogRepository;
  logger: Logger;
  /** The app's clock, for the message log (default: real time). */
  now?: () => Date;
  /** Per call; keep it below the sender's `sendTimeoutMs` (default 25 s). */
  timeoutSeconds?: number;
  /** Told how each call went, so a failing platform is seen by every instance (platform health). */
  health?: HealthRecorder;
}

/**
 * The API the outbox sender uses on one platform: plain text on Bale, every message logged (in batches), and no
 * auto-retry, because the sender must see each 429 itself to keep its pace and pause the platform.
 */
export function createSenderApi(platformConfig: PlatformConfig, deps: SenderApiDependencies): SenderPlatform {
  const { platform } = platformConfig;
  const logger = deps.logger.child({ platform, component: 'sender-api' });
  const messageLog = createBufferedMessageLog(deps.messageLog, logger);
  const api = new Api(platformConfig.token, {
    apiRoot: platformConfig.apiRoot,
    timeoutSeconds: deps.timeoutSeconds ?? 25,
  });
  // Installed innermost first, as in createBot: the message log sees the final result.
  if (deps.health) api.config.use(recordPlatformHealth(platform, deps.health));
  api.config.use(resilientCalls(platform, logger));
  api.config.use(logOutgoingMessages(platform, messageLog, logger, deps.now ?? (() => new Date())));
  return { api, messagesPerSecond: platformConfig.messagesPerSecond, flush: () => messageLog.flush() };
}
