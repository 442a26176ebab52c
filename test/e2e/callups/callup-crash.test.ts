import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { reachOf } from '../../../src/domain/volunteers/pledge.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { connectDatabase, type Database } from '../../../src/persistence/connection.ts';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { freshDatabaseName, withDatabaseName } from '../../support/database.ts';
import { freePort, type MainProcess, startMain, waitForOutput } from '../../support/main-process.ts';
import { aVolunteer } from '../../support/volunteer-fixtures.ts';
import { insertVolunteers } from '../../support/volunteer-seed.ts';
import { SETTLED } from '../../support/waits.ts';

const TOKEN = '730002:callup-crash-token';
const COORDINATOR_ID = 9001;
const VOLUNTEERS = 300;
const MESSAGES_PER_SECOND = 150;
const TITLE = 'زلزله‌ی کلاله';
const logger = pino({ level: 'silent' });

/** A hundred GPs needed: the first wave (three per seat) asks every one of the 300. */
const spec: CallUpSpec = {
  type: 'earthquake',
  urgency: 'immediate',
  title: TITLE,
  description: 'آوار در چند روستا؛ نیاز فوری به پزشک.',
  province: 'golestan',
  city: 'کلاله',
  needs: [{ specialty: 'gp', count: 100 }],
  start: 'now',
  durationHours: 12,
  meetingPoint: 'درمانگاه کلاله',
  contact: 'دکتر نوری ۰۹۱۱۰۰۰۰۰۰۰',
};

/**
 * The coordinator's confirm and the first wave against a real bot process killed with SIGKILL right after «ارسال»:
 * no second call-up, no second card, and the wave resumed within seconds of the restart.
 */
describe('a call-up confirmed just before a crash (a real process)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function seed(database: Database, sandbox: Sandbox): Promise<number[]> {
    const chats = Array.from({ length: VOLUNTEERS }, (_, i) => 20_000 + i);
    await insertVolunteers(
      database,
      chats.map((chatId, i) =>
        aVolunteer({
          key: `telegram:${chatId}`,
          chatId: String(chatId),
          name: `داوطلب ${i}`,
          province: 'golestan',
          ...reachOf('golestan', 'own'),
          days: [0, 1, 2, 3, 4, 5, 6],
          windows: ['morning', 'afternoon', 'evening', 'night'],
          registeredAt: new Date(),
        }),
      ),
    );
    chats.forEach((chatId, i) => {
      sandbox.user({ token: TOKEN, userId: chatId, firstName: `داوطلب ${i}`, started: true });
    });
    return chats;
  }

  /** Cards of the call-up each volunteer's chat has had, from the sandbox's record, with when they arrived. */
  const cardTimes = (sandbox: Sandbox, chats: readonly number[]) => {
    const deliveries = sandbox.stats(TOKEN).deliveries;
    return chats.map((chat) => (deliveries.get(chat) ?? []).filter((d) => d.text?.includes(TITLE)).map((d) => d.at));
  };

  const waitUntil = async (done: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /**
   * Confirms a call-up to 300 volunteers and SIGKILLs the bot at `killAt`: when the call-up's status message appears
   * (posted before any card is queued), or when the first card arrives (the rest of the wave still being queued).
   * `leaseLeftMs`: the killed bot's lease on the first wave is stretched to run this long after the kill.
   */
  async function confirmKillRestart(killAt: 'status message' | 'first card', leaseLeftMs?: number) {
    // Pacing is not what this is about: at Telegram's 30 a second the 300 cards took 10 s of each test, and a limit
    // per chat made the coordinator's flow wait out a 429 at each of its steps.
    const sandbox = await startSandbox({
      limits: { globalPerSecond: MESSAGES_PER_SECOND, perChatPerSecond: 1000, perChatBurst: 1000 },
    });
    cleanups.push(() => sandbox.close());
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const uri = withDatabaseName(inject('mongoUri'), freshDatabaseName());
    const database = await connectDatabase(uri, { logger });
    cleanups.push(async () => {
      await database.connection.dropDatabase();
      await database.close();
    });
    const chats = await seed(database, sandbox);
    const fa = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      MONGODB_URI: uri,
      ADMIN_IDS: `telegram:${COORDINATOR_ID}`,
      LOG_LEVEL: 'info',
      TELEGRAM_MESSAGES_PER_SECOND: String(MESSAGES_PER_SECOND),
      // The sandbox has no per-chat limit here, so neither does the bot's pacing.
      PER_CHAT_MESSAGES_PER_SECOND: '1000',
    };
    const start = async (): Promise<MainProcess & { at: number }> => {
      const at = Date.now();
      const bot = startMain({ ...env, PORT: String(await freePort()) });
      cleanups.push(async () => {
        bot.child.kill('SIGKILL');
        await bot.exited;
      });
      return { ...bot, at };
    };

    const first = await start();
    await waitForOutput(first, 'Nazr is running');
    const coordinator = sandbox.user({ token: TOKEN, userId: COORDINATOR_ID, firstName: 'Hamid', started: true });
    const { preview } = await createCallUpInChat(coordinator, fa, spec, { send: false, timeoutMs: 15_000 });
    const sessions = createSessionStorage<{ flow?: { step: string } | null }>(database.models);
    await waitUntil(
      async () => (await sessions.read(`telegram:${COORDINATOR_ID}`))?.flow?.step === 'preview',
      10_000,
      'the preview to be saved',
    );

    coordinator.press(fa('callup:create.send'), preview.message_id);
    const board = await coordinator.waitFor((m) => m.text?.includes(TITLE) === true && m.text.includes('📋'), 15_000);
    if (killAt === 'first card') {
      await waitUntil(() => cardTimes(sandbox, chats).some((times) => times.length > 0), 15_000, 'the first card');
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeKill = cardTimes(sandbox, chats);
    // Until the whole wave is queued the board says so, never «ارسال: ۰ از ۰».
    expect(board.text).toContain(fa('callup:board.preparing', { sent: 0 }));
    expect(board.text).not.toMatch(/ارسال: .*۰ از ۰/);
    const callUps = createCallUpRepository(database.models);
    const stored = await callUps.listRecent(new Date(0), null);
    expect(stored).toHaveLength(1);
    if (killAt === 'status message') expect(stored[0]).toMatchObject({ status: 'open', firstWave: 'queuing' });
    if (leaseLeftMs !== undefined) {
      await callUps.update(stored[0]!.id, () => ({ queuingUntil: new Date(Date.now() + leaseLeftMs) }));
    }
    // The handler never finished, so the coordinator's session is still at the preview with its working «ارسال».
    expect((await sessions.read(`telegram:${COORDINATOR_ID}`))?.flow?.step).toBe('preview');

    const second = await start();
    await waitForOutput(second, 'Nazr is running');
    const runningAt = Date.now();
    const delivered = () =>
      cardTimes(sandbox, chats)
        .flat()
        .filter((at) => at > second.at);
    await waitUntil(() => delivered().length > 0, 15_000, 'a card after the restart');
    const firstCardAfterRestart = Math.min(...delivered());
    console.info(
      `first card ${firstCardAfterRestart - second.at} ms after the restart began, ` +
        `${firstCardAfterRestart - runningAt} ms after it was running; ${beforeKill.flat().length} cards before the kill`,
    );
    // From the moment the new process is up: how long Node takes to start on a loaded machine is not the bot's.
    expect(firstCardAfterRestart - runningAt).toBeLessThanOrEqual(5_000);

    coordinator.sendCommand('/callup');
    const status = await coordinator.waitFor((m) => m.text?.includes(fa('callup:create.already_sent')) === true);
    expect(status.text).toContain(TITLE);
    coordinator.press(fa('callup:create.send'), preview.message_id);
    await coordinator.waitFor(
      (m) => m.message_id === preview.message_id && m.text?.includes(fa('callup:create.already_sent')) === true,
    );

    // Every volunteer gets the card: once, except a send in flight at the kill, which the outbox may repeat.
    await waitUntil(() => cardTimes(sandbox, chats).every((times) => times.length > 0), 90_000, 'every card');
    const after = cardTimes(sandbox, chats);
    after.forEach((times, i) => {
      expect(times.length, `chat ${chats[i]}`).toBeLessThanOrEqual(beforeKill[i]!.length > 0 ? 2 : 1);
    });
    expect(await callUps.listRecent(new Date(0), null)).toHaveLength(1);
    // Marked once the last of the wave is queued, which may be a moment after the last card has arrived.
    await vi.waitFor(
      async () => expect((await callUps.listRecent(new Date(0), null))[0]).toMatchObject({ firstWave: 'queued' }),
      SETTLED,
    );
    return { beforeKill: beforeKill.flat().length };
  }

  it('when the bot is killed right after «ارسال», then after the restart the wave resumes within seconds, /callup and «ارسال» show the call-up, and nobody gets a second card', async () => {
    expect(await confirmKillRestart('status message')).toEqual({ beforeKill: 0 });
  }, 240_000);

  it('when the bot is killed while its lease on the first wave still runs for minutes, then the restart takes the wave over at once, as the process holding the lease is gone', async () => {
    expect(await confirmKillRestart('status message', 10 * 60_000)).toEqual({ beforeKill: 0 });
  }, 240_000);

  it('when the bot is killed while the first wave is being queued, then after the restart the rest is queued, and nobody gets a second card but for a send in flight at the kill', async () => {
    const { beforeKill } = await confirmKillRestart('first card');
    expect(beforeKill).toBeGreaterThan(0);
  }, 240_000);
});
