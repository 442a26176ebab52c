import type { SimulatedUser } from 'bot-api-sandbox';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URGENCY_CODES } from '../../../src/domain/reference/crisis-types.ts';
import type { Tr } from '../../../src/i18n/index.ts';
import { priorityOf } from '../../../src/services/callups/callup-context.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttons, persian, staffTools } from '../../support/staff-e2e.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };
const ADMIN_ID = 902;

describe('a coordinator’s work: verification, reports, exports, announcements (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let t: Tr;
  let tools: ReturnType<typeof staffTools>;
  let coordinator: SimulatedUser;
  let doctor: SimulatedUser;
  let nurse: SimulatedUser;

  beforeAll(async () => {
    h = await startTestBot({ adminIds: [`telegram:${ADMIN_ID}`], sandbox: FAST_SANDBOX });
    t = await persian();
    tools = staffTools(h);
    await tools.volunteer(7401, {
      name: 'سارا احمدی',
      province: 'tehran',
      registeredAt: tehran('2026-01-01T09:00:00'),
    });
    await tools.volunteer(7402, {
      name: 'نیما رضایی',
      province: 'tehran',
      group: 'nursing',
      specialty: 'nurse',
      licence: { body: 'ino', number: '55555', digits: '55555', status: 'unverified' },
      // A city on no list, kept after the volunteer confirmed it.
      city: 'درکه',
      registeredAt: tehran('2026-02-01T09:00:00'),
    });
    await tools.volunteer(7403, { name: 'مینا کرمی', province: 'fars', reachProvinces: ['fars'] });
    await tools.coordinator(7404, ['tehran']);
    for (const [id, name] of [
      [7401, 'Sara'],
      [7402, 'Nima'],
      [7404, 'Coord'],
    ] as const) {
      const user = h.user({ userId: id, firstName: name });
      user.sendCommand('/start');
      await user.waitForNew(1);
    }
    doctor = h.user({ userId: 7401, firstName: 'Sara' });
    nurse = h.user({ userId: 7402, firstName: 'Nima' });
    coordinator = h.user({ userId: 7404, firstName: 'Coord' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a coordinator opens the staff panel from the menu, then its buttons lead to the tools', async () => {
    coordinator.sendCommand('/menu');
    const menu = await coordinator.waitFor((m) => buttons(m).includes('menu:staff'));
    coordinator.pressData('menu:staff', menu.message_id);
    const panel = await coordinator.waitFor((m) => buttons(m).includes('pn:verify'));
    expect(panel.text).toContain('تهران');
    expect(buttons(panel)).not.toContain('pn:admin');
    // Volunteers do not see the entry at all.
    doctor.sendCommand('/menu');
    expect(buttons(await doctor.waitFor((m) => m.text === t('common:menu.title')))).not.toContain('menu:staff');
  });

  it('when the coordinator verifies one and rejects another with a reason, then both volunteers are told', async () => {
    coordinator.sendCommand('/verify');
    const saraCard = await coordinator.waitFor((m) => m.text?.startsWith('سارا احمدی') === true);
    const nimaCard = await coordinator.waitFor((m) => m.text?.startsWith('نیما رضایی') === true);
    // Council numbers in Persian digits, kept left to right.
    expect(saraCard.text).toContain('شماره‌ی نظام پزشکی: \u2068۱۲۳۴۵\u2069');
    expect(saraCard.text).toContain('شهر: تهران، استان تهران');
    expect(nimaCard.text).toContain('شماره‌ی نظام پرستاری: \u2068۵۵۵۵۵\u2069');
    expect(nimaCard.text).toContain('شهر: درکه (خارج از فهرست شهرها؛ بررسی‌نشده)، استان تهران');
    expect(coordinator.messages().some((m) => m.text?.includes('مینا کرمی'))).toBe(false);

    coordinator.press(t('coordinator:verification.verify'), saraCard.message_id);
    await coordinator.waitFor((m) => m.message_id === saraCard.message_id && m.text?.includes('✅ تأیید شد') === true);
    await doctor.waitFor((m) => m.text === t('coordinator:verification.told_verified'));

    coordinator.press(t('coordinator:verification.reject'), nimaCard.message_id);
    await coordinator.waitFor((m) => m.text?.includes('دلیل رد') === true);
    coordinator.sendText('شماره در سامانه‌ی نظام پرستاری پیدا نشد');
    await coordinator.waitFor((m) => m.text?.includes('رد شد') === true);
    const told = await nurse.waitFor((m) => m.text?.includes('دلیل:') === true);
    expect(told.text).toContain('شماره در سامانه‌ی نظام پرستاری پیدا نشد');

    expect((await tools.volunteers.get('telegram:7401'))?.licence?.status).toBe('verified');
    expect((await tools.volunteers.get('telegram:7402'))?.licence?.status).toBe('rejected');
    const actions = (await tools.audit({ actor: 'telegram:7404' })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['volunteer.verified', 'volunteer.rejected']));

    // The volunteer's own profile shows the mark.
    doctor.sendCommand('/menu');
    await doctor.waitFor((m) => buttons(m).includes('menu:profile'));
    doctor.pressData('menu:profile', doctor.lastMessage()!.message_id);
    await doctor.waitFor((m) => m.text?.includes('(تأییدشده)') === true);
  });

  it('when the coordinator asks for /stats, then a Persian summary and a chart image of their province arrive', async () => {
    coordinator.sendCommand('/stats');
    const summary = await coordinator.waitFor((m) => m.text?.startsWith('گزارش تهران') === true, 10_000);
    expect(summary.text).toContain('داوطلبان ثبت‌نام‌شده: ۲');
    expect(summary.text).toContain('شماره‌ی نظام: ۱ تأییدشده');
    const chart = await coordinator.waitFor((m) => m.photo !== undefined, 10_000);
    expect(chart.photo?.bytes?.byteLength).toBeGreaterThan(10_000);
    expect(chart.photo?.width).toBe(960);
  });

  it('when the coordinator exports CSV and XLSX, then the files hold their province, with Persian headers', async () => {
    coordinator.sendCommand('/export');
    await coordinator.waitFor((m) => m.text === t('coordinator:export.pick_format'));
    coordinator.press('CSV');
    const csv = await coordinator.waitFor((m) => m.document?.file_name?.endsWith('.csv') === true);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.document?.bytes);
    expect(text.startsWith('\uFEFFنام و نام خانوادگی,شماره‌ی همراه')).toBe(true);
    expect(text).toContain('سارا احمدی,+989121234567');
    expect(text).toContain('1404/10/11');
    expect(text).not.toContain('مینا کرمی');
    expect(csv.caption).toContain('۲ نفر');

    coordinator.sendCommand('/export');
    await coordinator.waitFor((m) => m.text === t('coordinator:export.pick_format'));
    coordinator.press(t('coordinator:export.format_xlsx'));
    const xlsx = await coordinator.waitFor((m) => m.document?.file_name?.endsWith('.xlsx') === true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(xlsx.document!.bytes!) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('شماره‌ی همراه');
    expect(sheet.rowCount).toBe(3);
    const entries = await tools.audit({ action: 'export.volunteers', actor: 'telegram:7404' });
    expect(entries.map((e) => e.details?.format).sort()).toEqual(['csv', 'xlsx']);
  });

  it('when a pledge stands through 31 Shahrivar, then the profile and the export both show that last day', async () => {
    // Stored as the instant it stops: Tehran midnight at the start of 1 Mehr 1419.
    await h.database.models.volunteers.updateOne(
      { _id: 'telegram:7401' },
      { $set: { validUntil: tehran('2040-09-22T00:00:00') } },
    );
    doctor.sendCommand('/menu');
    const menu = await doctor.waitFor((m) => buttons(m).includes('menu:profile'));
    doctor.pressData('menu:profile', menu.message_id);
    const profile = await doctor.waitFor((m) => m.text?.includes(t('pledge:card.fields.validUntil')) === true);
    expect(profile.text).toContain('تا پایان ۳۱ شهریور ۱۴۱۹');

    coordinator.sendCommand('/export');
    await coordinator.waitFor((m) => m.text === t('coordinator:export.pick_format'));
    coordinator.press('CSV');
    const csv = await coordinator.waitFor((m) => m.document?.file_name?.endsWith('.csv') === true);
    const rows = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.document?.bytes).split('\r\n');
    expect(rows[0]?.endsWith(',آخرین روز نذر')).toBe(true);
    expect(rows.find((row) => row.startsWith('سارا احمدی'))?.endsWith(',1419/06/31')).toBe(true);
  });

  it('when an admin asks for /stats, then they choose the country or a province first', async () => {
    const admin = h.user({ userId: ADMIN_ID, firstName: 'Admin' });
    admin.sendCommand('/stats');
    const picker = await admin.waitFor((m) => m.text === t('coordinator:stats.pick_scope'));
    expect(buttons(picker)).toEqual(
      expect.arrayContaining(['st:all', 'st:tehran', 'st:fars', 'st:sistan_baluchestan']),
    );
    admin.press('فارس', picker.message_id);
    const summary = await admin.waitFor((m) => m.text?.startsWith('گزارش فارس') === true, 10_000);
    expect(summary.text).toContain('داوطلبان ثبت‌نام‌شده: ۱');
    await admin.waitFor((m) => m.photo !== undefined, 10_000);
  });

  it('when the coordinator writes an announcement, then the preview counts the recipients before anything is sent', async () => {
    h.clock.set(tehran('2026-11-23T23:10:00'));
    coordinator.sendCommand('/announce');
    await coordinator.waitFor((m) => m.text === t('coordinator:announce.pick_group'));
    coordinator.press('پرستاری');
    await coordinator.waitFor((m) => m.text?.startsWith('متن پیام') === true);
    coordinator.sendText('جلسه‌ی توجیهی پرستاران، پنجشنبه ساعت ۱۰');
    const preview = await coordinator.waitFor((m) => m.text?.startsWith('پیش‌نمایش پیام') === true);
    expect(preview.text).toContain('گیرندگان: ۱ داوطلب');
    expect(preview.text).toContain('رشته: پرستاری');
    expect(preview.text).toContain('۳ آذر ۱۴۰۵، ساعت ۰۷:۰۰');
    expect(preview.text).toContain('جلسه‌ی توجیهی پرستاران، پنجشنبه ساعت ۱۰');
    expect(nurse.messages().some((m) => m.text?.includes('جلسه‌ی توجیهی'))).toBe(false);
    coordinator.sendCommand('/cancel');
    await coordinator.waitFor((m) => m.text === t('coordinator:announce.cancelled'));
    expect(await h.database.models.deliveries.countDocuments({ campaignKind: 'announcement' })).toBe(0);
    h.clock.resume();
  });

  it('when the coordinator confirms an announcement in the day, then the volunteers get it and the progress message reaches the total', async () => {
    h.clock.set(tehran('2026-11-23T10:00:00'));
    coordinator.sendCommand('/announce');
    await coordinator.waitFor((m) => m.text === t('coordinator:announce.pick_group'));
    coordinator.press(t('coordinator:announce.everyone'));
    await coordinator.waitFor((m) => m.text?.startsWith('متن پیام') === true);
    coordinator.sendText('کارگاه احیای قلبی، شنبه ساعت ۹');
    await coordinator.waitFor((m) => m.text?.startsWith('پیش‌نمایش پیام') === true);
    coordinator.press(t('coordinator:announce.send'));

    const isStatus = (text: string | undefined) => text?.startsWith(t('coordinator:announce.progress_title')) === true;
    const done = await coordinator.waitFor(
      (m) => isStatus(m.text) && m.text?.includes(t('coordinator:announce.progress_done')) === true,
      15_000,
    );
    expect(done.text).toContain(t('callup:board.sending', { bar: '▰'.repeat(10), sent: 2, total: 2 }));
    // One status message, edited in place as the outbox reported progress.
    expect(coordinator.messages().filter((m) => isStatus(m.text))).toHaveLength(1);
    for (const volunteer of [doctor, nurse]) {
      expect(volunteer.messages().filter((m) => m.text?.includes('کارگاه احیای قلبی'))).toHaveLength(1);
    }
    h.clock.resume();
  });

  it('when the coordinator confirms an announcement at night, then it waits in the outbox for 07:00, below call-ups', async () => {
    h.clock.set(tehran('2026-11-23T23:10:00'));
    coordinator.sendCommand('/announce');
    await coordinator.waitFor((m) => m.text === t('coordinator:announce.pick_group'));
    coordinator.press(t('coordinator:announce.everyone'));
    await coordinator.waitFor((m) => m.text?.startsWith('متن پیام') === true);
    coordinator.sendText('اردوی سلامت ماه آینده');
    await coordinator.waitFor((m) => m.text?.startsWith('پیش‌نمایش پیام') === true);
    coordinator.press(t('coordinator:announce.send'));
    const queued = await coordinator.waitFor((m) => m.text?.includes('در صف قرار گرفت') === true);
    expect(queued.text).toContain('۲ داوطلب');
    const [entry] = await tools.audit({ action: 'announcement.sent' });
    expect(entry).toMatchObject({ actor: 'telegram:7404', details: { recipients: 2, deferred: true } });
    const deliveries = await h.database.models.deliveries.find({ campaignId: entry?.target }).lean();
    expect(deliveries.map((d) => d.recipientKey).sort()).toEqual(['telegram:7401', 'telegram:7402']);
    // Every call-up, however routine, goes before any announcement.
    const callUpPriorities = [
      ...URGENCY_CODES.map((urgency) => priorityOf({ urgency, drill: false })),
      ...URGENCY_CODES.map((urgency) => priorityOf({ urgency, drill: true })),
    ];
    for (const d of deliveries) {
      expect(d.priority).toBeGreaterThan(Math.max(...callUpPriorities));
      expect(d.nextAttemptAt).toEqual(tehran('2026-11-24T07:00:00'));
      expect(d.message.text).toContain('اردوی سلامت ماه آینده');
    }
    const status = coordinator.messages().findLast((m) => m.text?.startsWith(t('coordinator:announce.progress_title')));
    expect(status?.text).toContain(t('coordinator:announce.progress_night'));
    expect(status?.text).toContain(t('callup:board.sending', { bar: '▱'.repeat(10), sent: 0, total: 2 }));
  });

  it('when the app restarts while that announcement waits for the morning, then the same status message fills in once it goes', async () => {
    const isStatus = (text: string | undefined) => text?.startsWith(t('coordinator:announce.progress_title')) === true;
    const statuses = () => coordinator.messages().filter((m) => isStatus(m.text));
    const status = statuses().at(-1)!;
    const before = statuses().length;

    await h.restart();
    // The next morning, when the deliveries were due.
    h.clock.set(tehran('2026-11-24T07:00:00'));

    const done = await coordinator.waitFor(
      (m) => m.message_id === status.message_id && m.text?.includes(t('coordinator:announce.progress_done')) === true,
      20_000,
    );
    expect(done.text).toContain(t('callup:board.sending', { bar: '▰'.repeat(10), sent: 2, total: 2 }));
    expect(statuses()).toHaveLength(before);
  });
});
