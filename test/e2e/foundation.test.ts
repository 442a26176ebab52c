import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../support/bot-harness.ts';
import { nextReply } from '../support/replies.ts';
import { SETTLED } from '../support/waits.ts';

const WELCOME_FA = 'همکار گرامی';

describe('foundation: commands, language, resilience (bot ↔ sandbox over HTTP, real database)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a new user sends /start, then the Persian welcome and a main menu arrive', async () => {
    const user = h.user({ firstName: 'Sara', userId: 501 });
    user.sendCommand('/start');
    const reply = await user.waitFor((m) => m.text?.includes(WELCOME_FA) === true);
    expect(reply.text?.split('\n')).toHaveLength(3);
    expect(JSON.stringify(reply.reply_markup)).toContain('menu:help');
  });

  it('when /help is sent, then the commands are explained in Persian', async () => {
    const user = h.user({ firstName: 'Ali', userId: 502 });
    user.sendCommand('/help');
    const reply = await user.waitFor((m) => m.text?.includes('/cancel') === true);
    expect(reply.text).toContain('راهنمای نذر تخصص');
  });

  it('when English is chosen with /language, then replies are English and stay so after a restart', async () => {
    const user = h.user({ firstName: 'Reza', userId: 503 });
    user.sendCommand('/language');
    await user.waitFor((m) => JSON.stringify(m.reply_markup ?? {}).includes('lang:en'));
    user.press('English');
    await user.waitFor((m) => m.text === 'From now on, messages are in English.');

    await h.restart();
    user.sendCommand('/help');
    const help = await user.waitFor((m) => m.text?.startsWith('Nazr help') === true);
    expect(help.text).toContain('/cancel');
    expect((await h.database.models.users.findById('telegram:503').lean())?.locale).toBe('en');
  });

  it('when /cancel is sent outside any flow, then the user is told there was nothing to cancel', async () => {
    const user = h.user({ firstName: 'Mina', userId: 504 });
    user.sendCommand('/cancel');
    expect(await nextReply(user)).toBe('کاری در جریان نبود که لغو شود.');
  });

  it('when English is chosen, /cancel and /help answer in English too', async () => {
    const user = h.user({ firstName: 'Tom', userId: 505 });
    user.sendCommand('/language');
    await user.waitFor((m) => JSON.stringify(m.reply_markup ?? {}).includes('lang:en'));
    user.press('English');
    await user.waitFor((m) => m.text === 'From now on, messages are in English.');
    user.sendCommand('/cancel');
    expect(await nextReply(user)).toBe('There was nothing to cancel.');
    user.sendCommand('/start');
    expect(await nextReply(user)).toMatch(/^Hello, dear colleague/);
  });

  it('when the user types something the bot does not expect, then a short hint answers, never silence', async () => {
    const user = h.user({ firstName: 'Nima', userId: 506 });
    user.sendText('سلام، وقت بخیر');
    const hint = await nextReply(user);
    expect(hint).toContain('متوجه نشدیم');
    user.shareLocation(35.7, 51.4);
    expect(await nextReply(user)).toBe(hint);
  });

  it('when forged callback data is pressed, then a polite alert answers and nothing breaks', async () => {
    const user = h.user({ firstName: 'Leila', userId: 507 });
    user.sendCommand('/start');
    const menu = await user.waitFor((m) => m.text?.includes(WELCOME_FA) === true);
    user.pressData('f:zzzz:1', menu.message_id);
    const alert = await user.waitForAlert();
    expect(alert.text).toContain('مرحله‌ی قبلی');
    user.pressData('nonsense', menu.message_id);
    expect((await user.waitForAlert()).text).toContain('معتبر نیست');
  });

  it('when messages come and go, then both directions are in the message log', async () => {
    const user = h.user({ firstName: 'Omid', userId: 508 });
    user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true);
    // The outgoing entry is written right after the platform answers, so it may trail the message by a moment.
    const entries = await vi.waitFor(async () => {
      const found = await h.database.models.messages.find({ chatId: '508' }).lean();
      expect(found.map((e) => e.direction).sort()).toEqual(['in', 'out']);
      return found;
    }, SETTLED);
    expect(entries.find((e) => e.direction === 'in')).toMatchObject({
      platform: 'telegram',
      kind: 'command',
      text: '/help',
    });
    expect(entries.find((e) => e.direction === 'out')?.text).toContain('راهنمای نذر تخصص');
  });

  it('when the sandbox answers 429 with retry_after, then the reply still arrives after the wait', async () => {
    const user = h.user({ firstName: 'Hadi', userId: 509 });
    h.sandbox.failNext({ method: 'sendMessage', status: 429, retryAfter: 1, token: TEST_TOKENS.telegram });
    const started = Date.now();
    user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true, 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('when the same user writes on Bale, then it is a different person, answered in plain text', async () => {
    const baleUser = h.user({ platform: 'bale', firstName: 'Sara', userId: 501 });
    baleUser.sendCommand('/start');
    const reply = await baleUser.waitFor((m) => m.text?.includes(WELCOME_FA) === true);
    expect(reply.parseMode).toBeUndefined();
    expect(await h.database.models.users.findById('bale:501').lean()).toMatchObject({ platform: 'bale' });
    expect(await h.database.models.users.findById('telegram:501').lean()).toMatchObject({ platform: 'telegram' });
  });

  it('when the bot starts, then the command list is published in fa and en where the platform supports it', async () => {
    const commandsIn = async (token: string, language: string) => {
      const response = await fetch(`${h.sandbox.apiRoot}/bot${token}/getMyCommands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language_code: language }),
      });
      return ((await response.json()) as { result: { command: string; description: string }[] }).result;
    };
    expect(await commandsIn(TEST_TOKENS.telegram, 'fa')).toContainEqual({
      command: 'cancel',
      description: 'لغو کار جاری',
    });
    expect(await commandsIn(TEST_TOKENS.telegram, 'en')).toContainEqual({
      command: 'cancel',
      description: 'Leave what you are doing',
    });
  });

  it('when /healthz is asked, then database and both platforms report ok', async () => {
    const response = await fetch(`http://127.0.0.1:${h.app.port}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; platforms: Record<string, { ok: boolean }> };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.platforms).sort()).toEqual(['bale', 'telegram']);
  });
});
