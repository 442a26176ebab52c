import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookPath } from '../../src/server/webhook-path.ts';
import { type BotHarness, startTestBot } from '../support/bot-harness.ts';
import { freePort } from '../support/main-process.ts';
import { nextReply } from '../support/replies.ts';

const SECRET = 'test-webhook-secret-0123456789';

describe('webhook mode', () => {
  let h: BotHarness;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startTestBot({ config: { mode: 'webhook', port, webhook: { baseUrl: base, secret: SECRET } } });
  });
  afterAll(async () => {
    await h.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('when Telegram delivers an update with the secret header, then the bot answers', async () => {
    const user = h.user({ platform: 'telegram', firstName: 'Sima', userId: 801 });
    user.sendCommand('/help');
    expect(await nextReply(user)).toContain('/cancel');
  });

  it('when Bale delivers to its secret path (Bale sends no header), then the bot answers', async () => {
    const user = h.user({ platform: 'bale', firstName: 'Sima', userId: 802 });
    user.sendCommand('/help');
    expect(await nextReply(user)).toContain('/cancel');
  });

  it('when a request has a wrong path secret or lacks the header, then it gets 401 and changes nothing', async () => {
    const update = {
      update_id: 424242,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 803, type: 'private' },
        from: { id: 803, is_bot: false, first_name: 'Intruder' },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    const wrongPath = await post('/webhook/telegram/not-the-secret', update, {
      'x-telegram-bot-api-secret-token': SECRET,
    });
    const noHeader = await post(webhookPath(SECRET, 'telegram'), update);
    const wrongHeader = await post(webhookPath(SECRET, 'telegram'), update, {
      'x-telegram-bot-api-secret-token': 'nope',
    });
    const unknownPlatform = await post('/webhook/whatsapp/abc', update);
    expect([wrongPath.status, noHeader.status, wrongHeader.status, unknownPlatform.status]).toEqual([
      401, 401, 401, 401,
    ]);
    expect(await h.database.models.users.findById('telegram:803').lean()).toBeNull();
    expect(await h.database.models.messages.countDocuments({ chatId: '803' })).toBe(0);
  });

  it('when the same update is delivered twice, then it is applied once', async () => {
    const user = h.user({ platform: 'telegram', firstName: 'Dara', userId: 804 });
    user.sendCommand('/start');
    await user.waitFor((m) => m.text?.includes('همکار گرامی') === true);
    const update = user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true);
    const redelivered = await post(webhookPath(SECRET, 'telegram'), update, {
      'x-telegram-bot-api-secret-token': SECRET,
    });
    expect(redelivered.status).toBe(200);
    // The redelivery was handled (or refused) before the 200; the message log is written in batches.
    expect(user.messages().filter((m) => m.text?.includes('/cancel'))).toHaveLength(1);
    await vi.waitFor(async () => {
      expect(await h.database.models.messages.countDocuments({ chatId: '804', direction: 'in', text: '/help' })).toBe(
        1,
      );
    });
  });

  it('when a button press is replayed under a new update id with other data, then it is refused', async () => {
    const user = h.user({ platform: 'telegram', firstName: 'Parsa', userId: 805 });
    user.sendCommand('/language');
    await user.waitFor((m) => JSON.stringify(m.reply_markup ?? {}).includes('lang:en'));
    const pressed = user.press('English');
    await user.waitFor((m) => m.text === 'From now on, messages are in English.');
    const { callback_query: query } = pressed;
    if (!query) throw new Error('the press sent no callback query');

    const replayed = await post(
      webhookPath(SECRET, 'telegram'),
      { ...pressed, update_id: pressed.update_id + 1, callback_query: { ...query, data: 'lang:fa' } },
      { 'x-telegram-bot-api-secret-token': SECRET },
    );

    expect(replayed.status).toBe(200);
    expect((await h.database.models.users.findById('telegram:805').lean())?.locale).toBe('en');
    expect(user.messages().at(-1)?.text).toBe('From now on, messages are in English.');
  });

  /** Sends `sent` bytes of a body (declaring `declared` bytes, or chunked) and never ends it; resolves with the status. */
  const oversized = (sent: number, declared?: number) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': SECRET,
      };
      if (declared !== undefined) headers['content-length'] = declared;
      const req = request(`${base}${webhookPath(SECRET, 'telegram')}`, { method: 'POST', headers });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      // The server closes the connection once it has answered; a write still under way may then fail.
      req.on('error', (error) => setTimeout(() => reject(error), 1000));
      req.write(Buffer.alloc(sent, 0x20));
    });

  it('when a webhook body is over 1 MB, then 413 answers before the rest is read, and the bot goes on', async () => {
    expect(await oversized(64 * 1024, 20 * 1024 * 1024)).toBe(413);
    expect(await oversized(1536 * 1024)).toBe(413);
    const user = h.user({ platform: 'telegram', firstName: 'Nima', userId: 806 });
    user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true);
  });

  it('when the body is not JSON, then the server answers 400 and keeps running', async () => {
    const response = await fetch(`${base}${webhookPath(SECRET, 'bale')}`, { method: 'POST', body: '{not json' });
    expect(response.status).toBe(400);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
