import { z } from 'zod';
import { DEFAULT_WAVE_TIMINGS } from './domain/callups/waves.ts';
import { LOCALES } from './domain/locale.ts';
import { PLATFORM_PATTERN, type Platform } from './domain/platform.ts';
import { URGENCY_CODES, type UrgencyCode } from './domain/reference/crisis-types.ts';
import { SMS_PROVIDERS } from './messaging/sms/sms-gateway.ts';

const botToken = z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-def (the token the platform gave you)');
const apiRoot = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .refine((url) => !url.endsWith('/'), 'must not end with "/"');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const adminId = z
  .string()
  .trim()
  .regex(new RegExp(`^(${PLATFORM_PATTERN}):\\d+$`), 'each entry must be platform:id, e.g. bale:123 or telegram:456');

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** `immediate:20,urgent:120`: minutes per urgency, each one optional (the rest keep their defaults, in ms). */
const minutesPerUrgency = (defaults: Record<UrgencyCode, number>) =>
  z
    .string()
    .default('')
    .transform((list, ctx) => {
      const result = { ...defaults };
      for (const entry of list
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const match = /^([a-z]+):(\d{1,6})$/.exec(entry);
        const urgency = match?.[1] as UrgencyCode | undefined;
        if (!match || !urgency || !URGENCY_CODES.includes(urgency) || Number(match[2]) === 0) {
          ctx.addIssue({
            code: 'custom',
            message: `each entry must be urgency:minutes with urgency one of ${URGENCY_CODES.join(', ')}`,
          });
          return z.NEVER;
        }
        result[urgency] = Number(match[2]) * 60_000;
      }
      return result;
    });

const configSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z.preprocess(emptyAsUndefined, botToken.optional()),
    TELEGRAM_API_ROOT: apiRoot.default('https://api.telegram.org'),
    BALE_BOT_TOKEN: z.preprocess(emptyAsUndefined, botToken.optional()),
    BALE_API_ROOT: apiRoot.default('https://tapi.bale.ai'),
    MONGODB_URI: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).default('./data'),
    FERRETDB_BIN: z.preprocess(emptyAsUndefined, z.string().optional()),
    NAZR_CACHE_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
    ADMIN_IDS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .pipe(z.array(adminId)),
    BOT_MODE: z.enum(['polling', 'webhook'], { error: 'must be polling or webhook' }).default('polling'),
    WEBHOOK_BASE_URL: z.preprocess(emptyAsUndefined, apiRoot.optional()),
    WEBHOOK_SECRET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[\w-]{16,256}$/, 'must be 16–256 characters of A-Z, a-z, 0-9, _ or -')
        .optional(),
    ),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    /** Where people reach this server (the dashboard's links and Mini App button): https://nazr.example.org */
    DASHBOARD_URL: z.preprocess(emptyAsUndefined, apiRoot.optional()),
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
    DEFAULT_LOCALE: z.enum(LOCALES, { error: 'must be fa or en' }).default('fa'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    MESSAGE_LOG_DAYS: positiveInt(180),
    MISSION_HOURS_PER_DAY: z.coerce.number().int().min(1).max(24).default(8),
    TELEGRAM_MESSAGES_PER_SECOND: positiveInt(30),
    BALE_MESSAGES_PER_SECOND: positiveInt(20),
    PER_CHAT_MESSAGES_PER_SECOND: positiveInt(1),
    PER_CHAT_BURST: positiveInt(3),
    WAVE_LAG_MINUTES: minutesPerUrgency(DEFAULT_WAVE_TIMINGS.lagMs),
    ESCALATE_AFTER_MINUTES: minutesPerUrgency(DEFAULT_WAVE_TIMINGS.escalateAfterMs),
    SMS_PROVIDER: z.preprocess(
      emptyAsUndefined,
      z.enum(SMS_PROVIDERS, { error: `must be one of ${SMS_PROVIDERS.join(', ')}` }).optional(),
    ),
    SMS_API_KEY: z.preprocess(emptyAsUndefined, z.string().trim().min(8).optional()),
    SMS_SENDER: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^\+?\d{4,20}$/, 'must be the line number')
        .optional(),
    ),
    /** The provider's address when not the real one: the sandbox's SMS emulator. */
    SMS_API_ROOT: z.preprocess(emptyAsUndefined, apiRoot.optional()),
    SMS_MAX_PER_CALLUP: z.coerce.number().int().min(0).default(200),
    FAILOVER_AFTER_MINUTES: positiveInt(10),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_MODE !== 'webhook') return;
    if (!env.WEBHOOK_BASE_URL)
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_BASE_URL'], message: 'is required when BOT_MODE=webhook' });
    if (!env.WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when BOT_MODE=webhook' });
  })
  .superRefine((env, ctx) => {
    if (!env.SMS_PROVIDER) return;
    for (const name of ['SMS_API_KEY', 'SMS_SENDER'] as const)
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when SMS_PROVIDER is set' });
  })
  .transform((e) => {
    const platform = (name: Platform, token: string | undefined, apiRoot: string, messagesPerSecond: number) =>
      token ? [{ platform: name, token, apiRoot, messagesPerSecond }] : [];
    const platforms = [
      ...platform('telegram', e.TELEGRAM_BOT_TOKEN, e.TELEGRAM_API_ROOT, e.TELEGRAM_MESSAGES_PER_SECOND),
      ...platform('bale', e.BALE_BOT_TOKEN, e.BALE_API_ROOT, e.BALE_MESSAGES_PER_SECOND),
    ];
    return {
      platforms,
      /** No token configured: run the local Bot API sandbox with simulated users. */
      sandbox: platforms.length === 0,
      sandboxPort: e.SANDBOX_PORT,
      mongodbUri: e.MONGODB_URI,
      dataDir: e.DATA_DIR,
      ferretdbBin: e.FERRETDB_BIN,
      /** Where FerretDB is built and kept; undefined: `~/.cache/nazr`. */
      cacheDir: e.NAZR_CACHE_DIR,
      adminIds: e.ADMIN_IDS,
      mode: e.BOT_MODE,
      webhook:
        e.BOT_MODE === 'webhook' && e.WEBHOOK_BASE_URL && e.WEBHOOK_SECRET
          ? { baseUrl: e.WEBHOOK_BASE_URL, secret: e.WEBHOOK_SECRET }
          : undefined,
      port: e.PORT,
      /** The public address of this server for the dashboard; undefined: this machine on `port`. */
      dashboardUrl: e.DASHBOARD_URL,
      defaultLocale: e.DEFAULT_LOCALE,
      logLevel: e.LOG_LEVEL,
      messageLogDays: e.MESSAGE_LOG_DAYS,
      /** Hours each day of a long mission counts for in the volunteer's hours served. */
      missionHoursPerDay: e.MISSION_HOURS_PER_DAY,
      perChatMessagesPerSecond: e.PER_CHAT_MESSAGES_PER_SECOND,
      /** Messages one chat may get back to back before its per-second rate applies. */
      perChatBurst: e.PER_CHAT_BURST,
      /** When a call-up's next wave goes out, and when an unfilled one escalates, per urgency. */
      waveTimings: { lagMs: e.WAVE_LAG_MINUTES, escalateAfterMs: e.ESCALATE_AFTER_MINUTES },
      /** SMS is off unless a provider is configured; it costs money, so call-ups cap it. */
      sms:
        e.SMS_PROVIDER && e.SMS_API_KEY && e.SMS_SENDER
          ? { provider: e.SMS_PROVIDER, apiKey: e.SMS_API_KEY, sender: e.SMS_SENDER, apiRoot: e.SMS_API_ROOT }
          : undefined,
      smsMaxPerCallUp: e.SMS_MAX_PER_CALLUP,
      /** An immediate call-up's card unanswered this long on one channel gets one copy on the next. */
      failoverAfterMs: e.FAILOVER_AFTER_MINUTES * 60_000,
    };
  });

/** The configuration as the rest of Nazr sees it: the environment after `configSchema` checked and shaped it. */
export type Config = z.output<typeof configSchema>;
export type PlatformConfig = Config['platforms'][number];

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Parses the environment once; every problem becomes one short line. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
      return `${name}: ${value}`;
    });
    return { ok: false, errors };
  }
  return { ok: true, config: parsed.data };
}
