import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sign } from '@telegram-apps/init-data-node';
import type { SimulatedUser } from 'bot-api-sandbox';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';
import { staffTools } from '../../support/staff-e2e.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '../../../test-artifacts/dashboard');
/** Generous: the suite shares two cores; the page is expected well within 2 s, and the test waits for the DOM. */
const WAIT_MS = 20_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];
const TEHRAN_COORDINATOR = 9201;
const ISFAHAN_COORDINATOR = 9202;

describe('the coordinators dashboard in a real browser (chromium ↔ dashboard ↔ bot ↔ sandbox, real database)', {
  timeout: 120_000,
}, () => {
  let h: CallUpHarness;
  let browser: Browser;
  let inTehran: CallUp;
  let inIsfahan: CallUp;
  let tehranVolunteers: Volunteer[];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const fa = () => h.t('fa');
  const base = () => `http://localhost:${h.app.port}/dashboard/`;

  /** A browser of its own (own cookies), phone- or desktop-sized. */
  const newPage = async (size: { width: number; height: number } = { width: 1280, height: 900 }): Promise<Page> => {
    const context = await browser.newContext({ viewport: size, locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  const chatOf = (userId: number): SimulatedUser =>
    h.sandbox.user({ token: TEST_TOKENS.telegram, userId, firstName: 'Coordinator', started: true });
  /** The one-time link the bot sends for /dashboard. */
  const signInLink = async (userId: number): Promise<string> => {
    const chat = chatOf(userId);
    // Only a link sent after this command: an earlier one in the chat may be used already.
    const after = Math.max(0, ...chat.messages().map((m) => m.message_id));
    chat.sendCommand('/dashboard');
    const reply = await chat.waitFor((m) => m.message_id > after && m.text?.includes('#signin=') === true, WAIT_MS);
    return /http\S+#signin=\S+/.exec(reply.text ?? '')![0];
  };
  const initDataFor = (userId: number, authDate = new Date()) =>
    sign({ user: { id: userId, first_name: 'Coordinator' } }, TEST_TOKENS.telegram, authDate);
  const miniApp = (initData: string) => `${base()}#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`;
  const shot = async (page: Page, name: string, annotate?: (m: string, a: { path: string }) => Promise<unknown>) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    await annotate?.(name, { path });
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
    await mkdir(ARTIFACTS, { recursive: true });
    h = await startCallUpBot();
    await staffTools(h).coordinator(TEHRAN_COORDINATOR, ['tehran']);
    await staffTools(h).coordinator(ISFAHAN_COORDINATOR, ['isfahan']);
    tehranVolunteers = [];
    for (let i = 0; i < 3; i++) tehranVolunteers.push(await h.volunteer({ specialty: 'gp', province: 'tehran' }));
    for (let i = 0; i < 2; i++) await h.volunteer({ specialty: 'gp', province: 'isfahan' });
    const spec = (title: string, province: string, city: string, type = 'earthquake') => ({
      type,
      title,
      description: 'به پزشک عمومی نیاز است.',
      province,
      city,
      needs: [{ specialty: 'gp', count: 2 }],
      start: 'now' as const,
      durationHours: 6,
      meetingPoint: 'درمانگاه مرکزی',
      contact: 'دفتر هلال احمر',
    });
    await createCallUpInChat(h.coordinator(), fa(), spec('زلزله‌ی ری', 'tehran', 'ری'));
    inTehran = await h.latestCallUp('زلزله‌ی ری');
    await createCallUpInChat(h.coordinator(), fa(), spec('زلزله‌ی کاشان', 'isfahan', 'کاشان', 'drill'));
    inIsfahan = await h.latestCallUp('زلزله‌ی کاشان');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await h?.stop();
    expect(pageErrors).toEqual([]);
  });

  it('when a coordinator opens the link /dashboard sent, then Now shows their call-up; the same link again is refused', async ({
    annotate,
  }) => {
    const link = await signInLink(TEHRAN_COORDINATOR);
    const page = await newPage();
    await page.goto(link);
    await page.locator(`#now [data-callup="${inTehran.id}"]`).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator(`[data-callup="${inIsfahan.id}"]`).count()).toBe(0);
    // The token is gone from the address once used.
    expect(page.url()).not.toContain('signin=');
    expect(await page.evaluate('getComputedStyle(document.body).fontFamily')).toContain('Vazirmatn');
    // Channel health: every card the call-up queued went out through Telegram.
    const cards = (await h.repositories.answers.listByCallUp(inTehran.id)).filter((i) => i.withdrawnAt === null);
    const digits = new Intl.NumberFormat('fa-IR');
    const allDelivered = fa()('dashboard:now.channel', {
      platform: fa()('dashboard:platforms.telegram'),
      delivered: digits.format(cards.length),
      pending: '۰',
      failed: '۰',
    });
    await page
      .locator(`#now [data-callup="${inTehran.id}"] [data-platform="telegram"]`, { hasText: allDelivered })
      .waitFor();
    await shot(page, 'now-desktop', annotate);

    const again = await newPage();
    await again.goto(link);
    await again.locator('#signed-out', { hasText: fa()('dashboard:signin.refused') }).waitFor();
  });

  it('when a Mini App sends signed initData, then the Isfahan coordinator is in; forged or expired initData is refused', async () => {
    const page = await newPage({ width: 390, height: 800 });
    await page.goto(miniApp(initDataFor(ISFAHAN_COORDINATOR)));
    await page.locator(`#now [data-callup="${inIsfahan.id}"]`).waitFor();

    const forged = initDataFor(ISFAHAN_COORDINATOR).replace(String(ISFAHAN_COORDINATOR), '9001');
    const expired = initDataFor(ISFAHAN_COORDINATOR, new Date(Date.now() - 2 * 3_600_000));
    for (const initData of [forged, expired]) {
      const refused = await newPage();
      await refused.goto(miniApp(initData));
      await refused.locator('#signed-out').waitFor();
      const status = await refused.evaluate('fetch("api/me").then((r) => r.status)');
      expect(status).toBe(401);
    }
  });

  it('when the Isfahan coordinator guesses the Tehran call-up’s addresses, then every one is refused and audited', async () => {
    const page = await newPage();
    await page.goto(miniApp(initDataFor(ISFAHAN_COORDINATOR)));
    await page.locator(`#now [data-callup="${inIsfahan.id}"]`).waitFor();
    await page.goto(`${base()}#/callup/${inTehran.id}`);
    await page.locator('#not-found').waitFor();
    expect(await page.locator('#people tr').count()).toBe(0);
    const statuses = await page.evaluate(`Promise.all([
      fetch("api/callups/${inTehran.id}/events").then((r) => r.status),
      fetch("api/callups/${inTehran.id}/export.csv").then((r) => r.status),
      fetch("api/callups/${inTehran.id}/actions/close", { method: "POST", headers: { "X-Nazr-Dashboard": "1" }, body: "{}" }).then((r) => r.status),
    ])`);
    expect(statuses).toEqual([404, 404, 404]);
    expect((await h.repositories.callUps.get(inTehran.id))?.status).toBe('open');
    const history = await await page.evaluate('fetch("api/history").then((r) => r.text())');
    expect(history).not.toContain(inTehran.id);

    await page.goto(`${base()}#/readiness`);
    await page.locator('#map [data-province="isfahan"][data-count="2"]').waitFor();
    expect(await page.locator('#map [data-province="tehran"]').getAttribute('class')).toBe('out');
    expect(await page.locator('#map [data-province="tehran"]').getAttribute('data-count')).toBeNull();
    const refusals = await h.database.models.auditEntries
      .find({ actor: `telegram:${ISFAHAN_COORDINATOR}`, action: 'access.refused' })
      .lean();
    expect(refusals.length).toBeGreaterThanOrEqual(3);
  });

  it('when a volunteer answers their card, then the open call-up page shows it without a reload', async ({
    annotate,
  }) => {
    const page = await newPage();
    await page.goto(await signInLink(TEHRAN_COORDINATOR));
    await page.locator(`#now [data-callup="${inTehran.id}"]`).waitFor();
    await page.goto(`${base()}#/callup/${inTehran.id}`);
    await page.locator('#people tr').first().waitFor();
    const coming = page.locator('#people tr[data-answer="yes"]');
    expect(await coming.count()).toBe(0);

    const volunteer = tehranVolunteers[0]!;
    const chat = h.chatOf(volunteer);
    const card = await chat.waitFor((m) => buttonsOf(m).includes(fa()('callup:card.yes')), WAIT_MS);
    chat.press(fa()('callup:card.yes'), card.message_id);
    await coming.first().waitFor();
    expect(await coming.first().textContent()).toContain(volunteer.name);
    // A Tehran coordinator sees Tehran volunteers' phones.
    const mobile = coming.first().locator('td.mobile a');
    expect(await mobile.getAttribute('href')).toBe(`tel:${volunteer.mobile}`);
    // As the bot shows it: 0912 001 0001 in Persian digits.
    const local = `0${volunteer.mobile.slice(3)}`;
    const persian = `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`.replace(
      /[0-9]/g,
      (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!,
    );
    expect(await mobile.textContent()).toBe(persian);
    await page
      .locator('[data-specialty="gp"]', {
        hasText: fa()('dashboard:now.need', { label: 'پزشک عمومی', confirmed: '۱', need: '۲' }),
      })
      .waitFor();
    await shot(page, 'callup-desktop', annotate);
    await page.setViewportSize({ width: 390, height: 800 });
    await shot(page, 'callup-phone', annotate);
  });

  it('when the coordinator messages the confirmed and stops recruiting on the dashboard, then the chats show both', async () => {
    const page = await newPage();
    await page.goto(await signInLink(TEHRAN_COORDINATOR));
    await page.locator(`#now [data-callup="${inTehran.id}"]`).waitFor();
    await page.goto(`${base()}#/callup/${inTehran.id}`);
    page.on('dialog', (dialog) => void dialog.accept());
    // Messaging the confirmed first: the volunteer who said yes gets it in their chat.
    await page.locator('#message-text').fill('لطفاً کارت نظام پزشکی همراه داشته باشید.');
    await page.locator('#actions [data-action="message"]').click();
    await page.locator('#toast', { hasText: fa()('dashboard:actions.done_message', { n: '۱' }) }).waitFor();
    await h.chatOf(tehranVolunteers[0]!).waitFor((m) => m.text?.includes('کارت نظام پزشکی') === true, WAIT_MS);
    // Editing the meeting point: the confirmed are told, as from the chat's board.
    await page.locator('#update-field').selectOption('meetingPoint');
    await page.locator('#update-value').fill('بیمارستان شهدای ری، درِ شمالی');
    await page.locator('#actions [data-action="update"]').click();
    await page.locator('#toast', { hasText: fa()('dashboard:actions.done_update', { n: '۱' }) }).waitFor();
    await h.chatOf(tehranVolunteers[0]!).waitFor((m) => m.text?.includes('درِ شمالی') === true, WAIT_MS);
    expect((await h.repositories.callUps.get(inTehran.id))?.meetingPoint).toBe('بیمارستان شهدای ری، درِ شمالی');
    await page.locator('#actions [data-action="close"]').click();
    await page.locator('#summary [data-status="closed"]').waitFor();
    const admin = h.coordinator();
    const closed = fa()('callup:board.status.closed');
    await vi.waitFor(
      () => {
        const board = admin.messages().find((m) => m.message_id === inTehran.statusMessageId);
        expect(board?.text).toContain(closed);
      },
      { timeout: WAIT_MS, interval: 100 },
    );
    const changes = await h.database.models.auditEntries
      .find({ actor: `telegram:${TEHRAN_COORDINATOR}`, action: 'callup.changed', target: inTehran.id })
      .lean();
    expect(changes.map((entry) => entry.details?.change)).toEqual(['meetingPoint', 'closed']);
    const messaged = await h.database.models.auditEntries
      .find({ actor: `telegram:${TEHRAN_COORDINATOR}`, action: 'callup.messaged', target: inTehran.id })
      .lean();
    expect(messaged.map((entry) => entry.details)).toEqual([{ sent: 1 }]);
  });

  it('when the board’s dashboard button is pressed, then a sign-in link comes; readiness and history show on a phone', async ({
    annotate,
  }) => {
    const admin = h.coordinator();
    const board = admin.messages().find((m) => m.message_id === inIsfahan.statusMessageId)!;
    admin.press(fa()('dashboard:bot.menu'), board.message_id);
    const reply = await admin.waitFor((m) => m.text?.includes('#signin=') === true, WAIT_MS);
    const page = await newPage({ width: 390, height: 800 });
    await page.goto(/http\S+#signin=\S+/.exec(reply.text ?? '')![0]);
    await page.locator(`#now [data-callup="${inIsfahan.id}"]`).waitFor();
    await page.goto(`${base()}#/readiness`);
    await page.locator('#map [data-province="tehran"][data-count="3"]').waitFor();
    await shot(page, 'readiness-phone', annotate);
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, 'readiness-desktop', annotate);
    await page.goto(`${base()}#/history`);
    await page.locator(`#history [data-callup="${inTehran.id}"]`).waitFor();
    await shot(page, 'history-desktop', annotate);
  });

  it('when the coordinator chose English, then the dashboard is in English, left to right', async ({ annotate }) => {
    await createUserRepository(h.database.models).setLocale(`telegram:${TEHRAN_COORDINATOR}`, 'en');
    const page = await newPage();
    await page.goto(await signInLink(TEHRAN_COORDINATOR));
    await page.locator('#nav a[data-page="now"]', { hasText: h.t('en')('dashboard:nav.now') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.goto(`${base()}#/history`);
    await page.locator(`#history [data-callup="${inTehran.id}"]`).waitFor();
    await shot(page, 'history-english', annotate);
  });

  // Last: it moves the clock past the event's end.
  it('when the event is over, then the coordinator marks on the dashboard who came and their hours are recorded once', async () => {
    await createUserRepository(h.database.models).setLocale(`telegram:${TEHRAN_COORDINATOR}`, 'en');
    const page = await newPage();
    await page.goto(await signInLink(TEHRAN_COORDINATOR));
    await page.locator('#nav a[data-page="now"]').waitFor();
    const attend = (index: number) =>
      page.evaluate(`fetch("api/callups/${inTehran.id}/actions/attend", {
        method: "POST", headers: { "X-Nazr-Dashboard": "1" }, body: JSON.stringify({ index: ${index} }),
      }).then((r) => r.status)`);
    // Not before the end, as the chat's board does not offer it either.
    expect(await attend(0)).toBe(409);

    h.clock.set(new Date(inTehran.startsAt.getTime() + (inTehran.durationHours + 1) * 3_600_000));
    await page.goto(`${base()}#/callup/${inTehran.id}`);
    const came = page.locator('#attendance-list li');
    await came.first().waitFor();
    // Only the one who said yes holds a seat.
    expect(await came.count()).toBe(1);
    expect(await came.first().textContent()).toContain(tehranVolunteers[0]!.name);
    await came.first().locator('input').check();
    await page.locator('#attendance-list li[data-attended="true"]').waitFor();
    await page.locator('#attendance [data-action="attend_save"]').click();
    const en = h.t('en');
    await page
      .locator('#toast', {
        hasText: en('dashboard:attendance.saved', { n: '1', hours: String(inTehran.durationHours) }),
      })
      .waitFor();
    expect(await came.first().locator('input').isDisabled()).toBe(true);
    // Saving again credits no one twice.
    await page.locator('#attendance [data-action="attend_save"]').click();
    await page
      .locator('#toast', {
        hasText: en('dashboard:attendance.saved', { n: '0', hours: String(inTehran.durationHours) }),
      })
      .waitFor();
    const volunteer = await h.repositories.volunteers.get(tehranVolunteers[0]!.key);
    expect(volunteer?.hoursServed).toBe(tehranVolunteers[0]!.hoursServed + inTehran.durationHours);
    const saved = await h.database.models.auditEntries
      .find({ actor: `telegram:${TEHRAN_COORDINATOR}`, action: 'callup.changed', 'details.change': 'attendance_saved' })
      .lean();
    expect(saved).toHaveLength(2);

    // Both are over now: the admin's history scores the Isfahan drill per specialty (nobody answered it).
    const admin = await newPage();
    await admin.goto(await signInLink(9001));
    await admin.locator('#nav a[data-page="history"]').click();
    const score = fa()('dashboard:history.drill_score', {
      label: 'پزشک عمومی',
      confirmed: '۰',
      need: '۲',
      time: fa()('dashboard:history.not_filled'),
    });
    await admin.locator(`#history [data-callup="${inIsfahan.id}"] [data-score="gp"]`, { hasText: score }).waitFor();
    expect(await admin.locator(`#history [data-callup="${inTehran.id}"] [data-score]`).count()).toBe(0);
  });
});
