import { randomUUID } from 'node:crypto';
import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import { Composer } from 'grammy';
import type { Update } from 'grammy/types';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BotContext } from '../../../src/bot/context.ts';
import { createBot } from '../../../src/bot/create-bot.ts';
import type { BotDependencies } from '../../../src/bot/dependencies.ts';
import type { Feature } from '../../../src/bot/feature.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { type ChatOrder, createChatOrder } from '../../../src/persistence/chat-order.ts';
import { createDocumentLock } from '../../../src/persistence/document-lock.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUpdateReceiverRepository } from '../../../src/persistence/repositories/update-receiver.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
/** Heartbeats of their own for the epoch test, apart from the instances of the test above. */
const epochDatabase = await createTestDatabase();
const TOKEN = '710003:chat-order-token';
const CHAT = 777;
const ROUNDS = 100;
const logger = pino({ level: 'silent' });

/** Counts the chat's "tap" messages in its session: a lost session write shows as a missing tap. */
function tapFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.hears('tap', (ctx) => {
    const session = ctx.session as { taps?: number };
    session.taps = (session.taps ?? 0) + 1;
  });
  return { name: 'tap', composer };
}

function tap(updateId: number): Update {
  const user = { id: CHAT, is_bot: false, first_name: 'Tapper' };
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { ...user, type: 'private' },
      from: user,
      text: 'tap',
    },
  } as Update;
}

describe('one chat, one update at a time across instances', () => {
  let sandbox: Sandbox;
  const orders: ChatOrder[] = [];

  /** A bot instance of its own (own caches, own heartbeat) on the shared database. */
  const instance = async () => {
    const order = createChatOrder({
      receivers: createUpdateReceiverRepository(database.models),
      lock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
      owner: randomUUID(),
      logger,
    });
    await order.start();
    orders.push(order);
    const deps: BotDependencies = {
      logger,
      i18n: await createI18n({ defaultLocale: 'fa' }),
      defaultLocale: 'fa',
      // An admin, whom flood control never limits: the test taps far faster than a person.
      adminIds: [`telegram:${CHAT}`],
      // Caching as the app does: an instance alone caches, which must stop once the other one is there.
      users: createUserRepository(database.models, { exclusiveEpoch: order.exclusiveEpoch }),
      sessions: createSessionStorage(database.models, { exclusiveEpoch: order.exclusiveEpoch }),
      processedUpdates: createProcessedUpdateRepository(database.models),
      messageLog: createMessageLogRepository(database.models),
      now: () => new Date(),
      orderChat: order.run,
    };
    const { bot } = createBot({ platform: 'telegram', token: TOKEN, apiRoot: sandbox.apiRoot }, deps, [tapFeature()]);
    await bot.init();
    return bot;
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
  });
  afterAll(async () => {
    await Promise.all(orders.map((order) => order.stop()));
    await sandbox.close();
  });

  it('when two instances get two updates of one chat at the same moment, a hundred times, then no session write is lost', async () => {
    const [first, second] = [await instance(), await instance()];

    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all([first.handleUpdate(tap(2 * round + 1)), second.handleUpdate(tap(2 * round + 2))]);
    }

    const session = await database.models.sessions.findById(`telegram:${CHAT}`).lean();
    expect((session?.value as { taps?: number } | undefined)?.taps).toBe(2 * ROUNDS);
  }, 120_000);
});

describe('the exclusive epoch (what an instance alone may cache)', () => {
  const order = () =>
    createChatOrder({
      receivers: createUpdateReceiverRepository(epochDatabase.models),
      lock: createDocumentLock(epochDatabase.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
      owner: randomUUID(),
      logger,
      intervalMs: 100,
    });
  /** Polls until `check` passes; heartbeats come every 100 ms, but a busy machine may hold them back. */
  const eventually = (check: () => void) => vi.waitFor(check, { timeout: 30_000, interval: 50 });

  it("when a second instance comes and goes, then the first one's epoch ends while both run and a new one begins", async () => {
    const first = order();
    expect(first.exclusiveEpoch()).toBeUndefined();
    await first.start();
    const alone = first.exclusiveEpoch();
    expect(alone).toBeTypeOf('number');

    const second = order();
    await second.start();
    try {
      await eventually(() => expect(first.exclusiveEpoch()).toBeUndefined());
      expect(second.exclusiveEpoch()).toBeUndefined();
    } finally {
      await second.stop();
    }
    await eventually(() => expect(first.exclusiveEpoch()).toBeTypeOf('number'));
    expect(first.exclusiveEpoch()).not.toBe(alone);
    await first.stop();
  }, 60_000);

  it('when records were written past the repositories that keep them, then a new epoch begins', async () => {
    const alone = order();
    await alone.start();
    const before = alone.exclusiveEpoch();
    expect(before).toBeTypeOf('number');
    alone.forgetKept();
    expect(alone.exclusiveEpoch()).toBeTypeOf('number');
    expect(alone.exclusiveEpoch()).not.toBe(before);
    await alone.stop();
  });
});
