import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SmsGatewayEmulator, startSmsEmulator } from 'bot-api-sandbox';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webChatLabels from '../../locales/fa/webchat.json' with { type: 'json' };
import { createSmsGateway } from '../../src/messaging/sms/create-sms-gateway.ts';
import { smsCallbackPath } from '../../src/server/sms-callbacks.ts';
import type { WebChat } from '../../workbench/web-chat/web-chat.ts';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../support/bot-harness.ts';
import { startWebChatOn } from '../support/web-chat-harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SMS = { provider: 'smsir' as const, apiKey: 'web-chat-sms-browser', sender: '3000505' };
const PHONE = '+989121110033';
const labels = webChatLabels.sms;

describe('the web chat SMS dialog in a real browser (chromium ↔ web chat ↔ SMS emulator ↔ bot)', {
  timeout: 90_000,
}, () => {
  let h: BotHarness;
  let emulator: SmsGatewayEmulator;
  let webChat: WebChat;
  let profileDir: string;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: install it or set CHROMIUM_PATH.`);
    emulator = await startSmsEmulator({ apiKey: SMS.apiKey });
    h = await startTestBot({ config: { sms: { ...SMS, apiRoot: emulator.apiRoot } } });
    emulator.connect({
      provider: 'smsir',
      inboundUrl: `http://127.0.0.1:${h.app.port}${smsCallbackPath(SMS.apiKey, 'inbound')}`,
    });
    webChat = await startWebChatOn(h, { sms: emulator });
    profileDir = await mkdtemp(join(tmpdir(), 'nazr-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'fa-IR',
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
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
    await emulator?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    expect(consoleErrors).toEqual([]);
  });

  it('when a person got an SMS, then the SMS dialog shows it live and their reply typed there reaches the gateway', async () => {
    await page.getByRole('button', { name: labels.open, exact: true }).click();
    await page.locator('#sms-dialog').getByText(labels.empty).waitFor();
    await createSmsGateway({ ...SMS, apiRoot: emulator.apiRoot })!.send(PHONE, 'card by SMS');
    const phone = page.locator(`.sms-phone[data-phone="${PHONE}"]`);
    await phone.locator('.sms-text.from-bot', { hasText: 'card by SMS' }).waitFor();
    await phone.locator('input[name="text"]').fill('۱');
    await phone.locator('input[name="text"]').press('Enter');
    await page.locator(`.sms-phone[data-phone="${PHONE}"] .sms-text.from-person`, { hasText: '۱' }).waitFor();
    expect(
      emulator
        .phone(PHONE)
        .messages()
        .map((m) => [m.direction, m.text]),
    ).toEqual([
      ['in', 'card by SMS'],
      ['out', '۱'],
    ]);
  });

  it('when Bale is taken down in the dialog, then its bot fails until it is brought up', async () => {
    const getMe = () => fetch(`${h.sandbox.apiRoot}/bot${TEST_TOKENS.bale}/getMe`).then((r) => r.status);
    // The page isolates the inserted name (U+2068…U+2069), so the button is found by the platform's name.
    const button = page.locator('#sms-platforms button', { hasText: webChatLabels.bots.bale });
    const lead = (label: string) => label.split('{{')[0]!.trim();
    await button.click();
    await button.filter({ hasText: lead(labels.platform_up) }).waitFor();
    expect(await getMe()).toBe(502);
    await button.click();
    // Bale's own button, not any «قطع …»: Telegram's, up all along, shows that label before Bale's is brought up.
    await button.filter({ hasText: lead(labels.platform_down) }).waitFor();
    expect(await getMe()).toBe(200);
  });
});
