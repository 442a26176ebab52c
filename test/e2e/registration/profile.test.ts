import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../../src/domain/text/persian-text.ts';
import { addDays, startOfTehranDay, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import { untilFor } from '../../../src/domain/volunteers/pledge.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';

describe('my profile: edit every field, pause, resume, withdraw, availability', () => {
  let h: BotHarness;
  let user: SimulatedUser;
  let d: RegistrationDriver;
  let key = '';
  let nextId = 6000;
  const record = () => h.database.models.volunteers.findById(key).lean();

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  // Each test is a fresh volunteer, so no one user taps past the per-user flood allowance.
  beforeEach(async () => {
    nextId += 1;
    key = `telegram:${nextId}`;
    await seedVolunteer(h.database, h.clock.now, nextId);
    user = h.user({ firstName: 'Sara', userId: nextId });
    d = await RegistrationDriver.create(user, 'fa');
  });

  const profileTitle = () => d.text('pledge:profile.text', { card: '' }).split('\n')[0]!;

  async function openProfile() {
    user.sendCommand('/menu');
    await d.waitForButton(d.t('pledge:menu.profile'));
    user.press(d.t('pledge:menu.profile'));
    return d.expect(profileTitle());
  }

  /** Presses a field's edit button on the latest profile card (opening the profile first if there is none). */
  async function edit(field: string) {
    if (!user.messages().some((m) => m.text?.startsWith(profileTitle()))) await openProfile();
    user.press(d.t('pledge:card.edit', { field: d.t(`pledge:card.fields.${field}`) }));
  }

  const saved = () => d.expect(profileTitle());

  it('when the profile is opened, then the card shows the pledge with an edit button per field and the actions', async () => {
    const card = await openProfile();
    expect(card.text).toContain(d.t('pledge:status.active'));
    expect(card.text).toContain(d.t('pledge:availability.available'));
    expect(buttonsOf(card).filter((b) => b.startsWith('✏️'))).toHaveLength(14);
    expect(buttonsOf(card)).toEqual(
      expect.arrayContaining([
        d.t('pledge:profile.pause'),
        d.t('pledge:profile.withdraw'),
        d.t('pledge:profile.erase'),
      ]),
    );
  });

  it('when the name, mobile, city, hours, note and end date are edited, then each is saved with the same checks', async () => {
    await edit('name');
    await d.expect('registration:name.ask_edit');
    user.sendText('😀');
    await d.expect('registration:errors.name.emoji_only');
    user.sendText('سارا احمدی‌نژاد');
    await d.expect('pledge:edit.saved');
    await saved();

    await edit('mobile');
    await d.question('mobile');
    user.sendText('۰۹۳۵ ۱۱۱ ۲۲۳۳');
    await d.expect('pledge:edit.saved');

    await edit('city');
    await d.question('city');
    user.sendText('ری');
    await d.expect('pledge:edit.saved');

    await edit('hours');
    await d.question('hours');
    user.sendText('۱۲۰');
    await d.expect('pledge:edit.saved');

    await edit('note');
    await d.question('note');
    user.sendText('فقط شیفت شب.');
    await d.expect('pledge:edit.saved');

    await edit('validUntil');
    await d.question('valid_until');
    user.press(d.t('registration:valid_until.choice.indefinite'));
    await d.expect('pledge:edit.saved');

    expect(await record()).toMatchObject({
      name: 'سارا احمدی‌نژاد',
      mobile: '+989351112233',
      city: 'ری',
      hoursPerMonth: 120,
      note: 'فقط شیفت شب.',
      validUntil: null,
      status: 'active',
    });
  });

  it('when the days, windows and modes are edited, then toggles start from the saved choice', async () => {
    await edit('days');
    const days = await d.question('days');
    expect(buttonsOf(days)).toContain(d.t('registration:keyboard.selected', { label: d.t('pledge:days.0') }));
    await d.toggleAll([d.t('pledge:days.6')]);
    await d.expect('pledge:edit.saved');

    await edit('windows');
    await d.question('windows');
    await d.toggleAll([d.t('pledge:windows.night')]);
    await d.expect('pledge:edit.saved');

    // Adding travel to underserved areas asks how far, as part of the same edit.
    await edit('modes');
    await d.question('modes');
    await d.toggleAll([d.t('pledge:modes.deprived_areas')]);
    await d.question('reach');
    user.press(d.t('pledge:reach.anywhere'));
    await d.expect('pledge:edit.saved');

    expect(await record()).toMatchObject({
      days: [0, 2, 6],
      windows: ['morning', 'night'],
      modes: ['deprived_areas', 'crisis'],
      reach: 'anywhere',
      reachAnywhere: true,
    });

    await edit('reach');
    await d.question('reach');
    user.press(d.t('pledge:reach.own'));
    await d.expect('pledge:edit.saved');
    expect(await record()).toMatchObject({ reach: 'own', reachAnywhere: false, reachProvinces: ['tehran'] });
  });

  it('when the specialty, licence and province are edited, then their follow-up questions come in the same edit', async () => {
    await edit('specialty');
    await d.question('group');
    user.press('پرستاری');
    await d.waitForButton('پرستار');
    user.press('پرستار');
    await d.expect('registration:licence.body.ino');
    user.sendText('٦٧٨٩');
    await d.expect('pledge:edit.saved');
    expect(await record()).toMatchObject({
      group: 'nursing',
      specialty: 'nurse',
      licence: { body: 'ino', digits: '6789', status: 'unverified' },
    });

    await edit('licence');
    await d.expect('registration:licence.body.ino');
    user.sendText('۹۸۷۶');
    await d.expect('pledge:edit.saved');
    expect((await record())?.licence).toMatchObject({ digits: '9876', status: 'unverified' });

    await edit('province');
    await d.question('province');
    user.sendText('فارس');
    await d.expect('registration:city.ask', { province: 'فارس' });
    user.sendText('شیراز');
    await d.expect('pledge:edit.saved');
    expect(await record()).toMatchObject({ province: 'fars', city: 'شیراز' });
    expect((await record())?.reachProvinces).toEqual(expect.arrayContaining(['fars', 'bushehr', 'isfahan']));
    expect((await record())?.reachProvinces).not.toContain('tehran');
  });

  it('when an edit is cancelled, then nothing changes', async () => {
    await edit('city');
    await d.question('city');
    user.sendCommand('/cancel');
    await d.expect('pledge:edit.cancelled');
    expect((await record())?.city).toBe('تهران');
  });

  it('when the pledge is paused for a week and resumed, then the status and the card follow', async () => {
    await openProfile();
    user.press(d.t('pledge:profile.pause'));
    await d.expect('pledge:pause.ask');
    user.press(d.t('pledge:until.1w'));
    await d.expect(d.t('pledge:pause.done', { date: untilFor('1w', h.clock.now()) }));
    expect(await record()).toMatchObject({ status: 'paused', pausedUntil: untilFor('1w', h.clock.now()) });

    const card = await openProfile();
    const until = untilFor('1w', h.clock.now());
    expect(card.text).toContain(d.t('pledge:status.paused_until', { date: until }));
    // Paused is not available: the profile says so (not «در دسترس»), and so does the menu (not green).
    expect(card.text).toContain(
      `${d.t('pledge:card.fields.availability')}: ${d.t('pledge:availability.paused', { date: until })}`,
    );
    user.sendCommand('/menu');
    const menu = await d.waitForButton('⏸️ نذر متوقف است');
    expect(buttonsOf(menu)).not.toContain(d.t('pledge:menu.availability.available'));
    await openProfile();
    user.press(d.t('pledge:profile.resume'));
    await d.expect('pledge:resume.done');
    expect(await record()).toMatchObject({ status: 'active', pausedUntil: null });
  });

  it('when a pause date is typed in Persian digits, then the pledge pauses until that day; a past day is refused', async () => {
    await openProfile();
    user.press(d.t('pledge:profile.pause'));
    await d.expect('pledge:pause.ask');
    user.sendText('۱۴۰۰/۰۱/۰۱');
    await d.expect('pledge:errors.until.past');
    const back = addDays(h.clock.now(), 10);
    const p = tehranParts(back);
    user.sendText(toPersianDigits(`${p.jy}/${p.jm}/${p.jd}`));
    await d.expect(d.t('pledge:pause.done', { date: startOfTehranDay(back) }));
    expect((await record())?.pausedUntil).toEqual(startOfTehranDay(back));
    await openProfile();
    user.press(d.t('pledge:profile.resume'));
    await d.expect('pledge:resume.done');
  });

  it('when the volunteer withdraws and then reactivates, then both are confirmed and stored', async () => {
    await openProfile();
    user.press(d.t('pledge:profile.withdraw'));
    await d.expect('pledge:withdraw.confirm');
    user.press(d.t('pledge:keep'));
    await d.expect(profileTitle());
    expect((await record())?.status).toBe('active');

    user.press(d.t('pledge:profile.withdraw'));
    await d.expect('pledge:withdraw.confirm');
    user.press(d.t('pledge:withdraw.yes'));
    await d.expect('pledge:withdraw.done');
    expect((await record())?.status).toBe('withdrawn');

    const card = await openProfile();
    expect(card.text).toContain(d.t('pledge:status.withdrawn'));
    expect(buttonsOf(card)).not.toContain(d.t('pledge:profile.withdraw'));
    user.press(d.t('pledge:profile.resume'));
    await d.expect('pledge:resume.done');
    expect((await record())?.status).toBe('active');
  });

  it('when availability is set to "not until" a quick choice and back, then one tap from the menu does it', async () => {
    user.sendCommand('/menu');
    await d.waitForButton(d.t('pledge:menu.availability.available'));
    user.press(d.t('pledge:menu.availability.available'));
    await d.expect('pledge:availability.ask', { current: d.t('pledge:availability.available') });
    user.press(d.t('pledge:until.3d'));
    await d.expect(d.t('pledge:availability.saved_unavailable', { date: untilFor('3d', h.clock.now()) }));
    expect((await record())?.unavailableUntil).toEqual(untilFor('3d', h.clock.now()));

    // The menu no longer shows green: «🔴 فعلاً در دسترس نیستم».
    user.sendCommand('/menu');
    const menu = await d.waitForButton('🔴 فعلاً در دسترس نیستم');
    expect(buttonsOf(menu)).not.toContain(d.t('pledge:menu.availability.available'));
    user.press(d.t('pledge:menu.availability.unavailable'));
    await d.expect(
      d.text('pledge:availability.ask', {
        current: d.t('pledge:availability.unavailable_until', { date: untilFor('3d', h.clock.now()) }),
      }),
    );
    user.press(d.t('pledge:availability.set_available'));
    await d.expect('pledge:availability.saved_available');
    expect((await record())?.unavailableUntil).toBeNull();
    expect((await record())?.status).toBe('active');
  });

  it('when someone unregistered presses a profile or availability button, then they are asked to register', async () => {
    const stranger = h.user({ firstName: 'Guest', userId: 6999 });
    const sd = await RegistrationDriver.create(stranger, 'fa');
    stranger.sendCommand('/start');
    const menu = await sd.waitForButton(sd.t('registration:menu'));
    expect(buttonsOf(menu)).not.toContain(sd.t('pledge:menu.profile'));
    stranger.pressData('menu:profile', menu.message_id);
    await sd.expect('pledge:errors.not_registered');
    stranger.pressData('menu:availability', menu.message_id);
    await sd.expect('pledge:errors.not_registered');
  });
});
