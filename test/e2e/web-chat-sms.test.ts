import { type SmsGatewayEmulator, startSmsEmulator } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsGateway } from '../../src/messaging/sms/create-sms-gateway.ts';
import { smsCallbackPath } from '../../src/server/sms-callbacks.ts';
import type { WebChat } from '../../workbench/web-chat/web-chat.ts';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../support/bot-harness.ts';
import { startWebChatOn } from '../support/web-chat-harness.ts';

const SMS = { provider: 'smsir' as const, apiKey: 'web-chat-sms-key', sender: '3000505' };
const PHONE = '+989121110022';

describe('the web chat SMS conversations and platform switch (sandbox, SMS emulator, real bot)', () => {
  let h: BotHarness;
  let emulator: SmsGatewayEmulator;
  let webChat: WebChat;

  beforeAll(async () => {
    emulator = await startSmsEmulator({ apiKey: SMS.apiKey });
    h = await startTestBot({ config: { sms: { ...SMS, apiRoot: emulator.apiRoot } } });
    emulator.connect({
      provider: 'smsir',
      inboundUrl: `http://127.0.0.1:${h.app.port}${smsCallbackPath(SMS.apiKey, 'inbound')}`,
    });
    webChat = await startWebChatOn(h, { sms: emulator });
  }, 60_000);
  afterAll(async () => {
    await webChat?.close();
    await h?.stop();
    await emulator?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${webChat.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('when the bot texts a person, then the page lists that conversation, and a reply typed there reaches the bot', async () => {
    const gateway = createSmsGateway({ ...SMS, apiRoot: emulator.apiRoot })!;
    await gateway.send(PHONE, 'hello by SMS');
    const list = await api('GET', 'api/sms');
    expect(list.body.phones).toEqual([
      { number: PHONE, messages: [expect.objectContaining({ direction: 'in', text: 'hello by SMS' })] },
    ]);

    // The bot answers the provider's callback (200): the page's reply went the whole way.
    expect((await api('POST', `api/sms/${PHONE}/reply`, { text: '1' })).status).toBe(200);
    const conversation = await api('GET', `api/sms/${PHONE}`);
    expect(conversation.body.messages).toEqual([
      expect.objectContaining({ direction: 'in' }),
      expect.objectContaining({ direction: 'out', text: '1' }),
    ]);
  });

  it('when Bale is switched down on the page, then its bot answers 502 until it is switched up again', async () => {
    const getMe = () => fetch(`${h.sandbox.apiRoot}/bot${TEST_TOKENS.bale}/getMe`).then((r) => r.status);
    const down = await api('POST', 'api/platforms/bale/fault', { state: 'down' });
    expect(down.body).toMatchObject({ platform: 'bale', state: 'down' });
    expect(await getMe()).toBe(502);
    await api('POST', 'api/platforms/bale/fault', { state: 'up' });
    expect(await getMe()).toBe(200);
    expect((await api('POST', 'api/platforms/nowhere/fault', { state: 'up' })).status).toBe(404);
  });
});
