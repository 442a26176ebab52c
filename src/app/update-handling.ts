import { randomUUID } from 'node:crypto';
import type { BotDependencies } from '../bot/dependencies.ts';
import type { Config } from '../config.ts';
import type { I18n } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { createChatOrder } from '../persistence/chat-order.ts';
import type { Database } from '../persistence/connection.ts';
import { createDocumentLock } from '../persistence/document-lock.ts';
import { createUpdateReceiverRepository } from '../persistence/repositories/update-receiver.repository.ts';
import { markReachable } from '../services/volunteers/reachability.ts';
import type { Repositories } from './repositories.ts';

interface UpdateHandlingInputs {
  config: Config;
  logger: Logger;
  now: () => Date;
  database: Database;
  repositories: Repositories;
  i18n: I18n;
  receivesUpdates: boolean;
}

/**
 * What every update goes through before a feature sees it (sessions, de-duplication, the message log, one update at a
 * time per chat across instances). Resolves once this instance may take updates.
 */
export async function prepareUpdateHandling(inputs: UpdateHandlingInputs) {
  const { config, logger, now, database, repositories } = inputs;
  const chatOrder = createChatOrder({
    receivers: createUpdateReceiverRepository(database.models),
    // Held for a whole update; a holder that died is passed over after holdMs.
    lock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
    owner: randomUUID(),
    logger,
  });
  // Before the first update: an instance that joins others waits until they know of it.
  if (inputs.receivesUpdates) await chatOrder.start();
  const deps: BotDependencies = {
    logger,
    i18n: inputs.i18n,
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
  return { deps, chatOrder };
}
