import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toPersianDigits } from '../../../src/domain/text/persian-text.ts';
import type { Database } from '../../../src/persistence/connection.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { type BotHarness, startTestBot, TEST_TOKENS } from '../../support/bot-harness.ts';
import { type CallUpHarness, COORDINATOR_KEY, startCallUpBot } from '../../support/callup-harness.ts';
import { buttonsOf, FAST_SANDBOX, GP_IN_TEHRAN, RegistrationDriver } from '../../support/registration-driver.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';
import { SETTLED } from '../../support/waits.ts';

/** Every document of every collection in the database, as text. */
async function everything(database: Database): Promise<string> {
  const db = database.connection.db!;
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    parts.push(`${name}: ${JSON.stringify(await db.collection(name).find({}).toArray())}`);
  }
  return parts.join('\n');
}

async function openProfile(d: RegistrationDriver) {
  d.user.sendCommand('/menu');
  await d.waitForButton(d.t('pledge:menu.profile'));
  d.user.press(d.t('pledge:menu.profile'));
  await d.waitForButton(d.t('pledge:profile.erase'));
}

/** Both confirmations, then the goodbye. */
async function eraseMyData(d: RegistrationDriver) {
  await openProfile(d);
  d.user.press(d.t('pledge:profile.erase'));
  await d.expect('pledge:erase.confirm_1');
  d.user.press(d.t('pledge:erase.continue'));
  await d.expect('pledge:erase.confirm_2');
  d.user.press(d.t('pledge:erase.final'));
  await d.expect('pledge:erase.done');
}

describe('delete my data', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a volunteer confirms twice, then nothing personal is left in any collection, message log included', async () => {
    const id = 987_654_321;
    const user = h.user({
      firstName: 'Parisa',
      lastName: 'Kamali',
      username: 'parisa_k',
      userId: id,
      phone: '989357654321',
    });
    const d = await RegistrationDriver.create(user, 'fa', {
      ...GP_IN_TEHRAN,
      name: 'پریسا کمالی',
      city: 'دماوند',
      note: 'یادداشت محرمانه',
    });
    await d.register();
    // They also asked the bot in a group, which keeps a session of theirs there.
    const inGroup = h.user({ firstName: 'Parisa', userId: id, group: { id: -1_009_876, title: 'گروه داوطلبان' } });
    inGroup.sendCommand('/start');
    await inGroup.waitFor(() => true);
    // Someone else's data must survive.
    const other = await RegistrationDriver.create(h.user({ firstName: 'Other', userId: 7002 }), 'fa');
    await other.register();

    const before = await everything(h.database);
    for (const trace of [String(id), 'پریسا کمالی', '9357654321', 'دماوند', 'یادداشت محرمانه']) {
      expect(before).toContain(trace);
    }
    // The platform profile is never stored at all.
    for (const trace of ['Parisa', 'Kamali', 'parisa_k']) expect(before).not.toContain(trace);

    await eraseMyData(d);

    // The goodbye reaches the chat a moment before the update has finished clearing up after it.
    await vi.waitFor(async () => {
      const after = await everything(h.database);
      for (const trace of [
        String(id),
        'پریسا کمالی',
        'Parisa',
        '9357654321',
        'parisa_k',
        'Kamali',
        'دماوند',
        'یادداشت محرمانه',
      ]) {
        expect(after, `still stored: ${trace}`).not.toContain(trace);
      }
    }, SETTLED);
    expect(await h.database.models.volunteers.countDocuments({ status: 'erased' })).toBe(1);
    expect(await h.database.models.volunteers.findById('telegram:7002').lean()).toMatchObject({ status: 'active' });
    expect(await h.database.models.messages.countDocuments({ chatId: '7002' })).toBeGreaterThan(0);

    // Coming back later is a fresh start.
    user.sendCommand('/start');
    const menu = await d.waitForButton(d.t('registration:menu'));
    expect(buttonsOf(menu)).not.toContain(d.t('pledge:menu.profile'));
  });

  it('when the user says no, or waits too long between the confirmations, then nothing is deleted', async () => {
    await seedVolunteer(h.database, h.clock.now, 7003);
    const user = h.user({ firstName: 'Hamid', userId: 7003 });
    const d = await RegistrationDriver.create(user, 'fa');

    await openProfile(d);
    user.press(d.t('pledge:profile.erase'));
    await d.expect('pledge:erase.confirm_1');
    user.press(d.t('pledge:keep'));
    await d.expect(d.text('pledge:profile.text', { card: '' }).split('\n')[0]!);

    user.press(d.t('pledge:profile.erase'));
    await d.expect('pledge:erase.confirm_1');
    user.press(d.t('pledge:erase.continue'));
    await d.expect('pledge:erase.confirm_2');
    h.clock.advance(11 * 60_000);
    user.press(d.t('pledge:erase.final'));
    expect((await user.waitForAlert()).text).toBe(d.t('pledge:erase.expired'));
    expect(await h.database.models.volunteers.findById('telegram:7003').lean()).toMatchObject({ status: 'active' });
    expect(await h.database.models.users.findById('telegram:7003').lean()).not.toBeNull();
  });
});

describe('delete my data, after a coordinator verified them and they answered a call-up', () => {
  let h: CallUpHarness;

  beforeAll(async () => {
    h = await startCallUpBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('when a verified volunteer on a confirmed list erases their data, then no collection names them or holds their ids', async () => {
    const id = 987_654_321;
    const phone = '989357654321';
    const user = h.sandbox.user({
      token: TEST_TOKENS.telegram,
      userId: id,
      firstName: 'Parisa',
      lastName: 'Kamali',
      phone,
    });
    const d = await RegistrationDriver.create(user, 'fa', { ...GP_IN_TEHRAN, name: 'پریسا کمالی', licence: '۸۷۶۵۴' });
    await d.register();
    const fa = h.t('fa');
    const coordinator = h.coordinator();

    // The coordinator's verification queue shows their name and council number; the coordinator verifies it.
    coordinator.sendCommand('/verify');
    const card = await coordinator.waitFor((m) => m.text?.startsWith('پریسا کمالی') === true);
    expect(card.text).toContain('۸۷۶۵۴');
    coordinator.press(fa('coordinator:verification.verify'), card.message_id);
    await coordinator.waitFor((m) => m.message_id === card.message_id && m.text?.includes('✅') === true);
    await user.waitFor((m) => m.text === fa('coordinator:verification.told_verified'));

    // A call-up: they confirm, and the coordinator's confirmed list shows their name and phone.
    await createCallUpInChat(coordinator, fa, {
      type: 'earthquake',
      title: 'زلزله‌ی فیروزکوه',
      description: 'به پزشک عمومی نیاز است.',
      province: 'tehran',
      city: 'فیروزکوه',
      needs: [{ specialty: 'gp', count: 1 }],
      start: 'now',
      durationHours: 4,
      meetingPoint: 'درمانگاه شهر',
      contact: 'دفتر هلال احمر',
    });
    const callUp = await h.latestCallUp();
    const invitation = await user.waitFor((m) => buttonsOf(m).includes(fa('callup:card.yes')), 10_000);
    user.press(fa('callup:card.yes'), invitation.message_id);
    // The tap is acknowledged once the answer is stored.
    await user.waitForAlert();
    expect((await h.repositories.answers.get(callUp.id, `telegram:${id}`))?.answer).toBe('yes');
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa('callup:board.buttons.list'), board.message_id);
    const list = await coordinator.waitFor((m) => m.text?.includes('پریسا کمالی') === true);
    // As people write it at home, in Persian digits: «۰۹۳۵ ۷۶۵ ۴۳۲۱».
    const shown = toPersianDigits(`0${phone.slice(2, 5)} ${phone.slice(5, 8)} ${phone.slice(8)}`);
    expect(list.text).toContain(shown);

    const traces = [
      String(id),
      toPersianDigits(String(id)),
      'پریسا کمالی',
      'Parisa',
      'Kamali',
      phone.slice(2),
      toPersianDigits(phone.slice(2)),
      shown,
      '87654',
      '۸۷۶۵۴',
    ];
    const before = await everything(h.database);
    for (const trace of [String(id), 'پریسا کمالی', phone.slice(2), '87654']) expect(before).toContain(trace);

    await eraseMyData(d);

    await vi.waitFor(async () => {
      const after = await everything(h.database);
      for (const trace of traces) expect(after, `still stored: ${trace}`).not.toContain(trace);
    }, SETTLED);
    // What is kept is anonymous: the hours, the answer that the call-up's figures count, the coordinator's actions.
    const remainder = await h.database.models.volunteers.findOne({ status: 'erased' }).lean();
    const anonymous = remainder?._id;
    expect(anonymous).toMatch(/^erased:/);
    const answers = await h.repositories.answers.listByCallUp(callUp.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ volunteerKey: anonymous, chatId: '', answer: 'yes', verified: true });
    const verified = await h.database.models.auditEntries.findOne({ action: 'volunteer.verified' }).lean();
    expect(verified).toMatchObject({ actor: COORDINATOR_KEY, target: anonymous });
    // The coordinator's own log is still there, without them.
    const log = await h.database.models.messages.find({ chatId: String(9001) }).lean();
    expect(log.some((m) => m.text?.includes('زلزله‌ی فیروزکوه'))).toBe(true);

    // Their seat still counts, but nothing is sent to a chat that is gone: a message to the confirmed reaches nobody.
    coordinator.press(fa('callup:board.buttons.message'), board.message_id);
    await coordinator.waitFor((m) => m.text?.includes('پیام خود') === true);
    coordinator.sendText('لطفاً زودتر برسید.');
    await coordinator.waitFor((m) => m.text?.includes(fa('callup:errors.nothing_to_do')) === true);
    expect(await h.database.models.deliveries.countDocuments({ chatId: '' })).toBe(0);
  });
});
