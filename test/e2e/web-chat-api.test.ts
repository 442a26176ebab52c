import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import faCallUp from '../../locales/fa/callup.json' with { type: 'json' };
import { createCallUpRepository } from '../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../src/persistence/repositories/callup-answer.repository.ts';
import { createCallUpInChat } from '../../workbench/scripts/create-callup.ts';
import type { WebChat } from '../../workbench/web-chat/web-chat.ts';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../support/bot-harness.ts';
import { childEnvironment, freePort } from '../support/main-process.ts';
import { translator } from '../support/registration-driver.ts';
import { SETTLED } from '../support/waits.ts';
import { startWebChatOn } from '../support/web-chat-harness.ts';

/** Nazr's mark on every message about a drill: the only cards the crowd answers. */
const DRILL_BANNER = faCallUp.drill.banner;

interface PageEvent {
  event: string;
  data: Record<string, unknown> & { bot?: string; chatId?: number };
}

/** Reads the web chat's server-sent events into a list the test can wait on. */
async function openEvents(url: string): Promise<{ events: PageEvent[]; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}api/events`, { signal: controller.signal });
  const events: PageEvent[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted at the end of the test.
    }
  })();
  return { events, close: () => controller.abort() };
}

describe('the web chat API over the sandbox (HTTP and server-sent events, real bot and database)', () => {
  let h: BotHarness;
  let webChat: WebChat;
  let stream: Awaited<ReturnType<typeof openEvents>>;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${webChat.url}${path.replace(/^\//, '')}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the answer it expects.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const botCall = (method: string, params: Record<string, unknown>, token = TEST_TOKENS.bale) =>
    fetch(`${h.sandbox.apiRoot}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    }).then((r) => r.json() as Promise<{ ok: boolean; result: { message_id: number } }>);
  const eventFor = (name: string, predicate: (data: PageEvent['data']) => boolean) =>
    vi.waitFor(
      () => {
        const found = stream.events.find((e) => e.event === name && predicate(e.data));
        if (!found) throw new Error(`no ${name} event yet`);
        return found.data;
      },
      { timeout: 5000 },
    );

  beforeAll(async () => {
    h = await startTestBot({
      adminIds: ['bale:1001', 'bale:1009'],
      sandbox: { limits: { perChatPerSecond: 1000, perChatBurst: 1000 } },
    });
    webChat = await startWebChatOn(h, { firstUserId: 5001 });
    await webChat.seedDemo();
    stream = await openEvents(webChat.url);
  });

  afterAll(async () => {
    stream?.close();
    await webChat?.close();
    await h?.stop();
  });

  it('when the demo is seeded, then the coordinator and four volunteers are listed and registered through the app', async () => {
    const { body } = await api('GET', '/api/bots/bale/users');
    const users = body.users as { userId: number; role: string; registered: boolean; coordinator: boolean }[];
    expect(users.map((u) => u.userId).sort()).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(users.find((u) => u.userId === 1001)).toMatchObject({ role: 'coordinator', coordinator: true });
    const volunteers = await h.database.models.volunteers.find({ platform: 'bale' }).lean();
    expect(new Set(volunteers.map((v) => v.specialty)).size).toBe(4);
    expect(new Set(volunteers.map((v) => v.province)).size).toBe(4);
    // Telegram has no admin id here, so no coordinator, but the same volunteers.
    expect((await api('GET', '/api/bots/telegram/users')).body.users).toHaveLength(4);
  });

  it('when people are created, then a coordinator takes a free admin id and others get fresh ids', async () => {
    const coordinator = await api('POST', '/api/bots/bale/users', { firstName: 'Hamid', role: 'coordinator' });
    expect(coordinator.body.user).toMatchObject({ userId: 1009, coordinator: true });
    const again = await api('POST', '/api/bots/bale/users', { firstName: 'Taha', role: 'coordinator' });
    expect(again).toMatchObject({ status: 409, body: { ok: false, error: 'no_coordinator_id' } });
    // The page tells before one tries: both admin ids are played now.
    expect((await api('GET', '/api/bots/bale/users')).body.coordinatorSlots).toEqual({ total: 2, free: 0 });
    expect((await api('GET', '/api/bots/telegram/users')).body.coordinatorSlots).toEqual({ total: 0, free: 0 });
    const nurse = await api('POST', '/api/bots/bale/users', { firstName: 'Shirin', role: 'nurse' });
    expect(nurse.body.user).toMatchObject({ userId: 5001, role: 'nurse', coordinator: false });
    await eventFor('users', (data) => data.bot === 'bale');
    expect((await api('POST', '/api/bots/bale/users', { firstName: ' ', role: 'nurse' })).body.error).toBe(
      'invalid_input',
    );
    expect((await api('GET', '/api/bots/viber/users')).status).toBe(404);
  });

  it('when a person types and presses, then both sides arrive as events and the press is a real callback query', async () => {
    const sent = await api('POST', '/api/bots/bale/users/5001/text', { text: '/language' });
    expect(sent.status).toBe(200);
    await eventFor('message', (d) => d.chatId === 5001 && (d.message as { fromBot: boolean }).fromBot === false);
    const menu = await eventFor('message', (d) => d.chatId === 5001 && JSON.stringify(d.message).includes('English'));
    const message = menu.message as { id: number; inlineKeyboard: { text: string; kind: string }[][] };
    expect(message.inlineKeyboard.flat().every((button) => button.kind === 'callback')).toBe(true);
    const column = message.inlineKeyboard[0]!.findIndex((button) => button.text === 'English');
    const pressed = await api('POST', '/api/bots/bale/users/5001/press', { messageId: message.id, row: 0, column });
    expect(pressed.body.callbackQueryId).toEqual(expect.any(String));
    await eventFor(
      'alert',
      (d) => (d.alert as { callbackQueryId: string }).callbackQueryId === pressed.body.callbackQueryId,
    );
    await eventFor(
      'message',
      (d) => d.chatId === 5001 && JSON.stringify(d.message).includes('From now on, messages are in English'),
    );
    const stale = await api('POST', '/api/bots/bale/users/5001/press', { messageId: message.id, row: 5, column: 0 });
    expect(stale).toMatchObject({ status: 409, body: { error: 'stale_button' } });
  });

  it('when the bot shows a reply keyboard, then tapping "share my number" sends the user’s own contact', async () => {
    await botCall('sendMessage', {
      chat_id: 5001,
      text: 'شماره؟',
      reply_markup: {
        keyboard: [[{ text: 'ارسال شماره', request_contact: true }], [{ text: 'بعداً' }]],
        one_time_keyboard: true,
      },
    });
    const shown = await eventFor('message', (d) => d.chatId === 5001 && d.keyboard !== null);
    expect(shown.keyboard).toEqual({
      rows: [[{ text: 'ارسال شماره', kind: 'contact' }], [{ text: 'بعداً', kind: 'text' }]],
    });
    const tapped = await api('POST', '/api/bots/bale/users/5001/tap', { row: 0, column: 0 });
    expect(tapped.body.keyboard).toBeNull();
    // Reads are numbered, so that the page can drop a reply that arrives after a newer event.
    expect(tapped.body.keyboardRead).toBeGreaterThan(shown.keyboardRead as number);
    const own = await eventFor('message', (d) => d.chatId === 5001 && JSON.stringify(d.message).includes('contact'));
    expect(own.message).toMatchObject({ fromBot: false, contact: { phone_number: '989120005001', user_id: 5001 } });
  });

  it('when the bot shows a "share location" key, then tapping it sends a location from the user', async () => {
    await botCall('sendMessage', {
      chat_id: 5001,
      text: 'کجا هستید؟',
      reply_markup: { keyboard: [[{ text: 'ارسال موقعیت', request_location: true }]], one_time_keyboard: true },
    });
    const shown = await eventFor(
      'message',
      (d) => d.chatId === 5001 && JSON.stringify(d.keyboard).includes('location'),
    );
    expect(shown.keyboard).toEqual({ rows: [[{ text: 'ارسال موقعیت', kind: 'location' }]] });
    const tapped = await api('POST', '/api/bots/bale/users/5001/tap', { row: 0, column: 0 });
    expect(tapped.body.keyboard).toBeNull();
    const own = await eventFor('message', (d) => d.chatId === 5001 && JSON.stringify(d.message).includes('location'));
    expect(own.message).toMatchObject({
      fromBot: false,
      location: { latitude: expect.any(Number), longitude: expect.any(Number) },
    });
  });

  it('when the bot sends a document, edits and deletes, then the page gets the file, the edit and the removal', async () => {
    const form = new FormData();
    form.set('chat_id', '5001');
    form.set('document', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'گزارش.csv');
    await fetch(`${h.sandbox.apiRoot}/bot${TEST_TOKENS.bale}/sendDocument`, { method: 'POST', body: form });
    const withFile = await eventFor(
      'message',
      (d) => d.chatId === 5001 && JSON.stringify(d.message).includes('document'),
    );
    const file = (withFile.message as { document: { url: string; name: string } }).document;
    expect(file.name).toBe('گزارش.csv');
    const download = await fetch(new URL(file.url, webChat.url));
    expect(download.headers.get('content-disposition')).toContain("attachment; filename*=UTF-8''");
    expect(await download.text()).toBe('a,b\n1,2\n');

    const note = await botCall('sendMessage', { chat_id: 5001, text: 'یک' });
    await botCall('editMessageText', { chat_id: 5001, message_id: note.result.message_id, text: 'دو' });
    expect((await eventFor('edit', (d) => d.chatId === 5001)).message).toMatchObject({ text: 'دو', edited: true });
    await botCall('deleteMessage', { chat_id: 5001, message_id: note.result.message_id });
    await eventFor('delete', (d) => d.chatId === 5001 && d.messageId === note.result.message_id);
    const chat = await api('GET', '/api/bots/bale/users/5001/chat');
    expect((chat.body.messages as { id: number }[]).some((m) => m.id === note.result.message_id)).toBe(false);
  });

  it('when a request is not JSON, then it is refused, so a form on another site cannot drive the sandbox', async () => {
    const response = await fetch(`${webChat.url}api/bots/bale/users/5001/text`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=hello',
    });
    expect(response.status).toBe(415);
  });

  it('when a drill fills 120 volunteers and they answer, then they are registered, hidden and counted', async () => {
    const started = await api('POST', '/api/drill/fill', { bot: 'bale', count: 120 });
    expect(started.body.drill.filling).toEqual({ done: 0, total: 120 });
    expect((await api('POST', '/api/drill/fill', { bot: 'bale', count: 10 })).body.error).toBe('drill_busy');
    await vi.waitFor(() => expect(webChat.drill.status()).toMatchObject({ volunteers: 120, filling: null }), {
      timeout: 30_000,
    });
    expect(await h.database.models.volunteers.countDocuments({ _id: /^bale:90/ })).toBe(120);
    expect((await api('GET', '/api/bots/bale/users')).body.users.length).toBeLessThan(10);
    const configured = await api('POST', '/api/drill/answering', {
      enabled: true,
      answerRate: 1,
      acceptRate: 1,
      minDelayMs: 0,
      maxDelayMs: 10,
    });
    expect(configured.body.drill).toMatchObject({ answering: true, settings: { answerRate: 1 } });
    expect((await api('POST', '/api/drill/answering', { enabled: true, answerRate: 2 })).body.error).toBe('drill_rate');

    const updates: string[] = [];
    const off = h.sandbox.on('update', (event) => {
      if (event.update.callback_query) updates.push(event.update.callback_query.data);
    });
    for (const chatId of [9_000_001, 9_000_002, 9_000_003]) {
      await botCall('sendMessage', {
        chat_id: chatId,
        text: `${DRILL_BANNER}\nکارت`,
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'قبول', callback_data: 'c:accept' },
              { text: 'رد', callback_data: 'c:decline' },
            ],
          ],
        },
      });
    }
    await vi.waitFor(() => expect(updates).toEqual(['c:accept', 'c:accept', 'c:accept']), SETTLED);
    off();
    expect(webChat.drill.status()).toMatchObject({ cards: 3, answered: 3, accepted: 3 });
    // The crowd's chats stay out of the page's stream.
    expect(stream.events.some((e) => e.event === 'message' && Number(e.data.chatId) >= 9_000_001)).toBe(false);
    await eventFor('drill', (d) => d.answered === 3);
  });

  it('when a drill volunteer gets card after card, then each is answered; a card sent again and again, three times', async () => {
    const card = (text: string) => ({
      text: `${DRILL_BANNER}\n${text}`,
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'قبول', callback_data: 'c:accept' },
            { text: 'رد', callback_data: 'c:decline' },
          ],
        ],
      },
    });
    const pressedBy = new Map<number, number>();
    // A bot that answers every press of 9000006 with the same card again.
    const off = h.sandbox.on('update', ({ chatId, update }) => {
      if (!update.callback_query) return;
      pressedBy.set(chatId, (pressedBy.get(chatId) ?? 0) + 1);
      if (chatId === 9_000_006) void botCall('sendMessage', { chat_id: chatId, ...card('دوباره؟') });
    });
    // Five rehearsals in a row for one volunteer: before, the crowd fell silent after its third answer in all.
    for (let i = 1; i <= 5; i++) {
      await botCall('sendMessage', { chat_id: 9_000_005, ...card(`فراخوان ${i}`) });
      await vi.waitFor(() => expect(pressedBy.get(9_000_005)).toBe(i), SETTLED);
    }
    await botCall('sendMessage', { chat_id: 9_000_006, ...card('دوباره؟') });
    await vi.waitFor(() => expect(pressedBy.get(9_000_006)).toBe(3), SETTLED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    off();
    expect(pressedBy.get(9_000_006)).toBe(3);
  });

  it('when a real call-up and then a drill reach the drill crowd, then they answer the drill only', async () => {
    // Who of the crowd matches depends on the weekday they pledged: on some days the real call-up took everyone the
    // drill could ask. A Monday midday in Tehran, whatever day the suite runs on.
    h.clock.set(new Date('2026-12-07T08:30:00Z'));
    const coordinator = h.sandbox.user({ token: TEST_TOKENS.bale, userId: 1001, firstName: 'Coord', started: true });
    const fa = await translator('fa');
    const needs = [
      { specialty: 'emergency_medicine', count: 2 },
      { specialty: 'ems_technician', count: 2 },
    ];
    const base = { description: 'تمرین', province: 'tehran', city: 'تهران', needs, start: 'now' as const };
    const logistics = { durationHours: 4, meetingPoint: 'بیمارستان سینا', contact: 'آقای رضایی' };
    await createCallUpInChat(coordinator, fa, { ...base, ...logistics, type: 'earthquake', title: 'زلزله‌ی ورامین' });
    const callUps = createCallUpRepository(h.database.models);
    const invitations = createCallUpAnswerRepository(h.database.models);
    const real = (await callUps.listRecent(new Date(0), null)).find((c) => c.title === 'زلزله‌ی ورامین')!;
    const crowdCards = (title: string) =>
      [...h.sandbox.stats(TEST_TOKENS.bale).deliveries.entries()]
        .filter(([chatId]) => chatId >= 9_000_001)
        .flatMap(([, list]) => list)
        .filter((d) => d.text?.includes(title)).length;
    // The real cards reached the crowd, which answers at once (rate 1, delay ≤ 10 ms) whatever it is meant to answer.
    await vi.waitFor(() => expect(crowdCards('زلزله‌ی ورامین')).toBeGreaterThan(0), SETTLED);

    await createCallUpInChat(coordinator, fa, { ...base, ...logistics, type: 'drill', title: 'رزمایش ورامین' });
    const drill = (await callUps.listRecent(new Date(0), null)).find((c) => c.title === 'رزمایش ورامین')!;
    await vi.waitFor(async () => {
      const answered = (await invitations.listByCallUp(drill.id)).filter((i) => i.answer !== 'none');
      expect(answered.length).toBeGreaterThan(0);
    }, SETTLED);
    // By now any answer to the real call-up, sent earlier, would be there too: there is none.
    const realAnswers = (await invitations.listByCallUp(real.id)).map((i) => i.answer);
    expect(realAnswers.length).toBeGreaterThan(0);
    expect(realAnswers.every((answer) => answer === 'none')).toBe(true);
    h.clock.resume();
  });
});

describe('the start command in sandbox mode (a real process)', () => {
  let child: ChildProcess | undefined;
  let dataDir = '';
  afterAll(() => {
    child?.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('when Nazr starts without tokens, then it prints the web chat address, which serves the page and the demo cast', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'nazr-webchat-main-'));
    let output = '';
    child = spawn(process.execPath, ['workbench/start.ts'], {
      env: childEnvironment({
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        SANDBOX_PORT: '0',
        LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const url = await vi.waitFor(
      () => {
        const found = /Web chat: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
        if (child?.exitCode !== null) throw new Error(`Nazr stopped:\n${output}`);
        if (!found) throw new Error(`no web chat address yet:\n${output}`);
        return found;
      },
      { timeout: 60_000, interval: 200 },
    );
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('dir="rtl"');
    const users = (await (await fetch(`${url}api/bots/bale/users`)).json()) as {
      users: { userId: number; registered: boolean; role: string }[];
    };
    expect(users.users.find((u) => u.userId === 1001)?.role).toBe('coordinator');
    expect(users.users.filter((u) => u.registered)).toHaveLength(4);
    // Telegram has a demo coordinator too, and a coordinator made on the page takes a spare admin id.
    const telegram = (await (await fetch(`${url}api/bots/telegram/users`)).json()) as typeof users;
    expect(telegram.users.find((u) => u.userId === 1001)?.role).toBe('coordinator');
    const created = await fetch(`${url}api/bots/telegram/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Hamid', role: 'coordinator' }),
    });
    expect(await created.json()).toMatchObject({ ok: true, user: { userId: 1901, coordinator: true } });
    // Sandbox mode texts through its SMS emulator: the page's SMS list is there (empty until a card goes by SMS).
    const sms = (await (await fetch(`${url}api/sms`)).json()) as { phones: unknown[] };
    expect(sms.phones).toEqual([]);
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
