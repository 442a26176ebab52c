import { type Sandbox, type SandboxOptions, startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { inject } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { type Config, parseConfig } from '../../src/config.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Platform } from '../../src/domain/platform.ts';
import { fromTehranWallTime, tehranParts } from '../../src/domain/text/tehran-clock.ts';
import { connectDatabase, type Database } from '../../src/persistence/connection.ts';
import { freshDatabaseName, withDatabaseName } from './database.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export const TEST_TOKENS: Record<Platform, string> = {
  telegram: '700001:telegram-test-token',
  bale: '700002:bale-test-token',
};

/** The Tehran hour an unset test clock starts from: midday, far from the nightly quiet hours (22:00–07:00). */
const TEST_CLOCK_HOUR = 12;

/**
 * A clock the tests can set. Unset, it runs at real speed but from midday in Tehran on the real day, so no test
 * depends on the hour it happens to run at (announcements and notices wait out the night).
 */
export class TestClock {
  private fixed: Date | undefined;
  private readonly offsetMs = offsetToTehranMidday(new Date());
  now = (): Date => (this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs));
  set(date: Date): void {
    this.fixed = new Date(date);
  }
  advance(ms: number): void {
    this.fixed = new Date(this.now().getTime() + ms);
  }
  /** Runs on again at real speed from midday, as it did before the first `set`. */
  resume(): void {
    this.fixed = undefined;
  }
}

function offsetToTehranMidday(real: Date): number {
  const { gy, gm, gd } = tehranParts(real);
  return fromTehranWallTime(gy, gm, gd, TEST_CLOCK_HOUR).getTime() - real.getTime();
}

export interface HarnessOptions {
  platforms?: Platform[];
  adminIds?: string[];
  defaultLocale?: Locale;
  sandbox?: SandboxOptions;
  config?: Partial<Config>;
}

export interface BotHarness {
  sandbox: Sandbox;
  app: App;
  /** A direct connection to the app's database, for assertions. */
  database: Database;
  databaseUri: string;
  clock: TestClock;
  config: Config;
  user: (
    options: Omit<Parameters<Sandbox['user']>[0], 'token'> & { platform?: Platform },
  ) => ReturnType<Sandbox['user']>;
  /** Stops the whole app and starts it again on the same database, as a crash and restart would. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The configuration an empty environment gives (every default), for a harness to override. */
export function defaultConfig(): Config {
  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
}

/** Starts the sandbox and the whole app (real database, real HTTP between bot and sandbox). */
export async function startTestBot(options: HarnessOptions = {}): Promise<BotHarness> {
  const platforms = options.platforms ?? ['telegram', 'bale'];
  // Short bursts per chat are allowed, as on Telegram; tests that check limits set their own. The bot paces its sends
  // per chat to the same limit.
  const limits = { perChatPerSecond: 1, perChatBurst: 10, ...options.sandbox?.limits };
  const sandbox = await startSandbox({ ...options.sandbox, limits });
  for (const platform of platforms) sandbox.addBot({ token: TEST_TOKENS[platform], profile: platform });
  const databaseUri = withDatabaseName(inject('mongoUri'), freshDatabaseName());
  const config: Config = {
    ...defaultConfig(),
    platforms: platforms.map((platform) => ({
      platform,
      token: TEST_TOKENS[platform],
      apiRoot: sandbox.apiRoot,
      messagesPerSecond: 1000,
    })),
    sandbox: false,
    sandboxPort: 0,
    mongodbUri: databaseUri,
    adminIds: options.adminIds ?? [],
    port: 0,
    defaultLocale: options.defaultLocale ?? 'fa',
    logLevel: 'silent',
    perChatMessagesPerSecond: limits.perChatPerSecond,
    perChatBurst: limits.perChatBurst,
    ...options.config,
  };
  const clock = new TestClock();
  const database = await connectDatabase(databaseUri, { logger });
  const boot = () => startApp({ config, logger, scheduler: false, now: clock.now });
  let app = await boot();

  const harness: BotHarness = {
    sandbox,
    get app() {
      return app;
    },
    database,
    databaseUri,
    clock,
    config,
    user: ({ platform = platforms[0] as Platform, ...rest }) => sandbox.user({ token: TEST_TOKENS[platform], ...rest }),
    async restart() {
      await app.stop();
      app = await boot();
    },
    async stop() {
      await app.stop();
      await database.connection.dropDatabase();
      await database.close();
      await sandbox.close();
    },
  };
  return harness;
}
