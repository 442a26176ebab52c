import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sign } from '@telegram-apps/init-data-node';
import type { SimulatedUser } from 'bot-api-sandbox';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mission } from '../../../src/domain/missions/mission.ts';
import { EMPTY_MISSION_PLEDGE } from '../../../src/domain/missions/mission-pledge.ts';
import { addDays } from '../../../src/domain/text/tehran-clock.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createMissionRepository } from '../../../src/persistence/repositories/missions/mission.repository.ts';
import { createMissionPledgeRepository } from '../../../src/persistence/repositories/missions/mission-pledge.repository.ts';
import { TEST_TOKENS } from '../../support/bot-harness.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';
import { staffTools } from '../../support/staff-e2e.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '../../../test-artifacts/dashboard');
/** Generous: the suite shares two cores; the test waits for the DOM, never for a fixed time. */
const WAIT_MS = 20_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const TEHRAN_COORDINATOR = 9211;
const ISFAHAN_COORDINATOR = 9212;
const MISSION_ID = 'rey00001';
const TITLE = 'بیمارستان صحرایی ری';
/** How the bot shows a title or a name inside a sentence: isolated, so its direction is its own. */
const isolated = (text: string) => `\u2068${text}\u2069`;

describe('a mission’s shortlist on the coordinators dashboard (chromium ↔ dashboard ↔ bot ↔ sandbox, real database)', {
  timeout: 120_000,
}, () => {
  let h: CallUpHarness;
  let browser: Browser;
  const shortlisted: Volunteer[] = [];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const fa = () => h.t('fa');
  const base = () => `http://localhost:${h.app.port}/dashboard/`;

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  };
  const chatOf = (userId: number): SimulatedUser =>
    h.sandbox.user({ token: TEST_TOKENS.telegram, userId, firstName: 'Coordinator', started: true });
  /** Signed in as a Mini App would be: initData signed with the bot's token. */
  const signedIn = async (userId: number): Promise<Page> => {
    const page = await newPage();
    const initData = sign({ user: { id: userId, first_name: 'Coordinator' } }, TEST_TOKENS.telegram, new Date());
    await page.goto(`${base()}#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`);
    await page.locator('#nav a[data-page="now"]').waitFor();
    return page;
  };
  const stateOf = async (v: Volunteer) =>
    (await createMissionRepository(h.database.models).answerOf(MISSION_ID, v.key))?.state;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH.`);
    await mkdir(ARTIFACTS, { recursive: true });
    h = await startCallUpBot();
    const at = h.clock.now();
    await staffTools(h).coordinator(TEHRAN_COORDINATOR, ['tehran']);
    await staffTools(h).coordinator(ISFAHAN_COORDINATOR, ['isfahan']);
    // A mission at home the Tehran coordinator sent; three volunteers said «داوطلبم», in this order.
    const pledges = createMissionPledgeRepository(h.database.models);
    for (let i = 0; i < 3; i++) {
      const v = await h.volunteer({ specialty: 'gp', province: 'tehran' });
      const pledge = { ...EMPTY_MISSION_PLEDGE, homeWeeks: 2, languages: [{ code: 'arabic', level: 'fluent' }] };
      await pledges.save(v.key, { ...pledge, passportExpiry: { jy: 1412, jm: 1 } }, at);
      shortlisted.push(v);
    }
    const mission: Mission = {
      id: MISSION_ID,
      kind: 'mission',
      title: TITLE,
      destination: { kind: 'home', province: 'tehran', city: 'ری' },
      requirements: {
        abroad: false,
        startsOn: addDays(at, 10),
        endsOn: addDays(at, 24),
        passportMonthsAfterReturn: null,
        languages: [],
        trainings: [],
        vaccinations: [],
      },
      needs: [{ specialty: 'gp', count: 1 }],
      meetingPoint: 'بیمارستان شهدای ری',
      contact: 'دفتر هلال احمر',
      status: 'open',
      coordinator: {
        key: `telegram:${TEHRAN_COORDINATOR}`,
        platform: 'telegram',
        chatId: String(TEHRAN_COORDINATOR),
        locale: 'fa',
      },
      invited: 3,
      confirmationsSentAt: null,
      hoursCreditedAt: null,
      createdAt: at,
    };
    const missions = createMissionRepository(h.database.models);
    await missions.create(mission);
    const answers = shortlisted.map((v, i) => ({
      missionId: MISSION_ID,
      volunteerKey: v.key,
      platform: v.platform,
      chatId: v.chatId,
      locale: v.locale,
      specialty: v.specialty,
      state: 'volunteered' as const,
      volunteeredAt: new Date(at.getTime() + i * 60_000),
    }));
    await missions.invite(answers, at);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await h?.stop();
    expect(pageErrors).toEqual([]);
  });

  it('when the Isfahan coordinator guesses the Tehran mission’s addresses, then each is refused and audited', async () => {
    const page = await signedIn(ISFAHAN_COORDINATOR);
    await page.goto(`${base()}#/mission/${MISSION_ID}`);
    await page.locator('#not-found', { hasText: fa()('dashboard:mission.not_found') }).waitFor();
    expect(await page.locator('#shortlist tr').count()).toBe(0);
    const row = await page.evaluate('fetch("api/missions").then((r) => r.json())');
    expect(row).toEqual({ missions: [] });
    const statuses = await page.evaluate(`Promise.all([
      fetch("api/missions/${MISSION_ID}").then((r) => r.status),
      fetch("api/missions/${MISSION_ID}/actions/confirm", { method: "POST", headers: { "X-Nazr-Dashboard": "1" }, body: "{}" }).then((r) => r.status),
      fetch("api/missions/${MISSION_ID}/actions/confirm", { method: "POST", body: "{}" }).then((r) => r.status),
    ])`);
    expect(statuses).toEqual([404, 404, 403]);
    expect(await stateOf(shortlisted[0]!)).toBe('volunteered');
    const refusals = await h.database.models.auditEntries
      .find({ actor: `telegram:${ISFAHAN_COORDINATOR}`, action: 'access.refused' })
      .lean();
    expect(refusals.map((entry) => entry.details?.attempt)).toEqual(
      expect.arrayContaining(['dashboard.mission', 'dashboard.mission_confirm']),
    );
  });

  it('when the coordinator selects a volunteer on the dashboard, then the bot’s board shows it and only they are confirmed', async () => {
    const page = await signedIn(TEHRAN_COORDINATOR);
    const card = page.locator(`#missions [data-mission="${MISSION_ID}"]`);
    await card.locator('[data-count="listed"]', { hasText: fa()('dashboard:mission.listed', { n: '۳' }) }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'mission-now.png'), fullPage: true });
    await card.locator('a.title').click();
    const rows = page.locator('#shortlist tr');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const [chosen, other] = shortlisted as [Volunteer, Volunteer];
    const chosenRow = page.locator('#shortlist tr', { hasText: chosen.name });
    // What they bring, as the export lists it: the passport's expiry month (never a number) in Persian digits.
    expect(await chosenRow.locator('[data-column="specialty"]').textContent()).toBe('پزشک عمومی');
    expect(await chosenRow.locator('[data-column="passport"]').textContent()).toBe('۱۴۱۲/۰۱');
    expect(await chosenRow.locator('[data-column="languages"]').textContent()).toContain('عربی');

    await chosenRow.locator('[data-action="toggle"]').click();
    await page.locator('#shortlist tr[data-state="selected"]', { hasText: chosen.name }).waitFor();
    expect(await stateOf(chosen)).toBe('selected');
    await page.screenshot({ path: join(ARTIFACTS, 'mission-shortlist.png'), fullPage: true });

    // The chat's board of the same mission shows the selection the dashboard made.
    const chat = chatOf(TEHRAN_COORDINATOR);
    chat.sendCommand('/missions');
    await chat.waitFor((m) => buttonsOf(m).includes(isolated(TITLE)), WAIT_MS);
    chat.press(isolated(TITLE));
    const board = await chat.waitFor(
      (m) => buttonsOf(m).includes(fa()('missions:board.confirm', { count: 1 })),
      WAIT_MS,
    );
    expect(buttonsOf(board)).toContain(fa()('missions:board.selected', { name: chosen.name }));
    expect(buttonsOf(board)).toContain(fa()('missions:board.select', { name: other.name }));

    page.on('dialog', (dialog) => void dialog.accept());
    await page.locator('#mission-actions [data-action="confirm"]').click();
    await page
      .locator('#toast', { hasText: fa()('dashboard:mission.done_confirm', { confirmed: '۱', regretted: '۲' }) })
      .waitFor();
    await page.locator('#shortlist tr[data-state="confirmed"]', { hasText: chosen.name }).waitFor();
    expect(await page.locator('#shortlist [data-action="toggle"]').count()).toBe(0);

    const confirmed = await h
      .chatOf(chosen)
      .waitFor((m) => m.text?.includes(fa()('missions:shortlist.confirmed').slice(0, 20)) === true, WAIT_MS);
    expect(confirmed.text).toContain('بیمارستان شهدای ری');
    const regret = fa()('missions:shortlist.regret', { title: isolated(TITLE) });
    await h.chatOf(other).waitFor((m) => m.text === regret, WAIT_MS);
    expect(h.deliveredTo('telegram', other.chatId).some((text) => text.includes('بیمارستان شهدای ری'))).toBe(false);
  });
});
