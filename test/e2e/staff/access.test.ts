import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_ACTIONS, boardData, callUpExportData } from '../../../src/domain/callups/callback-data.ts';
import type { Tr } from '../../../src/i18n/index.ts';
import { createAuditRepository } from '../../../src/persistence/repositories/audit.repository.ts';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { aCallUp } from '../../support/callup-fixtures.ts';
import { buttons as buttonsOf, persian, staffTools } from '../../support/staff-e2e.ts';

/** A running call-up as the creation flow stores it, in one province. */
const runningCallUp = (id: string, province: string) =>
  aCallUp({
    id,
    title: `زلزله ${id}`,
    description: 'برای آزمون دسترسی',
    province,
    city: 'مرکز',
    needs: [{ specialty: 'gp', count: 2 }],
    durationHours: 6,
    contact: 'آقای احمدی',
    coordinator: { key: `telegram:${ADMIN_ID}`, platform: 'telegram', chatId: String(ADMIN_ID), locale: 'fa' },
    statusMessageId: null,
    reachProvinces: [province],
  });

/** Every button a call-up's board (and its attendance sheet) can carry. */
const boardButtons = (id: string) => [
  ...BOARD_ACTIONS.map((action) => boardData(id, action)),
  boardData(id, 'attend', 0),
];
/** The board's buttons for the files of its answers, served by the reports feature like /export_callup. */
const fileButtons = (id: string) => [callUpExportData(id, 'csv'), callUpExportData(id, 'xlsx')];

const FAST_SANDBOX = { limits: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 10_000 } };
const ADMIN_ID = 900;

/** Every privileged command, with what it needs. */
const COORDINATOR_COMMANDS = ['/panel', '/verify', '/stats', '/export', '/announce', '/export_callup c1'];
const ADMIN_COMMANDS = [
  '/admin',
  '/coordinators',
  '/invite',
  '/requests',
  '/audit',
  '/block telegram:5',
  '/unblock telegram:5',
];

describe('privileged commands and buttons: right role and scope only (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let t: Tr;
  let tools: ReturnType<typeof staffTools>;
  let refused: string;
  let adminsOnly: string;
  const TEHRAN_CALLUP = 'acctehr1';
  const FARS_CALLUP = 'accfars1';
  const tehranVolunteer = 7101;
  const callUpVolunteer = 7103;
  const callUpCoordinator = 7202;
  const farsVolunteer = 7102;

  beforeAll(async () => {
    h = await startTestBot({ adminIds: [`telegram:${ADMIN_ID}`], sandbox: FAST_SANDBOX });
    t = await persian();
    tools = staffTools(h);
    refused = t('admin:refused.not_allowed');
    adminsOnly = t('admin:refused.admins_only');
    await tools.volunteer(tehranVolunteer, { province: 'tehran', reachProvinces: ['tehran'] });
    await tools.volunteer(farsVolunteer, { province: 'fars', reachProvinces: ['fars'] });
    await tools.coordinator(7201, ['tehran']);
    // Fresh people for the call-up checks, so that per-user flood control does not count the tests above.
    await tools.volunteer(callUpVolunteer, { province: 'qom', reachProvinces: ['qom'] });
    await tools.coordinator(callUpCoordinator, ['tehran']);
    const callUps = createCallUpRepository(h.database.models);
    await callUps.create(runningCallUp(TEHRAN_CALLUP, 'tehran'));
    await callUps.create(runningCallUp(FARS_CALLUP, 'fars'));
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Sends a command and returns the bot's first answer. */
  async function answerTo(user: SimulatedUser, command: string): Promise<string> {
    const [name, ...rest] = command.split(' ');
    user.sendCommand(name!, rest.join(' ') || undefined);
    const [reply] = await user.waitForNew(1);
    return reply?.text ?? reply?.caption ?? '';
  }

  /** Presses forged or real callback data on the user's latest bot message; returns the alert's text. */
  async function alertFor(user: SimulatedUser, data: string): Promise<string | undefined> {
    const message = user.lastMessage();
    if (!message) throw new Error('no bot message to press on');
    user.pressData(data, message.message_id);
    return (await user.waitForAlert()).text;
  }

  async function started(id: number): Promise<SimulatedUser> {
    const user = h.user({ userId: id, firstName: `U${id}` });
    user.sendCommand('/start');
    await user.waitForNew(1);
    return user;
  }

  it('when a volunteer sends any coordinator or admin command, then each is politely refused and logged', async () => {
    const volunteer = await started(tehranVolunteer);
    for (const command of COORDINATOR_COMMANDS) expect(await answerTo(volunteer, command), command).toBe(refused);
    for (const command of ADMIN_COMMANDS) expect(await answerTo(volunteer, command), command).toBe(adminsOnly);
    const entries = await tools.audit({ actor: `telegram:${tehranVolunteer}`, action: 'access.refused' });
    expect(entries).toHaveLength(COORDINATOR_COMMANDS.length + ADMIN_COMMANDS.length);
    expect(entries.map((e) => e.details?.attempt)).toContain('stats [command]');
  });

  it('when a coordinator sends admin commands, then they are refused, while coordinator commands work', async () => {
    const coordinator = await started(7201);
    // They are told the part is the admins', in words that do not contradict their being a coordinator.
    for (const command of ADMIN_COMMANDS) expect(await answerTo(coordinator, command), command).toBe(adminsOnly);
    expect(adminsOnly).toBe('همکار گرامی، این بخش فقط در اختیار مدیران نذر تخصص است و برای شما در دسترس نیست.');
    expect(await answerTo(coordinator, '/panel')).toContain('تهران');
    expect(await answerTo(coordinator, '/verify')).toBe(t('coordinator:verification.title'));
    await coordinator.waitFor((m) => buttonsOf(m).some((data) => data.startsWith('vf:ok:')));
    expect(await answerTo(coordinator, '/export')).toBe(t('coordinator:export.pick_format'));
    expect(await answerTo(coordinator, '/stats')).toContain('گزارش تهران');
  });

  it('when a volunteer presses forged staff buttons, then every one answers with a polite alert and nothing happens', async () => {
    const volunteer = await started(farsVolunteer);
    const forged = [
      'pn:verify',
      'pn:stats',
      'pn:export',
      'pn:announce',
      'pn:admin',
      'menu:staff',
      `vf:ok:telegram:${tehranVolunteer}`,
      `vf:no:telegram:${tehranVolunteer}`,
      'st:all',
      'st:tehran',
      'ex:all',
      'ef:csv:all',
      'xc:xlsx:c1',
      'ad:list',
      'ad:invite',
      'ad:reqs',
      'ad:audit',
      'ad:c:telegram:7201',
      'ad:cp:telegram:7201',
      'ad:rm:telegram:7201',
      'ad:rmy:telegram:7201',
      `cr:ok:telegram:${farsVolunteer}`,
      `cr:no:telegram:${farsVolunteer}`,
    ];
    // The admin's buttons say they are the admins'; the others are for coordinators and admins.
    for (const data of forged) {
      expect(await alertFor(volunteer, data), data).toBe(/^(?:ad:|cr:|pn:admin)/.test(data) ? adminsOnly : refused);
    }
    expect(volunteer.messages().some((m) => m.document || m.photo)).toBe(false);
    expect((await tools.volunteers.get(`telegram:${tehranVolunteer}`))?.licence?.status).toBe('unverified');
    expect(await h.database.models.coordinators.findById('telegram:7201').lean()).toMatchObject({ status: 'active' });
    expect(await h.database.models.coordinators.findById(`telegram:${farsVolunteer}`).lean()).toBeNull();
    const entries = await tools.audit({ actor: `telegram:${farsVolunteer}`, action: 'access.refused' });
    expect(entries).toHaveLength(forged.length);
  });

  it('when a coordinator presses buttons for another province, then each is refused as out of scope and logged', async () => {
    const coordinator = await started(7201);
    const outOfScope = t('admin:errors.out_of_scope');
    for (const data of [
      `vf:ok:telegram:${farsVolunteer}`,
      `vf:no:telegram:${farsVolunteer}`,
      'st:fars',
      'ex:fars',
      'ef:csv:fars',
      'ef:xlsx:fars',
    ]) {
      expect(await alertFor(coordinator, data), data).toBe(outOfScope);
    }
    for (const data of ['ad:list', 'ad:rmy:telegram:7201', `cr:ok:telegram:${farsVolunteer}`, 'pn:admin']) {
      expect(await alertFor(coordinator, data), data).toBe(adminsOnly);
    }
    expect((await tools.volunteers.get(`telegram:${farsVolunteer}`))?.licence?.status).toBe('unverified');
    const entries = await tools.audit({ actor: 'telegram:7201', action: 'access.refused' });
    expect(entries.filter((e) => e.province === 'fars').length).toBeGreaterThanOrEqual(6);
  });

  /** The refusals of call-up attempts logged for this person. */
  const callUpRefusals = async (actor: string) =>
    (await tools.audit({ actor, action: 'access.refused' })).filter((e) =>
      /^(callup|export\.callup)/.test(String(e.details?.attempt)),
    );
  const statusOf = async (id: string) => (await createCallUpRepository(h.database.models).get(id))?.status;

  it('when a volunteer uses the call-up commands, menu entries and board buttons, then each is refused politely and logged', async () => {
    const volunteer = await started(callUpVolunteer);
    const forbidden = t('callup:errors.forbidden');
    for (const command of ['/callup', '/callups']) expect(await answerTo(volunteer, command), command).toBe(forbidden);
    const buttons = ['menu:callup_new', 'menu:callups', ...boardButtons(TEHRAN_CALLUP)];
    for (const data of buttons) expect(await alertFor(volunteer, data), data).toBe(forbidden);
    for (const data of fileButtons(TEHRAN_CALLUP)) expect(await alertFor(volunteer, data), data).toBe(refused);
    const entries = await callUpRefusals(`telegram:${callUpVolunteer}`);
    expect(entries).toHaveLength(2 + buttons.length + 2);
    expect(volunteer.messages().some((m) => m.document)).toBe(false);
    expect(entries.map((e) => e.details?.attempt)).toEqual(
      expect.arrayContaining([
        'callup [command]',
        'callups [command]',
        'callup [button]',
        'callup.close',
        'callup.cancel',
      ]),
    );
    expect(await statusOf(TEHRAN_CALLUP)).toBe('open');
    expect(volunteer.messages().some((m) => m.text === t('callup:create.type'))).toBe(false);
  });

  it('when a coordinator presses the board buttons of a call-up in another province, then each is refused and logged', async () => {
    const coordinator = await started(callUpCoordinator);
    const buttons = boardButtons(FARS_CALLUP);
    for (const data of buttons) expect(await alertFor(coordinator, data), data).toBe(t('callup:errors.forbidden'));
    for (const data of fileButtons(FARS_CALLUP)) {
      expect(await alertFor(coordinator, data), data).toBe(t('admin:errors.out_of_scope'));
    }
    const entries = (await callUpRefusals(`telegram:${callUpCoordinator}`)).filter((e) => e.province === 'fars');
    expect(entries).toHaveLength(buttons.length + 2);
    expect(coordinator.messages().some((m) => m.document)).toBe(false);
    expect(entries.every((e) => e.details?.reason === 'out_of_scope')).toBe(true);
    expect(await statusOf(FARS_CALLUP)).toBe('open');
    // Their own province's board works, its answer file too.
    coordinator.pressData(boardData(TEHRAN_CALLUP, 'list'), coordinator.lastMessage()!.message_id);
    await coordinator.waitFor((m) => m.text === t('callup:board.list_empty'));
    coordinator.pressData(callUpExportData(TEHRAN_CALLUP, 'csv'), coordinator.lastMessage()!.message_id);
    const file = await coordinator.waitFor((m) => m.document !== undefined);
    expect(file.document?.file_name).toMatch(new RegExp(`^nazr-callup-${TEHRAN_CALLUP}-.*\\.csv$`));
  });

  it('when board buttons carry forged or unknown call-up ids, then a polite alert answers and each is logged', async () => {
    const admin = await started(ADMIN_ID);
    const forged = [boardData('zzzzzzzz', 'close'), 'cb:zz:acctehr1', 'cb:cl:<script>', 'cb:cl:acctehr1:x'];
    for (const data of forged) expect(await alertFor(admin, data), data).toBe(t('callup:errors.unknown'));
    expect(await alertFor(admin, callUpExportData('zzzzzzzz', 'csv'))).toBe(t('admin:errors.not_found'));
    const entries = await callUpRefusals(`telegram:${ADMIN_ID}`);
    expect(entries.map((e) => e.details?.reason).sort()).toEqual(['forged', 'forged', 'forged', 'not_found']);
    expect(await statusOf(TEHRAN_CALLUP)).toBe('open');
  });

  it('when buttons carry data for people or places that do not exist, then a polite alert answers', async () => {
    const coordinator = await started(7201);
    expect(await alertFor(coordinator, 'vf:ok:telegram:424242')).toBe(t('admin:errors.not_found'));
    const admin = await started(ADMIN_ID);
    expect(await alertFor(admin, 'st:atlantis')).toBe(t('admin:errors.out_of_scope'));
    expect(await alertFor(admin, 'ad:rmy:telegram:424242')).toBe(t('admin:errors.not_found'));
    expect(await alertFor(admin, 'vf:ok:telegram:1; drop')).toBe(t('common:unhandled.stale_button'));
  });

  it('when the coordinator of the province presses the same buttons, then they work', async () => {
    const coordinator = await started(7201);
    coordinator.pressData('ef:csv:tehran', coordinator.lastMessage()!.message_id);
    const file = await coordinator.waitFor((m) => m.document !== undefined);
    expect(file.document?.file_name).toMatch(/^nazr-volunteers-tehran-.*\.csv$/);
    coordinator.pressData(`vf:ok:telegram:${tehranVolunteer}`, coordinator.lastMessage()!.message_id);
    expect((await coordinator.waitForAlert()).text).toBe(t('coordinator:verification.verified_short'));
    expect((await tools.volunteers.get(`telegram:${tehranVolunteer}`))?.licence?.status).toBe('verified');
  });

  it('when the admin uses the admin commands, then they work for any province', async () => {
    const admin = await started(ADMIN_ID);
    expect(await answerTo(admin, '/coordinators')).toContain('telegram:7201');
    // People by name and role, not by id: «هماهنگ‌کننده ۷۲۰۱ (هماهنگ‌کننده)»، «سارا احمدی (داوطلب)».
    const audit = await answerTo(admin, '/audit');
    expect(audit).toContain(t('admin:audit.actions.access.refused'));
    expect(audit).toContain('\u2068هماهنگ‌کننده 7201\u2069 (هماهنگ‌کننده)');
    expect(audit).toContain('\u2068سارا احمدی\u2069 (داوطلب)');
    expect(audit).not.toContain('telegram:7201');
    admin.pressData('st:fars', admin.lastMessage()!.message_id);
    await admin.waitFor((m) => m.photo !== undefined, 10_000);
  });

  it('when the admin reads /audit, then people, actions and refused attempts are Persian words, without keys or ids', async () => {
    const entries = createAuditRepository(h.database.models);
    const at = new Date(h.clock.now().getTime() + 60_000);
    await entries.append({
      at,
      actor: 'telegram:7201',
      action: 'access.refused',
      details: { attempt: 'audit [command]', reason: 'forbidden' },
    });
    await entries.append({
      at,
      actor: 'telegram:7203',
      action: 'access.refused',
      details: { attempt: 'invite.redeem', reason: 'invite_expired' },
    });
    await entries.append({
      at,
      actor: `telegram:${ADMIN_ID}`,
      action: 'announcement.sent',
      target: 'ann:de5691ab-7c1e-4d2f-9a0b-3f2e1d0c9b8a',
      details: { recipients: 12 },
    });
    const admin = await started(ADMIN_ID);
    const audit = await answerTo(admin, '/audit');
    expect(audit).toContain(
      '\u2068هماهنگ‌کننده 7201\u2069 (هماهنگ‌کننده) — تلاش ردشده برای دسترسی به «رویدادهای اخیر» (با دستور؛ نقش لازم را ندارد)',
    );
    expect(audit).toContain('کاربری بی‌نام — تلاش ردشده برای دسترسی به «پذیرفتن لینک دعوت» (لینک منقضی)');
    // The admin has no volunteer record: named by role; the announcement by what it did, not by its id.
    expect(audit).toContain('مدیر — ارسال پیام همگانی ۱۲ گیرنده');
    // No action key (invite.redeem), user key (bale:1004), record id (ann:…), province code or Latin digit.
    // Names are shown as typed (these test names carry digits), isolated so they cannot reorder the line.
    expect(audit.replaceAll(/\u2068[^\u2069]*\u2069/g, '')).not.toMatch(/[A-Za-z0-9]/);
  });
});
