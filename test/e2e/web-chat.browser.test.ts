import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import webChatLabels from '../../locales/fa/webchat.json' with { type: 'json' };
import { boardFigures } from '../../src/domain/callups/figures.ts';
import { getCrisisType, getUrgencyLevel, type UrgencyCode } from '../../src/domain/reference/crisis-types.ts';
import { getProvince } from '../../src/domain/reference/provinces.ts';
import { getSpecialty, getSpecialtyGroup } from '../../src/domain/reference/specialties.ts';
import type { Tr } from '../../src/i18n/index.ts';
import { createCallUpRepository } from '../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../src/persistence/repositories/callup-answer.repository.ts';
import { durationText } from '../../src/services/callups/callup-texts.ts';
import { sandboxAdminIds } from '../../workbench/sandbox-bots.ts';
import { createServiceSeeder } from '../../workbench/web-chat/volunteer-seeder.ts';
import type { WebChat } from '../../workbench/web-chat/web-chat.ts';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../support/bot-harness.ts';
import { translator } from '../support/registration-driver.ts';
import { startWebChatOn } from '../support/web-chat-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/web-chat');
/**
 * How long a step may take to show: the suite runs two files at a time on two cores, and a file beside this one that
 * kills and restarts bot processes has held the bot's reply back by more than 10 s.
 */
const WAIT_MS = 30_000;
const formatFa = (n: number) => new Intl.NumberFormat('fa-IR').format(n);
/** The board is edited at most every 3 s, and the outbox paces each chat: answers take a few seconds to show. */
const BOARD_WAIT_MS = 30_000;
const COORDINATOR = 'مهسا نیک‌نام';
const VOLUNTEER = 'نرگس کاظمی';

/** A call-up as the coordinator makes it in the page; only specialties the type pre-selects, so no paging. */
interface PageCallUp {
  type: string;
  urgency: UrgencyCode;
  title: string;
  province: string;
  city: string;
  needs: { specialty: string; count: number }[];
}

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

describe('the sandbox web chat in a real browser (chromium ↔ web chat ↔ sandbox ↔ bot, real database)', {
  timeout: 90_000,
}, () => {
  let h: BotHarness;
  let webChat: WebChat;
  let profileDir: string;
  let browser: BrowserContext;
  let page: Page;
  let t: Tr;
  let tEn: Tr;
  const consoleErrors: string[] = [];
  /** While set, registering drill volunteers fails with this reason, as a database that went away would. */
  let seedFailure: string | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium, as .ci/run does) ` +
          'or set CHROMIUM_PATH. The browser tests are not skipped.',
      );
    }
    t = await translator('fa');
    tEn = await translator('en');
    // The admin ids sandbox mode uses without ADMIN_IDS: a demo coordinator on each bot, and spares.
    h = await startTestBot({
      adminIds: sandboxAdminIds(['telegram', 'bale']),
      sandbox: { limits: { perChatPerSecond: 1000, perChatBurst: 1000 } },
    });
    const seed = createServiceSeeder(h.app.volunteers);
    webChat = await startWebChatOn(h, {
      seed: (batch) => (seedFailure ? Promise.reject(new Error(seedFailure)) : seed(batch)),
    });
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
    const item = page.locator('.user-item', { hasText: name }).first();
    const userId = await item.getAttribute('data-user-id');
    await item.click();
    await page.locator('#chat-name', { hasText: name }).waitFor();
    // The header changes at once; the messages once the chat is read: until then the last chat's are on screen.
    await page.locator(`#messages[data-user-id="${userId}"]`).waitFor();
  };
  const noConsoleErrors = () => expect(consoleErrors).toEqual([]);
  /** The coordinator's live status message of a call-up (not the preview, which holds the title too). */
  const boardOf = (title: string) =>
    messages()
      .locator('.message.in')
      .filter({ hasText: firstLine('callup:board.title') })
      .filter({ hasText: title });
  const typeName = (code: string) => getCrisisType(code)!.fa;
  const specialtyName = (code: string) => getSpecialty(code)!.fa;

  /** Ids and texts of the open chat's bot messages, oldest first. */
  const botMessages = () =>
    messages()
      .locator('.message.in')
      .evaluateAll((nodes) =>
        (nodes as unknown as { dataset: { messageId: string }; textContent: string | null }[]).map((node) => ({
          id: Number(node.dataset.messageId),
          text: node.textContent ?? '',
        })),
      );
  /** The newest bot message after message `since` that holds the text: an earlier call-up's questions do not count. */
  const botMessageAfter = async (since: number, text: string): Promise<Locator> => {
    const id = await vi.waitFor(
      async () => {
        const found = (await botMessages()).filter((m) => m.id > since && m.text.includes(text)).at(-1);
        if (!found) throw new Error(`no bot message with «${text}» after ${since} yet`);
        return found.id;
      },
      { timeout: WAIT_MS, interval: 50 },
    );
    return messages().locator(`[data-message-id="${id}"]`);
  };
  const button = (message: Locator, label: string) => message.getByRole('button', { name: label, exact: true });

  /**
   * The open coordinator sends a call-up through the bot's creation flow, pressing and typing as a person does; the
   * exact place is shared from the attach menu. Resolves with the id of the status message.
   */
  const sendCallUp = async (callUp: PageCallUp, shots: { specialties?: string; preview?: string } = {}) => {
    const since = Math.max(0, ...(await botMessages()).map((m) => m.id));
    const question = (text: string) => botMessageAfter(since, text);
    const answer = async (text: string, label: string) => button(await question(text), label).click();

    await press(t('callup:menu.new'));
    const types = await question(t('callup:create.type').split('\n')[1]!);
    // The list of types is paged: turn pages, each an edit of the same message, until the type shows.
    while ((await button(types, typeName(callUp.type)).count()) === 0) {
      const first = await types.locator('.inline-button').first().textContent();
      await button(types, t('registration:keyboard.next')).click();
      await vi.waitFor(async () => expect(await types.locator('.inline-button').first().textContent()).not.toBe(first));
    }
    await button(types, typeName(callUp.type)).click();
    const urgency = getUrgencyLevel(callUp.urgency)!.fa;
    const defaultUrgency = getUrgencyLevel(getCrisisType(callUp.type)!.defaultUrgency)!.fa;
    await answer(
      firstLine('callup:create.urgency'),
      urgency === defaultUrgency ? t('callup:create.urgency_default', { name: urgency }) : urgency,
    );
    await question(firstLine('callup:create.title'));
    await type(callUp.title);
    await question(t('callup:create.description'));
    await type('چند خودرو با هم برخورد کرده‌اند و مصدومان به اورژانس آورده می‌شوند.');
    await question(t('callup:create.province'));
    await type(getProvince(callUp.province)!.fa);
    await question(t('callup:create.city'));
    await type(callUp.city);
    await question(firstLine('callup:create.location'));
    // «📎 ← موقعیت مکانی», as the bot asks: the attach menu shares a location.
    await page.locator('#attach-button').click();
    await page.locator('#share-location').click();
    // Whom to reach: the whole province, as before call-ups by distance.
    await answer(t('callup:create.target', { center: '' }).split('؟')[0]!, t('callup:create.target_province'));

    const specialties = await question(firstLine('callup:create.specialties'));
    const wanted = new Set(callUp.needs.map((need) => need.specialty));
    const preselected = getCrisisType(callUp.type)!.typicalSpecialties;
    expect(preselected).toEqual(expect.arrayContaining([...wanted]));
    for (const code of preselected.filter((c) => !wanted.has(c))) {
      await button(specialties, t('registration:keyboard.selected', { label: specialtyName(code) })).click();
      await button(specialties, specialtyName(code)).waitFor();
    }
    if (shots.specialties) await shot(shots.specialties);
    await button(specialties, t('registration:keyboard.done')).click();
    const asked = preselected.filter((code) => wanted.has(code));
    for (const [index, code] of asked.entries()) {
      const count = callUp.needs.find((need) => need.specialty === code)!.count;
      await answer(
        t('callup:create.count', { specialty: specialtyName(code), index: index + 1, total: asked.length }),
        t('callup:create.count_button', { n: count }),
      );
    }
    await answer(firstLine('callup:create.start'), t('callup:create.start_now'));
    await answer(firstLine('callup:create.duration'), durationText(t, 4));
    await question(firstLine('callup:create.meeting'));
    await type('بیمارستان سینا، درِ اورژانس');
    await question(firstLine('callup:create.contact'));
    await type('دکتر رحیمی ۰۹۱۲۱۲۳۴۵۶۷');
    const preview = await question(firstLine('callup:create.preview'));
    if (shots.preview) await shot(shots.preview);
    await button(preview, t('callup:create.send')).click();
    await question(firstLine('callup:create.sent'));
    const board = boardOf(callUp.title);
    await board.waitFor();
    return Number(await board.getAttribute('data-message-id'));
  };

  it('when the page opens, then it is Persian, right to left, with the demo coordinator and volunteers on Bale', async () => {
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('fa');
    await page.locator('.user-item').nth(4).waitFor();
    const names = await page.locator('.user-item .user-name').allTextContents();
    expect(names.join('|')).toContain(COORDINATOR);
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
    await waitForBot(firstLine('registration:mobile.ask'));
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
    await waitForBot(firstLine('registration:location.ask'));
    await press(t('registration:location.skip'));
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
    await inlineButton(t('missions:intro.skip')).waitFor();
    await press(t('missions:intro.skip'));
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
    // The spinner stops with the answer, even when the answer beat the press's own reply (not after a 4 s timeout).
    await vi.waitFor(async () => expect(await page.locator('.inline-button.pending').count()).toBe(0), 2000);
    await shot('07-alert');
    await dialog.getByRole('button', { name: t('webchat:alert.ok') }).click();
    await dialog.waitFor({ state: 'detached' });
    await type('/help');
    await waitForBot(t('common:help.text').split('\n')[0]!);
    noConsoleErrors();
  });

  it('when the coordinator sends a call-up in the chat and the volunteer answers «می‌آیم», then the status message shows it in place', async () => {
    // The volunteer registered above is an emergency nurse in Tehran: one is needed, and the first wave (three times
    // the need) reaches every match there is.
    await selectUser(COORDINATOR);
    await page
      .locator('.empty-chat')
      .getByRole('button', { name: t('webchat:chat.start') })
      .click();
    await waitForBot(firstLine('common:start.welcome'));
    const title = 'تصادف زنجیره‌ای آزادراه تهران–قم';
    const nurse = specialtyName('nurse_emergency');
    const boardId = await sendCallUp(
      {
        type: 'mass_casualty_incident',
        urgency: 'immediate',
        title,
        province: 'tehran',
        city: 'تهران',
        needs: [{ specialty: 'nurse_emergency', count: 1 }],
      },
      { specialties: '08-callup-specialties', preview: '09-callup-preview' },
    );
    const board = messages().locator(`[data-message-id="${boardId}"]`);
    expect(await board.textContent()).toContain(t('callup:board.need', { specialty: nurse, confirmed: 0, need: 1 }));
    await shot('10-callup-board');

    await selectUser(VOLUNTEER);
    const card = await waitForBot(title);
    const cardId = await card.getAttribute('data-message-id');
    expect(await card.locator('.inline-button').allTextContents()).toEqual([
      t('callup:card.yes'),
      t('callup:card.late'),
      t('callup:card.no'),
    ]);
    await shot('11-callup-card');
    await card.getByRole('button', { name: t('callup:card.yes'), exact: true }).click();
    // A toast (answerCallbackQuery without show_alert), the card edited in place, then where to go.
    await page.locator('#toasts .toast', { hasText: t('callup:toast.saved') }).waitFor();
    const answered = messages().locator(`[data-message-id="${cardId}"]`);
    await answered.filter({ hasText: t('callup:answered.yes') }).waitFor();
    expect(await answered.locator('.edited').count()).toBe(1);
    await waitForBot(t('callup:confirmed.thanks'));
    await shot('12-callup-answered');

    await selectUser(COORDINATOR);
    const filled = board
      .filter({ hasText: t('callup:board.need_met', { specialty: nurse, confirmed: 1, need: 1 }) })
      .filter({ hasText: t('callup:board.status.filled') });
    await filled.waitFor({ timeout: BOARD_WAIT_MS });
    expect(await filled.locator('.edited').count()).toBe(1);
    // Edited in place: still the one status message.
    expect(await boardOf(title).count()).toBe(1);
    await shot('13-callup-board-filled');
    noConsoleErrors();
  }, 90_000);

  it('when Telegram is chosen, then its demo coordinator is there and a new coordinator takes a spare admin id', async () => {
    await page.locator('#bot-switch').getByRole('radio', { name: 'تلگرام' }).click();
    const coordinators = page.locator('.user-item').filter({ has: page.locator('.badge.coordinator') });
    await coordinators.filter({ hasText: COORDINATOR }).waitFor();
    await page.getByRole('button', { name: 'کاربر تازه' }).click();
    const dialog = page.locator('#create-dialog');
    expect(await dialog.locator('#coordinator-note').textContent()).toBe(
      t('webchat:create.coordinator_note', { free: 9, total: 10 }),
    );
    await dialog.locator('input[name="firstName"]').fill('حمید');
    await dialog.locator('select[name="role"]').selectOption('coordinator');
    await dialog.getByRole('button', { name: 'ساختن' }).click();
    await page.locator('#chat-name', { hasText: 'حمید' }).waitFor();
    await vi.waitFor(async () => expect(await coordinators.count()).toBe(2));
    expect(await page.locator('.user-item[aria-current="true"]').getAttribute('data-user-id')).toBe('1901');
    await type('/start');
    // An admin: the menu offers a new call-up.
    await inlineButton(t('callup:menu.new')).waitFor();
    await shot('14-telegram-coordinator');
    noConsoleErrors();
  });

  it('when the bot sends formatting, a document, a photo and a location keyboard, then they show safely and work', async () => {
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
    const bytes = Buffer.byteLength('name,province\nسارا,تهران\n');
    expect(await file.locator('.file-size').textContent()).toBe(t('webchat:chat.size.bytes', { n: bytes }));

    const photo = new FormData();
    photo.set('chat_id', String(chatId));
    photo.set('caption', 'نمودار');
    photo.set('photo', new Blob([solidPng(160, 90, [15, 118, 110])], { type: 'image/png' }), 'chart.png');
    expect((await call('sendPhoto', photo)).ok).toBe(true);
    const picture = (await waitForBot('نمودار')).locator('img.photo');
    await vi.waitFor(async () =>
      expect(await picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(160),
    );

    // A reply keyboard with "share location" (request_location) sends a location from the simulated user.
    const where = 'ارسال موقعیت من';
    const locations: { latitude: number; longitude: number }[] = [];
    const off = h.sandbox.on('update', ({ update }) => {
      if (update.message?.location) locations.push(update.message.location);
    });
    await call('sendMessage', {
      chat_id: chatId,
      text: 'کجا هستید؟',
      reply_markup: { keyboard: [[{ text: where, request_location: true }]], one_time_keyboard: true },
    });
    await page.locator('#reply-keyboard').getByRole('button', { name: where }).click();
    const shared = messages().locator('.message.out .location').last();
    await shared.waitFor();
    off();
    expect(locations).toHaveLength(1);
    // The page formats numbers itself (Intl), and the separator between them comes from its labels.
    const digits = new Intl.NumberFormat('fa-IR');
    expect(await shared.textContent()).toContain(
      webChatLabels.chat.location
        .replace('{{latitude, num}}', digits.format(locations[0]!.latitude))
        .replace('{{longitude, num}}', digits.format(locations[0]!.longitude)),
    );
    await page.locator('#reply-keyboard').waitFor({ state: 'hidden' });
    await shot('15-formatting-files-location');
    noConsoleErrors();
  });

  it('when a drill fill fails, then the dialog says so; filled again, the crowd answers a drill call-up on the board', async () => {
    await page.locator('#bot-switch').getByRole('radio', { name: 'بله' }).click();
    await page.getByRole('button', { name: 'رزمایش' }).first().click();
    const dialog = page.locator('#drill-dialog');
    // The fields speak the counters' digits: «۵۰۰», «۷۰», «۶۰», not 500/70/60.
    const field = (name: string) => dialog.locator(`input[name="${name}"]`);
    expect(await field('count').inputValue()).toBe('۵۰۰');
    expect(await field('answerRate').inputValue()).toBe('۷۰');
    expect(await field('acceptRate').inputValue()).toBe('۶۰');
    expect(await field('maxDelay').inputValue()).toBe('۱۵');
    await field('count').fill('۴۰');
    seedFailure = 'the database went away';
    await dialog.getByRole('button', { name: 'پر کردن پایگاه داده' }).click();
    const failure = dialog.locator('#drill-error');
    await failure.waitFor();
    expect(await failure.textContent()).toContain(t('webchat:errors.drill_seed_failed'));
    expect(await failure.textContent()).toContain('the database went away');
    await shot('16-drill-fill-failed');

    seedFailure = undefined;
    await dialog.getByRole('button', { name: 'پر کردن پایگاه داده' }).click();
    await dialog.locator('[data-stat="volunteers"]', { hasText: '۴۰' }).waitFor({ timeout: 30_000 });
    await failure.waitFor({ state: 'hidden' });
    expect(await h.database.models.volunteers.countDocuments({ _id: /^bale:9/ })).toBe(40);
    // Any digits are read: Persian, Arabic-Indic, Latin, and «٫» as the decimal point.
    await field('answerRate').fill('۱۰۰');
    await field('acceptRate').fill('٥٠');
    await field('minDelay').fill('0');
    await field('maxDelay').fill('۰٫۵');
    await dialog.locator('#drill-answering').check();
    await vi.waitFor(() =>
      expect(webChat.drill.status()).toMatchObject({
        answering: true,
        settings: { answerRate: 1, acceptRate: 0.5, minDelayMs: 0, maxDelayMs: 500 },
      }),
    );
    await dialog.getByRole('button', { name: 'بستن' }).click();
    // Drill volunteers stay out of the list of people one plays.
    expect(await page.locator('.user-item').count()).toBeLessThan(10);

    // The crowd leans to Tehran (see simulated-volunteers.ts): emergency physicians and EMS technicians are there.
    await selectUser(COORDINATOR);
    const title = 'رزمایش زلزله‌ی تهران';
    const boardId = await sendCallUp({
      type: 'drill',
      urgency: 'immediate',
      title,
      province: 'tehran',
      city: 'تهران',
      needs: [
        { specialty: 'emergency_medicine', count: 2 },
        { specialty: 'ems_technician', count: 2 },
      ],
    });
    const board = messages().locator(`[data-message-id="${boardId}"]`);
    const callUp = (await createCallUpRepository(h.database.models).listRecent(new Date(0), null)).find(
      (candidate) => candidate.title === title,
    )!;
    const invitations = createCallUpAnswerRepository(h.database.models);
    // Every card answered or missed, and the board says what the database says, answers included.
    await vi.waitFor(
      async () => {
        const drill = webChat.drill.status();
        expect(drill.cards).toBeGreaterThan(0);
        expect(drill.answered + drill.missed).toBe(drill.cards);
        const figures = boardFigures(callUp, await invitations.listByCallUp(callUp.id));
        expect(figures.invited).toBe(drill.cards);
        expect(figures.confirmed + figures.waiting + figures.declined).toBe(drill.answered);
        const text = (await board.textContent()) ?? '';
        expect(text).toContain(
          t('callup:board.answers', { declined: figures.declined, waiting: figures.waiting, none: figures.noAnswer }),
        );
        for (const need of figures.needs) {
          const key = need.confirmed >= need.need ? 'callup:board.need_met' : 'callup:board.need';
          expect(text).toContain(t(key, { ...need, specialty: specialtyName(need.specialty) }));
        }
      },
      { timeout: BOARD_WAIT_MS, interval: 500 },
    );
    expect(webChat.drill.status().answered).toBeGreaterThan(0);
    await board.scrollIntoViewIfNeeded();
    await shot('17-drill-board');
    await page.locator('#drill-chip').click();
    await dialog.locator('[data-stat="answered"]', { hasText: formatFa(webChat.drill.status().answered) }).waitFor();
    await shot('18-drill-counters');
    await dialog.getByRole('button', { name: 'بستن' }).click();
    noConsoleErrors();
  }, 120_000);

  it('when the page is phone-sized, then the list and the chat take the screen one at a time', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    // A chat was open: on a phone it fills the screen, and "back" leads to the list.
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await page.locator('#back').click();
    await selectUser(COORDINATOR);
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await type('/help');
    await waitForBot(t('common:help.text').split('\n')[0]!);
    await shot('19-phone-chat');
    await page.locator('#back').click();
    expect(await page.locator('#sidebar').isVisible()).toBe(true);
    await shot('20-phone-list');
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
