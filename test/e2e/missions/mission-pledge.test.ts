import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLanguage, getMissionVaccination, getTraining } from '../../../src/domain/reference/mission-lists.ts';
import { fromJalali, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import {
  type Answers,
  buttonsOf,
  FAST_SANDBOX,
  GP_IN_TEHRAN,
  RegistrationDriver,
} from '../../support/registration-driver.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';

describe('the long-missions part of a pledge', () => {
  let h: BotHarness;
  let nextId = 19_000;
  const stored = (key: string) => h.database.models.missionPledges.findById(key).lean();

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  // Each test is a fresh user: a registration and the whole part, tapped at machine speed, would pass the per-user
  // flood allowance (30 updates in 10 s).
  async function newVolunteer(
    answers: Partial<Answers> = {},
  ): Promise<{ user: SimulatedUser; d: RegistrationDriver; key: string }> {
    nextId += 1;
    const user = h.user({ firstName: 'Reza', userId: nextId });
    const d = await RegistrationDriver.create(user, 'fa', { ...GP_IN_TEHRAN, ...answers });
    return { user, d, key: `telegram:${nextId}` };
  }

  /** Taps a button and waits until the message it sits on shows `label` (the message is edited in place). */
  async function tapUntil(d: RegistrationDriver, tap: string, label: string) {
    d.user.press(tap);
    await d.waitForButton(label);
  }

  it('when a volunteer fills in the part while registering, then it is stored and the summary card shows it', async () => {
    const { user, d, key } = await newVolunteer({ days: [0], modes: ['remote'] });
    await d.driveTo('missions');
    user.press(d.t('missions:intro.yes'));
    await d.expect('missions:home.ask');
    user.press(d.t('missions:home.weeks.3'));
    await d.expect('missions:abroad.ask');
    user.press(d.t('missions:abroad.yes'));
    await d.expect('missions:passport.ask');
    const passportYear = tehranParts(h.clock.now()).jy + 2;
    user.sendText(`تیر ${passportYear}`);
    await d.expect('missions:languages.ask');
    user.press(d.t('registration:keyboard.done'));
    await d.expect('missions:trainings.ask');
    await d.toggleAll([getTraining('atls')!.fa]);
    await d.expect('missions:vaccinations.ask');
    user.press(d.t('registration:keyboard.done'));
    await d.expect('missions:note.ask', { max: 500 });
    user.press(d.t('missions:note.skip'));
    await d.question('valid_until');
    await d.answer('valid_until');
    await d.answer('note');

    const summary = user.messages().findLast((m) => d.isQuestion('summary', m));
    expect(summary?.text).toContain(d.t('missions:card.title'));
    expect(summary?.text).toContain(d.t('missions:home.weeks.3'));
    expect(buttonsOf(summary)).toContain(d.t('missions:card.edit'));
    await d.confirm();

    expect(await stored(key)).toMatchObject({
      homeWeeks: 3,
      abroad: true,
      passportExpiry: { jy: passportYear, jm: 4 },
      languages: [],
      trainings: ['atls'],
      vaccinations: [],
      note: null,
    });
    // Only the month: no field could hold a passport number.
    expect(Object.keys((await stored(key)) ?? {}).filter((k) => /number/i.test(k))).toEqual([]);
  });

  it('when the part is skipped with one tap, then registration goes on and nothing of it is stored', async () => {
    const { d, key } = await newVolunteer();
    await d.driveTo('missions');
    await d.answer('missions');
    await d.answer('valid_until');
    await d.answer('note');
    const summary = d.user.messages().findLast((m) => d.isQuestion('summary', m));
    expect(summary?.text).toContain(d.t('missions:card.absent'));
    await d.confirm();
    expect(await h.database.models.volunteers.findById(key).lean()).toMatchObject({ status: 'active' });
    expect(await stored(key)).toBeNull();
  });

  it('when the part is filled in from the profile and then deleted, then the profile shows it and then not', async () => {
    const { user, d, key } = await newVolunteer();
    await seedVolunteer(h.database, h.clock.now, nextId);
    user.sendCommand('/menu');
    await d.waitForButton(d.t('pledge:menu.profile'));
    user.press(d.t('pledge:menu.profile'));
    await d.waitForButton(d.t('missions:profile.open'));
    user.press(d.t('missions:profile.open'));
    await d.expect('missions:card.absent');
    user.press(d.t('missions:profile.edit'));
    await d.expect('missions:intro.ask');
    user.press(d.t('missions:intro.yes'));
    await d.expect('missions:home.ask');
    user.press(d.t('missions:home.weeks.4'));
    await d.expect('missions:abroad.ask');
    user.press(d.t('missions:abroad.yes'));
    await d.expect('missions:passport.ask');
    user.press(d.t('missions:passport.none'));
    await d.expect('missions:languages.ask');

    const arabic = getLanguage('arabic')!.fa;
    const level = (lvl: string) => d.t('missions:languages.with_level', { language: arabic, level: lvl });
    await tapUntil(d, arabic, level('مقدماتی'));
    await tapUntil(d, level('مقدماتی'), level('کاری'));
    await tapUntil(d, level('کاری'), level('روان'));
    user.press(d.t('registration:keyboard.done'));
    await d.expect('missions:trainings.ask');
    user.press(d.t('registration:keyboard.done'));
    await d.expect('missions:vaccinations.ask');
    const meningococcal = getMissionVaccination('meningococcal')!.fa;
    user.press(meningococcal);
    await d.expect('missions:vaccinations.date_ask', { name: meningococcal });
    user.sendText('۱۴۰۳/۵/۱۰');
    await d.waitForButton(
      d.t('missions:vaccinations.with_date', { name: meningococcal, date: fromJalali(1403, 5, 10) }),
    );
    user.press(d.t('registration:keyboard.done'));
    await d.expect('missions:note.ask', { max: 500 });
    user.sendText('فقط با هماهنگی بیمارستان محل کارم.');
    const shown = await d.expect('missions:card.title');
    expect(shown.text).toContain(level('روان'));
    expect(shown.text).toContain(d.t('missions:card.no_passport'));
    expect(await stored(key)).toMatchObject({
      homeWeeks: 4,
      abroad: true,
      passportExpiry: null,
      languages: [{ code: 'arabic', level: 'fluent' }],
      vaccinations: [{ code: 'meningococcal', date: fromJalali(1403, 5, 10) }],
      note: 'فقط با هماهنگی بیمارستان محل کارم.',
    });

    user.press(d.t('missions:profile.remove'));
    await d.expect('missions:profile.removed');
    expect(await stored(key)).toBeNull();
  });
});
