import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { BALE_TOKEN, callApi, startReceiver, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

describe('sandbox webhooks', () => {
  let sandbox: Sandbox;
  const cleanups: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ webhook: { retryDelayMs: 20, maxAttempts: 3 } });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await sandbox.close();
  });

  async function receiver(statuses: number[] = []) {
    const started = await startReceiver(statuses);
    cleanups.push(started.close);
    return started;
  }

  it('when a Telegram webhook has a secret token, then each update is POSTed with the secret header', async () => {
    const hook = await receiver();
    const set = await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url: hook.url, secret_token: 'S3cret_token-1' });
    expect(set.body).toEqual({ ok: true, result: true });
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('first');
    user.sendText('second');

    const [a, b] = await hook.next(2);
    expect(a?.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_token-1');
    expect(a?.headers['content-type']).toBe('application/json');
    expect([a?.update.message?.text, b?.update.message?.text]).toEqual(['first', 'second']);
  });

  it('when the receiver answers 500 twice, then the update is retried and delivered once it answers 200', async () => {
    const hook = await receiver([500, 502]);
    await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url: hook.url });
    sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' }).sendText('persist');

    const deliveries = await hook.next(3);
    expect(deliveries.map((d) => d.update.update_id)).toEqual(Array(3).fill(deliveries[0]?.update.update_id));
    await expect
      .poll(async () => (await callApi(sandbox, TELEGRAM_TOKEN, 'getWebhookInfo')).body.result)
      .toMatchObject({
        pending_update_count: 0,
      });
    expect(sandbox.stats(TELEGRAM_TOKEN)).toMatchObject({ webhookAttempts: 3, webhookFailures: 2 });
  });

  it('when the receiver keeps failing, then delivery gives up and getWebhookInfo reports the last error', async () => {
    const hook = await receiver([500, 500, 500, 500]);
    await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url: hook.url });
    sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' }).sendText('lost');
    await hook.next(3);
    await expect
      .poll(async () => (await callApi(sandbox, TELEGRAM_TOKEN, 'getWebhookInfo')).body.result)
      .toMatchObject({ url: hook.url, pending_update_count: 0, last_error_message: expect.stringContaining('500') });
  });

  it('when the same webhook is set again while an update is being delivered, then that update is not posted twice', async () => {
    // A receiver that holds its first answer, as an instance still handling the update when another one starts.
    const posted: number[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        posted.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).update_id);
        if (posted.length === 1) await held;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url });
    sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' }).sendText('once');
    await expect.poll(() => posted.length).toBe(1);

    await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await expect
      .poll(async () => (await callApi(sandbox, TELEGRAM_TOKEN, 'getWebhookInfo')).body.result)
      .toMatchObject({ pending_update_count: 0 });
    expect(posted).toHaveLength(1);
  });

  it('when a secret token has characters Telegram refuses, then setWebhook answers 400', async () => {
    const answer = await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', {
      url: 'http://127.0.0.1:9/x',
      secret_token: 'no spaces!',
    });
    expect(answer.status).toBe(400);
  });

  it('when a Bale webhook is set with a secret token, then deliveries carry no secret header', async () => {
    const hook = await receiver();
    await callApi(sandbox, BALE_TOKEN, 'setWebhook', { url: hook.url, secret_token: 'ignored' });
    sandbox.user({ token: BALE_TOKEN, firstName: 'Bahar' }).sendText('سلام');
    const [delivery] = await hook.next(1);
    expect(delivery?.update.message?.text).toBe('سلام');
    expect(delivery?.headers['x-telegram-bot-api-secret-token']).toBeUndefined();
  });

  it('when updates were pending before setWebhook, then they are delivered to the new webhook', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('queued');
    const hook = await receiver();
    await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url: hook.url });
    const [delivery] = await hook.next(1);
    expect(delivery?.update.message?.text).toBe('queued');
  });

  it('when getWebhookInfo is called without a webhook, then url is empty and pending updates are counted', async () => {
    sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' }).sendText('waiting');
    const info = await callApi(sandbox, TELEGRAM_TOKEN, 'getWebhookInfo');
    expect(info.body.result).toEqual({ url: '', has_custom_certificate: false, pending_update_count: 1 });
  });
});
