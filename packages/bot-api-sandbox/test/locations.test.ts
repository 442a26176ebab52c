import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { BALE_TOKEN, callApi, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

describe('sandbox map pins (sendLocation)', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when a bot on either platform sends a location, then the chat holds a pin at those coordinates', async () => {
    for (const token of [TELEGRAM_TOKEN, BALE_TOKEN]) {
      const user = sandbox.user({ token, firstName: 'Sara' });
      user.sendText('hi');
      const answer = await callApi(sandbox, token, 'sendLocation', {
        chat_id: user.chatId,
        latitude: 35.7,
        longitude: '51.4',
      });
      expect(answer.body).toMatchObject({ ok: true, result: { location: { latitude: 35.7, longitude: 51.4 } } });
      expect(user.lastMessage()).toMatchObject({ fromBot: true, location: { latitude: 35.7, longitude: 51.4 } });
    }
  });

  it('when the coordinates are off the globe or missing, then it is a 400 and nothing is sent', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('hi');
    const send = (params: Record<string, unknown>) =>
      callApi(sandbox, TELEGRAM_TOKEN, 'sendLocation', { chat_id: user.chatId, ...params });
    expect((await send({ latitude: 91, longitude: 0 })).body.description).toBe('Bad Request: wrong latitude specified');
    expect((await send({ latitude: 0 })).status).toBe(400);
    expect((await send({ latitude: 'north', longitude: 0 })).status).toBe(400);
    expect(user.messages().filter((m) => m.fromBot)).toHaveLength(0);
  });
});
