import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getProvince } from '../../src/domain/reference/provinces.ts';
import { getSpecialty, getSpecialtyGroup } from '../../src/domain/reference/specialties.ts';
import type { Translate } from '../../src/i18n/index.ts';
import type { WebChat } from '../../src/sandbox/web-chat/web-chat.ts';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../support/bot-harness.ts';
import { translator } from '../support/registration-driver.ts';
import { startWebChatOn } from '../support/web-chat-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/web-chat');
const COORDINATOR_ID = 1001;
const WAIT_MS = 10_000;

/** The flags that work on a machine without a network or GPU (see .ci/run): no sandbox, no background traffic. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the sandbox web chat in a real browser (chromium ↔ web chat ↔ sandbox ↔ bot, real database)', () => {
  let h: BotHarness;
  let webChat: WebChat;
  let profileDir: string;
  let browser: BrowserContext;
  let page: Page;
  let t: Translate;
  let tEn: Translate;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium, as .ci/run does) ` +
          'or set CHROMIUM_PATH. The browser tests are not skipped.',
      );
    }
    t = await translator('fa');
    tEn = await translator('en');
    h = await startTestBot({
      adminIds: [`bale:${COORDINATOR_ID}`],
      sandbox: { limits: { perChatPerSecond: 1000, perChatBurst: 1000 } },
    });
    webChat = await startWebChatOn(h);
    await webChat.seedDemo();
    await mkdir(ARTIFACTS, { recursive: true });
    profileDir = await mkdtemp(join(tmpdir(), 'nazr-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1180, height: 820 },
      locale: 'fa-IR',
      timezoneId: 'Asia/Tehran',
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(WAIT_MS);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    await page.goto(webChat.url);
  });

  afterAll(async () => {
    await browser?.close();
    await webChat?.close();
    await h?.stop();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    // Checked last so that every step, including closing, counts.
    expect(consoleErrors).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  afterEach(async (context) => {
    // What the page showed when a step failed, next to the step screenshots.
    if (context.task.result?.state === 'fail') {
      await shot(`failed-${context.task.name.slice(5, 60).replace(/[^\w]+/g, '-')}`).catch(() => undefined);
    }
  });
  const messages = () => page.locator('#messages');
  /** The latest message bubble (either side) that contains the text. */
  const messageWith = (text: string): Locator => messages().locator('.message', { hasText: text }).last();
  const waitForBot = async (text: string): Promise<Locator> => {
    const message = messages().locator('.message.in', { hasText: text }).last();
    await message.waitFor();
    return message;
  };
  const inlineButton = (label: string) => messages().getByRole('button', { name: label, exact: true }).last();
  const press = async (label: string) => inlineButton(label).click();
  const type = async (text: string) => {
    await page.locator('#composer-input').fill(text);
    await page.locator('#composer-input').press('Enter');
  };
  /** The first line of a locale text, as the page shows it (the rest may hold dates of today). */
  const firstLine = (key: string, vars?: Record<string, unknown>) => t(key, vars).split('\n')[0]!.split('{{')[0]!;
  const selectUser = async (name: string) => {
    await page.locator('.user-item', { hasText: name }).first().click();
    await page.locator('#chat-name', { hasText: name }).waitFor();
  };
  const noConsoleErrors = () => expect(consoleErrors).toEqual([]);

  it('when the page opens, then it is Persian, right to left, with the demo coordinator and volunteers on Bale', async () => {
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('fa');
    await page.locator('.user-item').nth(4).waitFor();
    const names = await page.locator('.user-item .user-name').allTextContents();
    expect(names.join('|')).toContain('مهسا نیک‌نام');
    expect(names.filter((name) => name.includes('هماهنگ‌کننده'))).toHaveLength(1);
    expect(await page.locator('.user-preview').allTextContents()).toEqual(
      expect.arrayContaining(['پزشک عمومی · تهران', 'پرستار اورژانس · اصفهان']),
    );
    expect(await page.locator('#bot-switch [aria-checked="true"]').textContent()).toContain('بله');
    // Strings, not functions: the test is type-checked without the DOM library.
    expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('Vazirmatn');
    const loaded = await page.evaluate(
      'document.fonts.load("16px Vazirmatn", "سلام").then((faces) => faces.map((face) => face.status))',
    );
    expect(loaded).toEqual(['loaded']);
    await shot('01-users');
    noConsoleErrors();
  });

  it('when a new volunteer is created and starts the bot, then the welcome arrives with the menu as buttons', async () => {
    await page.getByRole('button', { name: 'کاربر تازه' }).click();
    const dialog = page.locator('#create-dialog');
    await dialog.locator('input[name="firstName"]').fill('نرگس');
    await dialog.locator('input[name="lastName"]').fill('کاظمی');
    await dialog.locator('select[name="role"]').selectOption('nurse');
    await dialog.getByRole('button', { name: 'ساختن' }).click();
    await page.locator('#chat-name', { hasText: 'نرگس کاظمی' }).waitFor();
    await page.locator('.empty-chat').getByRole('button', { name: 'شروع' }).click();
    const welcome = await waitForBot(firstLine('common:start.welcome'));
    expect(await welcome.locator('.inline-button').allTextContents()).toContain(t('registration:menu'));
    expect(await messageWith('/start').getAttribute('class')).toContain('out');
    await shot('02-welcome');
    noConsoleErrors();
  });

  it('when /language is typed and English pressed, then the bot answers in English; the menu button brings Persian back', async () => {
    await type('/language');
    await waitForBot(t('common:language.choose'));
    await press('English');
    await waitForBot(tEn('common:language.saved'));
    await press(tEn('common:menu.language'));
    await waitForBot(tEn('common:language.choose'));
    await press('فارسی');
    await waitForBot(t('common:language.saved'));
    await shot('03-language');
    noConsoleErrors();
  });

  it('when a volunteer registers by clicking and typing, then toggles edit in place and the pledge is stored', async () => {
    const group = 'nursing';
    const specialty = 'nurse_emergency';
    await press(t('registration:menu'));
    await waitForBot(firstLine('registration:consent.text'));
    await press(t('registration:consent.agree'));
    await waitForBot(t('registration:name.ask'));
    await type('نرگس کاظمی');
    await waitForBot(firstLine('registration:mobile.or_type'));
    // A reply keyboard with "share my number" (request_contact) sends the user's own contact.
    const share = page.locator('#reply-keyboard').getByRole('button', { name: t('registration:mobile.share') });
    await share.click();
    await waitForBot(t('registration:group.ask'));
    expect(await messages().locator('.message.out .contact').count()).toBe(1);
    await press(getSpecialtyGroup(group)!.fa);
    await press(getSpecialty(specialty)!.fa);
    await waitForBot(t(`registration:licence.body.${getSpecialty(specialty)!.licenceBody}`));
    await type('۴۵۶۷۸');
    await waitForBot(t('registration:province.ask'));
    await press(getProvince('tehran')!.fa);
    await waitForBot(firstLine('registration:city.ask', { province: getProvince('tehran')!.fa }));
    await type('تهران');
    await waitForBot(t('registration:hours.ask'));
    await press(t('registration:hours.quick', { hours: 8 }));
    const days = await waitForBot(t('registration:days.ask'));
    const daysId = await days.getAttribute('data-message-id');
    for (const day of [0, 2]) {
      await press(t(`pledge:days.${day}`));
      await inlineButton(t('registration:keyboard.selected', { label: t(`pledge:days.${day}`) })).waitFor();
    }
    // The toggles edited the same message: no new bubble, the ✅ marks appear in place.
    const edited = messages().locator(`[data-message-id="${daysId}"]`);
    expect(await edited.locator('.inline-button').allTextContents()).toContain(`✅ ${t('pledge:days.2')}`);
    expect(await edited.locator('.edited').count()).toBe(1);
    await shot('04-days-edited-in-place');
    await press(t('registration:keyboard.done'));
    await waitForBot(t('registration:windows.ask'));
    await press(t('pledge:windows.morning'));
    await inlineButton(t('registration:keyboard.selected', { label: t('pledge:windows.morning') })).waitFor();
    await press(t('registration:keyboard.done'));
    await waitForBot(t('registration:modes.ask'));
    await press(t('pledge:modes.crisis'));
    await inlineButton(t('registration:keyboard.selected', { label: t('pledge:modes.crisis') })).waitFor();
    await press(t('registration:keyboard.done'));
    await waitForBot(t('registration:reach.ask'));
    await press(t('pledge:reach.neighbors'));
    await waitForBot(firstLine('registration:valid_until.ask').split('،')[0]!);
    await press(t('registration:valid_until.choice.6m'));
    await inlineButton(t('registration:note.skip')).waitFor();
    await press(t('registration:note.skip'));
    await inlineButton(t('registration:summary.confirm')).waitFor();
    await shot('05-summary');
    await press(t('registration:summary.confirm'));
    await inlineButton(t('pledge:menu.profile')).waitFor();
    // The bot isolates the name with bidi marks, so the thanks is matched after it.
    await waitForBot(firstLine('registration:done', { name: '' }).trim());
    await shot('06-registered');

    const userId = Number(await page.locator('.user-item[aria-current="true"]').getAttribute('data-user-id'));
    const stored = await h.database.models.volunteers.findById(`bale:${userId}`).lean();
    expect(stored).toMatchObject({ status: 'active', specialty, province: 'tehran', city: 'تهران' });
    noConsoleErrors();
  });

  it('when a button of an earlier step is pressed, then the bot’s alert is shown as a dialog and the chat goes on', async () => {
    const earlier = messages()
      .locator('.message', { hasText: t('registration:hours.ask') })
      .last();
    await earlier.getByRole('button', { name: t('registration:hours.quick', { hours: 8 }), exact: true }).click();
    const dialog = page.locator('#alert-dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('#alert-text').textContent()).toBe(t('common:flow.stale_button'));
    await shot('07-alert');
    await dialog.getByRole('button', { name: t('webchat:alert.ok') }).click();
    await dialog.waitFor({ state: 'detached' });
    await type('/help');
    await waitForBot(t('common:help.text').split('\n')[0]!);
    noConsoleErrors();
  });

  it('when the bot sends formatting, a document and a photo, then they show safely, downloadable and inline', async () => {
    await page.locator('#bot-switch').getByRole('radio', { name: 'تلگرام' }).click();
    await page.getByRole('button', { name: 'کاربر تازه' }).click();
    await page.locator('#create-dialog input[name="firstName"]').fill('Alex');
    await page.locator('#create-dialog').getByRole('button', { name: 'ساختن' }).click();
    await page.locator('#chat-name', { hasText: 'Alex' }).waitFor();
    await type('/start');
    await waitForBot(firstLine('common:start.welcome'));
    const chatId = Number(await page.locator('.user-item[aria-current="true"]').getAttribute('data-user-id'));
    const call = (method: string, body: Record<string, unknown> | FormData) =>
      fetch(`${h.sandbox.apiRoot}/bot${TEST_TOKENS.telegram}/${method}`, {
        method: 'POST',
        ...(body instanceof FormData
          ? { body }
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      }).then((response) => response.json() as Promise<{ ok: boolean; result: { message_id: number } }>);

    const sent = await call('sendMessage', {
      chat_id: chatId,
      parse_mode: 'HTML',
      text: '<b>پررنگ</b> و <i>کج</i> و <code>code</code> و <a href="https://example.org/x">پیوند</a> &lt;img src=x onerror=alert(1)&gt;',
    });
    expect(sent.ok).toBe(true);
    const formatted = await waitForBot('پررنگ');
    expect(await formatted.locator('strong').textContent()).toBe('پررنگ');
    expect(await formatted.locator('em').textContent()).toBe('کج');
    expect(await formatted.locator('code').textContent()).toBe('code');
    expect(await formatted.locator('a[href="https://example.org/x"]').textContent()).toBe('پیوند');
    expect(await formatted.locator('.text').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await formatted.locator('img').count()).toBe(0);

    await call('editMessageText', { chat_id: chatId, message_id: sent.result.message_id, text: 'ویرایش شد' });
    await messages().locator(`[data-message-id="${sent.result.message_id}"]`, { hasText: 'ویرایش شد' }).waitFor();

    const document = new FormData();
    document.set('chat_id', String(chatId));
    document.set('caption', 'گزارش داوطلبان');
    document.set('document', new Blob(['name,province\nسارا,تهران\n'], { type: 'text/csv' }), 'volunteers.csv');
    expect((await call('sendDocument', document)).ok).toBe(true);
    const file = await waitForBot('گزارش داوطلبان');
    const [download] = await Promise.all([page.waitForEvent('download'), file.locator('a.file').click()]);
    expect(download.suggestedFilename()).toBe('volunteers.csv');

    const photo = new FormData();
    photo.set('chat_id', String(chatId));
    photo.set('caption', 'نمودار');
    photo.set('photo', new Blob([solidPng(160, 90, [15, 118, 110])], { type: 'image/png' }), 'chart.png');
    expect((await call('sendPhoto', photo)).ok).toBe(true);
    const picture = (await waitForBot('نمودار')).locator('img.photo');
    await vi.waitFor(async () =>
      expect(await picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(160),
    );
    await shot('08-formatting-files');
    noConsoleErrors();
  });

  it('when a drill fills the database and volunteers answer cards, then the drill counters fill up', async () => {
    await page.locator('#bot-switch').getByRole('radio', { name: 'بله' }).click();
    await page.getByRole('button', { name: 'رزمایش' }).first().click();
    const dialog = page.locator('#drill-dialog');
    await dialog.locator('input[name="count"]').fill('40');
    await dialog.locator('input[name="answerRate"]').fill('100');
    await dialog.locator('input[name="acceptRate"]').fill('50');
    await dialog.locator('input[name="minDelay"]').fill('0');
    await dialog.locator('input[name="maxDelay"]').fill('0.5');
    await dialog.getByRole('button', { name: 'پر کردن پایگاه داده' }).click();
    await dialog.locator('[data-stat="volunteers"]', { hasText: '۴۰' }).waitFor({ timeout: 30_000 });
    await dialog.locator('#drill-answering').check();
    await vi.waitFor(() => expect(webChat.drill.status().answering).toBe(true));
    expect(await h.database.models.volunteers.countDocuments({ _id: /^bale:9/ })).toBe(40);

    // Until call-ups exist, the test plays the bot and sends each drill volunteer a card (a real Bot API call).
    const drillIds = Array.from({ length: 10 }, (_, i) => 9_000_001 + i);
    for (const chatId of drillIds) {
      await fetch(`${h.sandbox.apiRoot}/bot${TEST_TOKENS.bale}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          chat_id: chatId,
          text: 'فراخوان آزمایشی',
          reply_markup: {
            inline_keyboard: [
              [
                { text: '✅ می‌آیم', callback_data: 'drill:yes' },
                { text: 'نمی‌آیم', callback_data: 'drill:no' },
              ],
            ],
          },
        }),
      });
    }
    await vi.waitFor(() => expect(webChat.drill.status()).toMatchObject({ cards: 10, answered: 10 }), 15_000);
    await dialog.locator('[data-stat="answered"]', { hasText: '۱۰' }).waitFor();
    const status = webChat.drill.status();
    expect(status.accepted + status.declined).toBe(10);
    expect(await page.locator('#drill-chip').textContent()).toContain('۴۰');
    await shot('09-drill');
    await dialog.getByRole('button', { name: 'بستن' }).click();
    // Drill volunteers stay out of the list of people one plays.
    expect(await page.locator('.user-item').count()).toBeLessThan(10);
    noConsoleErrors();
  });

  it('when the page is phone-sized, then the list and the chat take the screen one at a time', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    // A chat was open: on a phone it fills the screen, and "back" leads to the list.
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await page.locator('#back').click();
    await selectUser('مهسا نیک‌نام');
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await type('/help');
    await waitForBot(t('common:help.text').split('\n')[0]!);
    await shot('10-phone-chat');
    await page.locator('#back').click();
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    await shot('11-phone-list');
    await page.setViewportSize({ width: 1180, height: 820 });
    noConsoleErrors();
  });
});

/** A PNG of one colour, made here so the test needs no image file. */
function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
