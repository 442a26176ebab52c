import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Base } from '../../../src/domain/bases/base.ts';
import { baseTools } from '../../support/bases-e2e.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';
import { persian, staffTools } from '../../support/staff-e2e.ts';

describe('a volunteer joins a base (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let narmak: Base;
  let tajrish: Base;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
    const bases = baseTools(h);
    narmak = await bases.base({
      name: 'مسجد امام حسن نارمک',
      neighbourhood: 'نارمک',
      location: { lat: 35.74, lon: 51.5 },
    });
    tajrish = await bases.base({ name: 'شورای محله‌ی تجریش', city: 'تجریش', location: { lat: 35.8, lon: 51.43 } });
    await bases.base({ name: 'پایگاه بسته', status: 'closed' });
    await bases.base({ name: 'درمانگاه کرج', province: 'alborz', city: 'کرج', location: { lat: 35.83, lon: 50.99 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  const membership = (key: string) => h.database.models.baseMembers.findById(key).lean();

  it('when a volunteer finishes registration, then open bases of their city are offered and a tap joins one', async () => {
    const user = h.user({ firstName: 'Sara', userId: 7701 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.register();
    const offer = await user.waitFor((m) => m.text === driver.t('bases:member.offer'));
    const offered = (offer.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat();
    const names = offered.map((b) => b.text);
    // Tehran's bases, the city's own first; not the closed one, nor another province's.
    expect(names.slice(0, 2)).toEqual(['مسجد امام حسن نارمک', 'شورای محله‌ی تجریش']);
    expect(names).not.toContain('پایگاه بسته');
    expect(names).not.toContain('درمانگاه کرج');
    user.press('مسجد امام حسن نارمک');
    await user.waitFor((m) => m.text === driver.t('bases:member.joined', { name: 'مسجد امام حسن نارمک' }));
    expect(await membership('telegram:7701')).toMatchObject({ baseId: narmak.id });
  });

  it('when a volunteer passes on the offer, then they are in no base and told where to join later', async () => {
    const user = h.user({ firstName: 'Reza', userId: 7703 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.register();
    await user.waitFor((m) => m.text === driver.t('bases:member.offer'));
    user.press(driver.t('bases:member.skip_button'));
    await user.waitFor((m) => m.text === driver.t('bases:member.skipped'));
    expect(await membership('telegram:7703')).toBeNull();
  });

  it('when a registered volunteer finds a base by its pin from the profile, then they join it and may leave', async () => {
    // Registered already (a whole registration at machine speed would trip the flood control before the end).
    await staffTools(h).volunteer(7702, { name: 'علی رضایی' });
    const user = h.user({ firstName: 'Ali', userId: 7702 });
    const t = await persian();
    const driver = { t };
    user.sendCommand('/menu');
    await user.waitFor((m) => m.text === t('common:menu.title'));
    user.press(driver.t('pledge:menu.profile'));
    await user.waitFor((m) => m.text?.includes(driver.t('pledge:card.fields.name')) === true);
    user.press(driver.t('bases:member.profile_button'));
    await user.waitFor((m) => m.text === driver.t('bases:member.none_mine'));
    user.press(driver.t('bases:member.find_button'));
    await user.waitFor((m) => m.text === driver.t('bases:member.find'));
    user.sendText('ناپیدا');
    await user.waitFor((m) => m.text === driver.t('bases:member.none_found'));
    // Near Tajrish: that base comes first.
    user.shareLocation(35.81, 51.42);
    const results = await user.waitFor((m) => m.text === driver.t('bases:member.results'));
    expect((results.reply_markup as { inline_keyboard: { text: string }[][] }).inline_keyboard[0]?.[0]?.text).toBe(
      'شورای محله‌ی تجریش',
    );
    user.press('شورای محله‌ی تجریش');
    await user.waitFor((m) => m.text === driver.t('bases:member.joined', { name: 'شورای محله‌ی تجریش' }));
    expect(await membership('telegram:7702')).toMatchObject({ baseId: tajrish.id });

    user.sendCommand('/menu');
    await user.waitFor((m) => m.text === driver.t('common:menu.title'));
    user.press(driver.t('pledge:menu.profile'));
    await user.waitFor((m) => m.text?.includes(driver.t('pledge:card.fields.name')) === true);
    user.press(driver.t('bases:member.profile_button'));
    await user.waitFor((m) => m.text?.startsWith('پایگاه شما: «شورای محله‌ی تجریش»') === true);
    user.press(driver.t('bases:member.leave_button'));
    await user.waitFor((m) => m.text === driver.t('bases:member.left', { name: 'شورای محله‌ی تجریش' }));
    expect(await membership('telegram:7702')).toBeNull();
  });
});
