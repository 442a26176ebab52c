import { randomBytes } from 'node:crypto';
import { inlineButtonLabels, type Sandbox, startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getSpecialty } from '../../../src/domain/reference/specialties.ts';
import { createI18n, type Tr } from '../../../src/i18n/index.ts';
import { connectDatabase, type Database } from '../../../src/persistence/connection.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { freshDatabaseName, withDatabaseName } from '../../support/database.ts';
import { freePort, type MainProcess, startMain, stopMain, waitForOutput } from '../../support/main-process.ts';
import { type RoundRobinProxy, startRoundRobinProxy } from '../../support/round-robin-proxy.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';

const TOKEN = '730099:fleet-token';
const INSTANCES = 3;
const COORDINATOR_ID = 9101;
const VOLUNTEER_IDS = [9201, 9202, 9203];

/**
 * Three real bot processes in webhook mode on one database, behind a round-robin proxy as a load balancer spreads the
 * platform's posts: each update lands on whichever instance is next, and the call-up still works end to end.
 */
describe('several bot instances behind one webhook address (real processes)', () => {
  let sandbox: Sandbox;
  let proxy: RoundRobinProxy;
  let database: Database;
  let fa: Tr;
  const instances: MainProcess[] = [];

  beforeAll(async () => {
    fa = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
    // No per-chat limit: the coordinator's flow would wait out a 429 at most of its steps, which is not the point here.
    sandbox = await startSandbox({ limits: { perChatPerSecond: 1000, perChatBurst: 1000 } });
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const uri = withDatabaseName(inject('mongoUri'), freshDatabaseName());
    database = await connectDatabase(uri, { logger: pino({ level: 'warn' }) });
    for (const userId of VOLUNTEER_IDS) {
      await seedVolunteer(database, () => new Date(), userId, {
        province: 'qom',
        days: [0, 1, 2, 3, 4, 5, 6],
        windows: ['morning', 'afternoon', 'evening', 'night'],
      });
      sandbox.user({ token: TOKEN, userId, firstName: 'داوطلب', started: true });
    }
    const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
    proxy = await startRoundRobinProxy(ports);
    const secret = randomBytes(16).toString('hex');
    for (const port of ports) {
      instances.push(
        startMain({
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: sandbox.apiRoot,
          MONGODB_URI: uri,
          ADMIN_IDS: `telegram:${COORDINATOR_ID}`,
          BOT_MODE: 'webhook',
          WEBHOOK_BASE_URL: proxy.url,
          WEBHOOK_SECRET: secret,
          PORT: String(port),
          // Nor does the bot pace its replies per chat, as the sandbox would not refuse them.
          PER_CHAT_MESSAGES_PER_SECOND: '1000',
          LOG_LEVEL: 'info',
        }),
      );
    }
    await Promise.all(instances.map((instance) => waitForOutput(instance, 'Nazr is running')));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => stopMain(instance)));
    await proxy?.close();
    await database?.connection.dropDatabase();
    await database?.close();
    await sandbox?.close();
  });

  it('when a coordinator sends a call-up and volunteers answer, then every update is handled whichever instance gets it', async () => {
    const coordinator = sandbox.user({ token: TOKEN, userId: COORDINATOR_ID, firstName: 'هماهنگ‌کننده' });
    await createCallUpInChat(
      coordinator,
      fa,
      {
        type: 'flood',
        urgency: 'immediate',
        title: 'آب‌گرفتگی قم',
        description: 'آب‌گرفتگی گسترده در چند محله.',
        province: 'qom',
        city: 'قم',
        needs: [{ specialty: 'gp', count: 2 }],
        start: 'now',
        durationHours: 8,
        meetingPoint: 'ساختمان هلال احمر استان',
        contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
      },
      { timeoutMs: 20_000 },
    );

    const [first, second, third] = VOLUNTEER_IDS.map((userId) =>
      sandbox.user({ token: TOKEN, userId, firstName: 'داوطلب' }),
    );
    const pressOnCard = async (user: NonNullable<typeof first>, label: string) => {
      const card = await user.waitFor((m) => inlineButtonLabels(m).includes(label), 20_000);
      user.press(label, card.message_id);
      return user.waitForAlert(20_000);
    };
    await pressOnCard(first!, fa('callup:card.yes'));
    await pressOnCard(second!, fa('callup:card.yes'));
    await pressOnCard(third!, fa('callup:card.no'));

    await expect
      .poll(
        async () => (await database.models.callUpAnswers.find({}, { answer: 1 }).lean()).map((a) => a.answer).sort(),
        { timeout: 20_000, interval: 200 },
      )
      .toEqual(['no', 'yes', 'yes']);
    // The coordinator's status message catches up with both seats, whichever instance renders it.
    const need = fa('callup:board.need_met', { specialty: getSpecialty('gp')!.fa, confirmed: 2, need: 2 });
    await coordinator.waitFor((m) => m.text?.includes(need) === true, 20_000);
    // Round robin: every instance took some of the updates.
    expect(proxy.served.every((count) => count > 0)).toBe(true);
    expect(instances.every((instance) => instance.child.exitCode === null)).toBe(true);
  }, 120_000);
});
