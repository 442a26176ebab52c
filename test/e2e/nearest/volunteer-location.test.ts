import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, GP_IN_TEHRAN, RegistrationDriver } from '../../support/registration-driver.ts';

describe('a volunteer’s location: shared once, kept coarse, removable (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  const record = (key: string) => h.database.models.volunteers.findById(key).lean();

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when a pin is shared in registration and removed from the profile, then it is stored coarse and then gone', async () => {
    const user = h.user({ firstName: 'Sara', userId: 7101 });
    const d = await RegistrationDriver.create(user, 'fa', {
      ...GP_IN_TEHRAN,
      location: { latitude: 35.701234, longitude: 51.409876 },
    });
    await d.driveTo('location');
    const question = await d.question('location');
    // Optional, and it says how coarse it is kept.
    expect(question.text).toContain('۵۰۰ متر');
    expect(buttonsOf(question)).toContain(d.t('registration:location.skip'));
    await d.answer('location');
    for (let step = d.after('location'); step !== 'summary'; step = d.after(step)) await d.answer(step);
    const summary = user.lastMessage();
    expect(summary?.text).toContain(d.t('pledge:location.shared'));
    await d.confirm();
    const stored = await record('telegram:7101');
    expect(stored?.location).toEqual({ lat: 35.7, lon: 51.41 });
    expect(stored?.geo).toEqual({ type: 'Point', coordinates: [51.41, 35.7] });

    // The profile says it is approximate and offers to remove it.
    user.sendCommand('/menu');
    await d.waitForButton(d.t('pledge:menu.profile'));
    user.press(d.t('pledge:menu.profile'));
    const profile = await d.expect('pledge:location.shared');
    user.press(d.t('pledge:card.edit', { field: d.t('pledge:card.fields.location') }), profile.message_id);
    const asked = await d.question('location');
    user.press(d.t('registration:location.remove'), asked.message_id);
    await d.expect('pledge:edit.saved');
    await d.expect('pledge:location.not_shared');
    const after = await record('telegram:7101');
    expect(after?.location).toBeNull();
    // Placed at the city's centre from now on, never at the removed pin.
    expect(after?.geo?.coordinates).toEqual([51.3896, 35.6893]);
  });

  it('when the location step is skipped, then nothing is stored but the city’s centre places them', async () => {
    const user = h.user({ firstName: 'Reza', userId: 7102 });
    const d = await RegistrationDriver.create(user, 'fa');
    await d.driveTo('summary');
    expect(user.lastMessage()?.text).toContain(d.t('pledge:location.not_shared'));
    await d.confirm();
    const stored = await record('telegram:7102');
    expect(stored?.location).toBeNull();
    expect(stored?.geo?.coordinates).toEqual([51.3896, 35.6893]);
  });
});
