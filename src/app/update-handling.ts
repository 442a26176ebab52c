import { randomUUID } from 'node:crypto';
import type { BotDependencies } from '../bot/dependencies.ts';
import type { Config } from '../config.ts';
import type { I18n } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { type ChatOrder, createChatOrder } from '../persistence/chat-order.ts';
import type { Database } from '../persistence/connection.ts';
import { createDocumentLock } from '../persistence/document-lock.ts';
import { createUpdateReceiverRepository } from '../persistence/repositories/update-receiver.repository.ts';
import type { HandlerTimings } from '../server/handler-timings.ts';
import { markReachable } from '../services/volunteers/reachability.ts';
import type { Repositories } from './repositories.ts';

/**
 * One update at a time per chat across instances, and whether this instance is alone on the database (its
 * repositories cache sessions and users only then): created before the repositories, which read that.
 */
export function createUpdateOrder(database: Database, logger: Logger): ChatOrder {
  return createChatOrder({
    receivers: createUpdateReceiverRepository(database.models),
    // Held for a whole update; a holder that died is passed over after holdMs.
    lock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
    owner: randomUUID(),
    logger,
  });
}

interface UpdateHandlingInputs {
  config: Config;
  logger: Logger;
  now: () => Date;
  database: Database;
  repositories: Repositories;
  i18n: I18n;
  chatOrder: ChatOrder;
  handlerTimes: HandlerTimings;
}

/**
 * What every update goes through before a feature sees it: sessions, de-duplication, the message log, the chat's
 * turn. Resolves once this instance may take updates.
 */
export async function prepareUpdateHandling(inputs: UpdateHandlingInputs): Promise<BotDependencies> {
  const { config, database, repositories, chatOrder } = inputs;
  // Before the first update: an instance that joins others waits until they know of it. One that takes no updates
  // beats too, since it writes users, which an instance alone on the database caches.
  await chatOrder.start();
  return {
    logger: inputs.logger,
    i18n: inputs.i18n,
    defaultLocale: config.defaultLocale,
    adminIds: config.adminIds,
    users: repositories.users,
    sessions: repositories.sessions,
    processedUpdates: repositories.processedUpdates,
    messageLog: repositories.messageLog,
    userReturned: (userKey) => markReachable(repositories, userKey),
    now: inputs.now,
    measureUpdate: (type, task) => inputs.handlerTimes.time(() => database.writes.measure(type, task)),
    orderChat: chatOrder.run,
  };
}
