import {
  type Sandbox,
  type Delivery as SandboxDelivery,
  type SandboxOptions,
  type SimulatedUser,
  startSandbox,
} from 'bot-api-sandbox';
import pino from 'pino';
import { afterEach, beforeEach } from 'vitest';
import type { Platform } from '../../src/domain/platform.ts';
import {
  createOutboxSender,
  type OutboxSender,
  type OutboxSenderOptions,
  type SenderPlatform,
} from '../../src/messaging/outbox/outbox-sender.ts';
import { createSenderApi } from '../../src/messaging/outbox/sender-api.ts';
import type { Database } from '../../src/persistence/connection.ts';
import {
  createDeliveryRepository,
  type DeliveryRepository,
  type NewDelivery,
} from '../../src/persistence/repositories/delivery.repository.ts';
import { createDeliverySenderRepository } from '../../src/persistence/repositories/delivery-sender.repository.ts';
import { createMessageLogRepository } from '../../src/persistence/repositories/message-log.repository.ts';
import { createTestDatabase } from './database.ts';

export const TOKENS: Record<Platform, string> = {
  telegram: '730001:outbox-telegram-test',
  bale: '730002:outbox-bale-test',
};

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A sandbox with one Telegram and one Bale bot. */
export async function startOutboxSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  sandbox.addBot({ token: TOKENS.telegram, profile: 'telegram' });
  sandbox.addBot({ token: TOKENS.bale, profile: 'bale' });
  return sandbox;
}

/** Users who have written to the bot, so it may write to them; ids from `firstId` on. */
export function startedUsers(sandbox: Sandbox, platform: Platform, count: number, firstId: number): SimulatedUser[] {
  return Array.from({ length: count }, (_, i) => {
    const user = sandbox.user({ token: TOKENS[platform], userId: firstId + i, firstName: `Volunteer ${i}` });
    user.sendCommand('/start');
    return user;
  });
}

/** Empties the outbox collections (dropping is quick on FerretDB; deleting each document is not). */
export async function resetOutbox(database: Database): Promise<void> {
  const { deliveries, deliveryClaims, deliveryResults, deliveryCancellations, deliverySenders, messages } =
    database.models;
  const { deliverySenderTerms } = database.models;
  for (const model of [
    deliveries,
    deliveryClaims,
    deliveryResults,
    deliveryCancellations,
    deliverySenders,
    deliverySenderTerms,
    messages,
  ]) {
    await model.collection.drop().catch(() => undefined);
    await model.createIndexes();
  }
}

export interface CampaignSpec {
  campaignId: string;
  platform?: Platform;
  priority?: number;
  campaignKind?: string;
  group?: string;
}

/** One delivery per user; the text names the campaign and the recipient, so a test can tell messages apart. */
export function deliveriesFor(users: readonly SimulatedUser[], spec: CampaignSpec): NewDelivery[] {
  const platform = spec.platform ?? 'telegram';
  return users.map((user) => ({
    campaignId: spec.campaignId,
    campaignKind: spec.campaignKind ?? 'callup',
    priority: spec.priority ?? 0,
    platform,
    chatId: user.chatId,
    recipientKey: `${platform}:${user.id}`,
    ...(spec.group && { group: spec.group }),
    message: {
      text: `${spec.campaignId} برای ${user.id}`,
      replyMarkup: { inline_keyboard: [[{ text: 'می‌آیم', callback_data: `c:${spec.campaignId}:yes` }]] },
    },
  }));
}

export interface HarnessSender {
  sender: OutboxSender;
  deliveries: DeliveryRepository;
}

/**
 * A sender on the sandbox's bots, with short waits so tests run quickly; any option can be overridden. A given clock
 * (`now`) is the repository's too, as in the app.
 */
export function createTestSender(
  database: Database,
  sandbox: Pick<Sandbox, 'apiRoot'>,
  options: Partial<OutboxSenderOptions> & { messagesPerSecond?: Partial<Record<Platform, number>> } = {},
): HarnessSender {
  const deliveries = createDeliveryRepository(database.models, options.now ? { now: options.now } : {});
  const messageLog = createMessageLogRepository(database.models);
  const platforms = new Map<Platform, SenderPlatform>();
  for (const platform of ['telegram', 'bale'] as const) {
    const platformConfig = {
      platform,
      token: TOKENS[platform],
      apiRoot: sandbox.apiRoot,
      messagesPerSecond: options.messagesPerSecond?.[platform] ?? 30,
    };
    platforms.set(platform, createSenderApi(platformConfig, { messageLog, logger, timeoutSeconds: 5 }));
  }
  const sender = createOutboxSender({
    repositories: { deliveries, senders: createDeliverySenderRepository(database.models) },
    platforms,
    perChatPerSecond: 1,
    logger,
    concurrency: 4,
    pollIntervalMs: 200,
    rescanIntervalMs: 2000,
    progressIntervalMs: 200,
    sendTimeoutMs: 6000,
    backoff: { baseMs: 100, maxMs: 1000 },
    ...options,
  });
  return { sender, deliveries };
}

/** Every message the sandbox accepted from the bot, oldest first, with its chat. */
export function accepted(sandbox: Sandbox, platform: Platform = 'telegram'): (SandboxDelivery & { chatId: number })[] {
  const all = [...sandbox.stats(TOKENS[platform]).deliveries].flatMap(([chatId, list]) =>
    list.map((delivery) => ({ ...delivery, chatId })),
  );
  return all.sort((a, b) => a.at - b.at || a.messageId - b.messageId);
}

/** How many times each text arrived. */
export function countByText(list: readonly { text: string | undefined }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { text } of list) counts.set(text ?? '', (counts.get(text ?? '') ?? 0) + 1);
  return counts;
}

/** Resolves once `condition` holds, polling; fails after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The set-up every outbox test file shares: a database of the file's own with the outbox emptied before each test,
 * and each test's sandbox (both bots) closed after it. At the top level: `const outbox = await useOutboxTestbed();`.
 */
export async function useOutboxTestbed() {
  const database = await createTestDatabase();
  let current: Sandbox | undefined;
  beforeEach(async () => {
    await resetOutbox(database);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    database,
    /** This test's sandbox, closed after the test. */
    async sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
      current = await startOutboxSandbox(options);
      return current;
    },
  };
}
