import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, GP_IN_TEHRAN, RegistrationDriver } from '../../support/registration-driver.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';

describe('delete my data', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Every document of every collection in the database, as text. */
  async function everything(): Promise<string> {
    const db = h.database.connection.db!;
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
    // Someone else's data must survive.
    const other = await RegistrationDriver.create(h.user({ firstName: 'Other', userId: 7002 }), 'fa');
    await other.register();

    const before = await everything();
    for (const trace of [String(id), 'پریسا کمالی', '9357654321', 'دماوند', 'یادداشت محرمانه']) {
      expect(before).toContain(trace);
    }
    // The platform profile is never stored at all.
    for (const trace of ['Parisa', 'Kamali', 'parisa_k']) expect(before).not.toContain(trace);

    await openProfile(d);
    user.press(d.t('pledge:profile.erase'));
    await d.expect('pledge:erase.confirm_1');
    user.press(d.t('pledge:erase.continue'));
    await d.expect('pledge:erase.confirm_2');
    user.press(d.t('pledge:erase.final'));
    await d.expect('pledge:erase.done');

    // The goodbye reaches the chat a moment before the update has finished clearing up after it.
    await vi.waitFor(async () => {
      const after = await everything();
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
    });
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
    h.clock.set(new Date(Date.now() + 11 * 60_000));
    user.press(d.t('pledge:erase.final'));
    expect((await user.waitForAlert()).text).toBe(d.t('pledge:erase.expired'));
    expect(await h.database.models.volunteers.findById('telegram:7003').lean()).toMatchObject({ status: 'active' });
    expect(await h.database.models.users.findById('telegram:7003').lean()).not.toBeNull();
  });
});
