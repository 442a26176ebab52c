import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.ts';
import { callApi, grammyBot, startPolling, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

type Updates = { update_id: number; message?: { text?: string } }[];

describe('sandbox long polling', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox();
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when an update is not confirmed, then getUpdates returns it again, and an offset confirms it', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    const first = user.sendText('one');
    const second = user.sendText('two');

    const again = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', {});
    const twice = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', {});
    expect((again.body.result as Updates).map((u) => u.message?.text)).toEqual(['one', 'two']);
    expect(twice.body.result).toEqual(again.body.result);

    const afterFirst = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { offset: first.update_id + 1 });
    expect((afterFirst.body.result as Updates).map((u) => u.update_id)).toEqual([second.update_id]);
    const afterBoth = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { offset: second.update_id + 1 });
    expect(afterBoth.body.result).toEqual([]);
  });

  it('when a user writes, then update ids increase and messages look like Telegram private messages', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara', languageCode: 'fa', userId: 4242 });
    const a = user.sendText('سلام');
    const b = user.sendText('دوباره');
    expect(b.update_id).toBeGreaterThan(a.update_id);
    expect(a.message?.from).toEqual({ id: 4242, is_bot: false, first_name: 'Sara', language_code: 'fa' });
    expect(a.message?.chat).toEqual({ id: 4242, type: 'private', first_name: 'Sara' });
    expect(b.message?.message_id).toBe((a.message?.message_id ?? 0) + 1);
  });

  it('when the sandbox is restarted, then update ids go on growing, so a bot that remembers old ids hears the new ones', async () => {
    const before = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' }).sendText('before');
    await sandbox.close();
    sandbox = await startTwoBotSandbox();
    const after = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' }).sendText('after');
    expect(after.update_id).toBeGreaterThan(before.update_id);
  });

  it('when the offset is negative, then only the last updates are kept', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    for (const text of ['a', 'b', 'c', 'd']) user.sendText(text);
    const lastTwo = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { offset: -2 });
    expect((lastTwo.body.result as Updates).map((u) => u.message?.text)).toEqual(['c', 'd']);
    const remaining = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', {});
    expect((remaining.body.result as Updates).map((u) => u.message?.text)).toEqual(['c', 'd']);
  });

  it('when a limit is given, then at most that many updates come back, clamped to 1..100', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    for (let i = 0; i < 5; i++) user.sendText(`m${i}`);
    const two = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { limit: 2 });
    const zero = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { limit: 0 });
    expect(two.body.result).toHaveLength(2);
    expect(zero.body.result).toHaveLength(1);
  });

  it('when nothing is pending, then getUpdates waits until an update arrives', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    const started = Date.now();
    const polling = callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { timeout: 10 });
    setTimeout(() => user.sendText('late'), 150);
    const answer = await polling;
    expect((answer.body.result as Updates).map((u) => u.message?.text)).toEqual(['late']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('when nothing arrives before the timeout, then getUpdates answers an empty list after it', async () => {
    const started = Date.now();
    const answer = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { timeout: 1 });
    expect(answer.body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('when a second poller starts, then the first gets 409 Conflict', async () => {
    const first = callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', { timeout: 0 });
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(409);
    expect(a.body.description).toMatch(/^Conflict: terminated by other getUpdates request/);
    expect(b.status).toBe(200);
  });

  it('when a webhook is set, then getUpdates fails with 409 until deleteWebhook', async () => {
    await callApi(sandbox, TELEGRAM_TOKEN, 'setWebhook', { url: 'http://127.0.0.1:9/hook' });
    const refused = await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', {});
    expect(refused.status).toBe(409);
    expect(refused.body.description).toContain("can't use getUpdates method while webhook is active");
    await callApi(sandbox, TELEGRAM_TOKEN, 'deleteWebhook', {});
    expect((await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', {})).status).toBe(200);
  });

  it('when a grammY bot polls, then it receives a command and its reply reaches the user', async () => {
    const bot = await grammyBot(sandbox);
    bot.command('start', (ctx) => ctx.reply(`salam ${ctx.match}`));
    const stop = startPolling(bot);
    try {
      const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Reza' });
      const update = user.sendCommand('/start', 'ref42');
      expect(update.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
      const reply = await user.waitFor((m) => m.text?.startsWith('salam') ?? false);
      expect(reply.text).toBe('salam ref42');
    } finally {
      await stop();
    }
  });

  it('when deleteWebhook drops pending updates, then they are gone', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('stale');
    await callApi(sandbox, TELEGRAM_TOKEN, 'deleteWebhook', { drop_pending_updates: true });
    expect((await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates', {})).body.result).toEqual([]);
  });
});
