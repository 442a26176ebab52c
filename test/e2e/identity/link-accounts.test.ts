import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';
import { nextReply } from '../../support/replies.ts';

describe('one person on two messengers (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  const volunteer = (key: string) => h.database.models.volunteers.findById(key).lean();
  const user = (key: string) => h.database.models.users.findById(key).lean();

  /** A volunteer registered on Bale with the number shared from the messenger (verified). */
  async function registerOnBale(userId: number, phone: string) {
    const bale = h.user({ platform: 'bale', firstName: 'Sara', userId, phone });
    await (await RegistrationDriver.create(bale, 'fa')).register();
    return bale;
  }

  it('when the number is shared on a second messenger, then the bot shows who it found and "yes" links the account', async () => {
    await registerOnBale(4001, '989120004001');
    expect(await volunteer('bale:4001')).toMatchObject({ mobile: '+989120004001', mobileVerified: true });

    const telegram = h.user({ platform: 'telegram', firstName: 'Sara', userId: 5001, phone: '989120004001' });
    const driver = await RegistrationDriver.create(telegram, 'fa');
    await driver.driveTo('mobile');
    driver.user.tapKeyboard(driver.t('registration:mobile.share'));
    const ask = await driver.waitForButton(driver.t('registration:link.yes'));
    expect(ask.text).toContain('سارا احمدی');
    expect(ask.text).toContain(driver.specialtyLabel());
    expect(ask.text).toContain(driver.provinceLabel());
    expect(ask.text).toContain(
      driver.t('registration:link.ask', { name: '', specialty: '', province: '' }).split('\n')[2],
    );
    // Nothing beyond name, specialty and province: not the number, the city or the council number.
    expect(ask.text).not.toMatch(/۰۹۱۲|۱۲۳۴۵/);

    telegram.press(driver.t('registration:link.yes'));
    const done = await driver.expect('registration:link.done');
    expect(buttonsOf(done)).toContain(driver.t('pledge:menu.profile'));

    expect(await volunteer('telegram:5001')).toBeNull();
    expect((await user('telegram:5001'))?.personKey).toBe('bale:4001');
    expect((await volunteer('bale:4001'))?.reachPoints).toEqual([
      { kind: 'messenger', platform: 'bale', key: 'bale:4001', chatId: '4001' },
      { kind: 'messenger', platform: 'telegram', key: 'telegram:5001', chatId: '5001' },
    ]);
    expect(await h.database.models.volunteers.countDocuments({ mobile: '+989120004001' })).toBe(1);

    // The linked account acts for the person: its profile is the Bale registration's.
    telegram.press(driver.t('pledge:menu.profile'));
    const profile = await telegram.waitFor((m) => m.text?.includes('سارا احمدی') === true, 5000);
    expect(profile.text).toContain(driver.t('pledge:mobile.verified', { mobile: '' }).trim());
  });

  it('when the linked person opens their reach points, then they can put Telegram first and remove it, never Bale', async () => {
    const telegram = h.user({ platform: 'telegram', firstName: 'Sara', userId: 5001, phone: '989120004001' });
    const driver = await RegistrationDriver.create(telegram, 'fa');
    const menu = telegram.messages().findLast((m) => buttonsOf(m).includes(driver.t('pledge:menu.profile')));
    telegram.press(driver.t('pledge:menu.profile'), menu?.message_id);
    const profile = await driver.waitForButton(driver.t('pledge:reach_points.button'));
    expect(profile.text).toContain(
      driver.t('pledge:reach_points.line', {
        list: `${driver.t('pledge:reach_points.preferred', { name: 'بله' })}، تلگرام`,
      }),
    );
    telegram.press(driver.t('pledge:reach_points.button'), profile.message_id);
    const screen = await driver.waitForButton(driver.t('pledge:reach_points.prefer', { name: 'تلگرام' }));
    // The account the person registered with stays: no button removes it.
    expect(buttonsOf(screen)).not.toContain(driver.t('pledge:reach_points.remove', { name: 'بله' }));

    telegram.press(driver.t('pledge:reach_points.prefer', { name: 'تلگرام' }), screen.message_id);
    await telegram.waitFor(
      (m) => m.text?.includes(driver.t('pledge:reach_points.preferred', { name: 'تلگرام' })) === true,
    );
    // Cards go to the preferred chat: the record's own chat follows it.
    expect(await volunteer('bale:4001')).toMatchObject({ platform: 'telegram', chatId: '5001' });

    telegram.press(driver.t('pledge:reach_points.remove', { name: 'تلگرام' }), screen.message_id);
    await telegram.waitFor(
      (m) => m.message_id === screen.message_id && !buttonsOf(m).some((b) => b.includes('تلگرام')),
    );
    expect(await volunteer('bale:4001')).toMatchObject({ platform: 'bale', chatId: '4001' });
    expect((await volunteer('bale:4001'))?.reachPoints).toHaveLength(1);
    expect((await user('telegram:5001'))?.personKey).toBeUndefined();
  });

  it('when someone says the person found is not them, then they register apart and the pair is flagged for an admin', async () => {
    await registerOnBale(4002, '989120004002');
    const telegram = h.user({ platform: 'telegram', firstName: 'Other', userId: 5002, phone: '989120004002' });
    const driver = await RegistrationDriver.create(telegram, 'fa');
    await driver.driveTo('mobile');
    driver.user.tapKeyboard(driver.t('registration:mobile.share'));
    await driver.waitForButton(driver.t('registration:link.no'));
    telegram.press(driver.t('registration:link.no'));
    await driver.expect('registration:link.declined');
    await driver.question('group');
    for (let step = driver.after('mobile'); ; step = driver.after(step)) {
      if (step === 'summary') break;
      await driver.answer(step);
    }
    await driver.confirm();

    expect(await volunteer('telegram:5002')).toMatchObject({ mobile: '+989120004002', mobileVerified: true });
    expect(await h.database.models.duplicatePairs.findById('bale:4002|telegram:5002').lean()).toMatchObject({
      reason: 'declined_link',
      state: 'open',
    });
  });

  it('when a number someone else holds is typed, then it is refused politely and nothing is saved or linked', async () => {
    await registerOnBale(4003, '989120004003');
    const telegram = h.user({ platform: 'telegram', firstName: 'Thief', userId: 5003, phone: '989350005003' });
    const driver = await RegistrationDriver.create(telegram, 'fa');
    await driver.driveTo('mobile');
    telegram.sendText('۰۹۱۲۰۰۰۴۰۰۳');
    const reply = await nextReply(telegram);
    expect(reply).toContain(driver.t('registration:errors.mobile.taken'));
    expect(reply).not.toContain('ثبت شد');
    expect((await user('telegram:5003'))?.personKey).toBeUndefined();
    expect((await volunteer('bale:4003'))?.reachPoints).toBeUndefined();
  });

  it("when someone else's contact with a registered number is shared, then it proves nothing: refused, nothing linked", async () => {
    await registerOnBale(4007, '989120004007');
    const telegram = h.user({ platform: 'telegram', firstName: 'Thief', userId: 5007, phone: '989350005007' });
    const driver = await RegistrationDriver.create(telegram, 'fa');
    await driver.driveTo('mobile');
    telegram.shareContact(false, { phone_number: '989120004007' });
    expect(await nextReply(telegram)).toContain(driver.t('registration:errors.mobile.not_own'));
    expect(buttonsOf(telegram.lastMessage())).not.toContain(driver.t('registration:link.yes'));
    expect((await user('telegram:5007'))?.personKey).toBeUndefined();
    expect((await volunteer('telegram:5007'))?.mobile).toBeUndefined();
    expect((await volunteer('bale:4007'))?.reachPoints).toBeUndefined();
  });

  it('when a free number is typed, then it is saved as unverified and shown so', async () => {
    const telegram = h.user({ platform: 'telegram', firstName: 'Typist', userId: 5004 });
    const driver = await RegistrationDriver.create(telegram, 'fa');
    await driver.driveTo('mobile');
    telegram.sendText('09120005999');
    expect(await nextReply(telegram)).toContain('تأییدنشده');
    await driver.question('group');
    for (let step = driver.after('mobile'); step !== 'summary'; step = driver.after(step)) await driver.answer(step);
    expect(telegram.lastMessage()?.text).toContain(driver.t('pledge:mobile.unverified', { mobile: '' }).trim());
    await driver.confirm();
    expect(await volunteer('telegram:5004')).toMatchObject({ mobile: '+989120005999', mobileVerified: false });
  });

  it('when the person deletes their data from the linked account, then the record, the number and the data of every account go', async () => {
    await registerOnBale(4006, '989120004006');
    const telegram = h.user({ platform: 'telegram', firstName: 'Sara', userId: 5006, phone: '989120004006' });
    const d = await RegistrationDriver.create(telegram, 'fa');
    await d.driveTo('mobile');
    d.user.tapKeyboard(d.t('registration:mobile.share'));
    await d.waitForButton(d.t('registration:link.yes'));
    telegram.press(d.t('registration:link.yes'));
    await d.waitForButton(d.t('pledge:menu.profile'));

    telegram.press(d.t('pledge:menu.profile'));
    await d.waitForButton(d.t('pledge:profile.erase'));
    telegram.press(d.t('pledge:profile.erase'));
    await d.expect('pledge:erase.confirm_1');
    telegram.press(d.t('pledge:erase.continue'));
    await d.expect('pledge:erase.confirm_2');
    telegram.press(d.t('pledge:erase.final'));
    await d.expect('pledge:erase.done');

    expect(await volunteer('bale:4006')).toBeNull();
    expect(await h.database.models.mobileOwners.findById('+989120004006').lean()).toBeNull();
    expect(await user('telegram:5006')).toBeNull();
    // Every account of the person is forgotten, not only the one that asked.
    expect(await user('bale:4006')).toBeNull();
    expect(await h.database.models.messages.countDocuments({ chatId: '4006' })).toBe(0);
  });
});
