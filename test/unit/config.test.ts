import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { childEnvironment } from '../support/main-process.ts';

const TOKEN = '123456:ABCdef_ghi-jkl';

function errorsOf(env: Record<string, string>): string[] {
  const result = parseConfig(env);
  return result.ok ? [] : result.errors;
}

describe('configuration', () => {
  it('when nothing is set, then it runs sandbox mode with the documented defaults', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      sandbox: true,
      platforms: [],
      dataDir: './data',
      mode: 'polling',
      port: 8080,
      defaultLocale: 'fa',
      logLevel: 'info',
      messageLogDays: 180,
      mongodbUri: undefined,
    });
  });

  it('when both tokens are set, then both platforms start with their API roots', () => {
    const result = parseConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      BALE_BOT_TOKEN: '99:xyz',
      BALE_API_ROOT: 'http://127.0.0.1:9',
    });
    expect(result.ok && result.config.platforms.map((p) => [p.platform, p.apiRoot])).toEqual([
      ['telegram', 'https://api.telegram.org'],
      ['bale', 'http://127.0.0.1:9'],
    ]);
  });

  it('when escalation minutes are given for some urgencies, then those change and the others keep their defaults', () => {
    const result = parseConfig({
      ESCALATE_AFTER_MINUTES: 'immediate:10, scheduled:600',
      WAVE_LAG_MINUTES: 'urgent:15',
    });
    expect(result.ok && result.config.waveTimings).toEqual({
      lagMs: { immediate: 5 * 60_000, urgent: 15 * 60_000, scheduled: 360 * 60_000 },
      escalateAfterMs: { immediate: 10 * 60_000, urgent: 120 * 60_000, scheduled: 600 * 60_000 },
    });
  });

  it('when ADMIN_IDS lists platform:id pairs, then they are kept in order', () => {
    const result = parseConfig({ ADMIN_IDS: ' bale:123 , telegram:456 ' });
    expect(result.ok && result.config.adminIds).toEqual(['bale:123', 'telegram:456']);
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN:'],
    [{ BALE_BOT_TOKEN: 'abc' }, 'BALE_BOT_TOKEN:'],
    [{ TELEGRAM_API_ROOT: 'ftp://example.org' }, 'TELEGRAM_API_ROOT:'],
    [{ BALE_API_ROOT: 'https://tapi.bale.ai/' }, 'BALE_API_ROOT: must not end with "/"'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI:'],
    [{ ADMIN_IDS: 'bale:12,whatsapp:5' }, 'ADMIN_IDS:'],
    [{ BOT_MODE: 'push' }, 'BOT_MODE: must be polling or webhook'],
    [{ BOT_MODE: 'webhook', WEBHOOK_SECRET: 'a'.repeat(20) }, 'WEBHOOK_BASE_URL: is required when BOT_MODE=webhook'],
    [{ BOT_MODE: 'webhook', WEBHOOK_BASE_URL: 'https://x.org' }, 'WEBHOOK_SECRET: is required when BOT_MODE=webhook'],
    [{ WEBHOOK_SECRET: 'short' }, 'WEBHOOK_SECRET:'],
    [{ PORT: '70000' }, 'PORT:'],
    [{ PORT: 'eighty' }, 'PORT:'],
    [{ DEFAULT_LOCALE: 'de' }, 'DEFAULT_LOCALE: must be fa or en'],
    [{ ESCALATE_AFTER_MINUTES: 'soon:5' }, 'ESCALATE_AFTER_MINUTES: each entry must be urgency:minutes'],
    [{ WAVE_LAG_MINUTES: 'immediate:0' }, 'WAVE_LAG_MINUTES: each entry must be urgency:minutes'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL:'],
    [{ MESSAGE_LOG_DAYS: '0' }, 'MESSAGE_LOG_DAYS:'],
  ])('when %o is given, then one line names the variable', (env, expected) => {
    const errors = errorsOf(env as Record<string, string>);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('when several values are bad, then there is one line per problem', () => {
    expect(errorsOf({ PORT: 'x', DEFAULT_LOCALE: 'de', BOT_MODE: 'push' })).toHaveLength(3);
  });

  it('when the bot is started with a bad value, then it prints short lines without a stack and exits with 1', () => {
    const run = spawnSync(process.execPath, ['src/main.ts'], {
      env: childEnvironment({ PORT: 'x', BALE_BOT_TOKEN: 'bad' }),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([expect.stringContaining('BALE_BOT_TOKEN'), expect.stringContaining('PORT')]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('when the production entry is started without a token, then it says which variable to set and exits with 1', () => {
    const run = spawnSync(process.execPath, ['src/main.ts'], {
      env: childEnvironment(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toContain('BALE_BOT_TOKEN');
  });
});
