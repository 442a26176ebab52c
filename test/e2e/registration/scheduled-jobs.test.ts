import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRegistrationActivity } from '../../../src/bot/features/registration/registration-activity.ts';
import { addDays, addMonths, fromTehranWallTime, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import { untilFor, validUntilFor } from '../../../src/domain/volunteers/pledge.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { createSendThroughOutbox } from '../../../src/messaging/send-through-outbox.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { pledgeCheckInJob } from '../../../src/scheduler/jobs/pledge-check-in.job.ts';
import { pledgeExpiryJob } from '../../../src/scheduler/jobs/pledge-expiry.job.ts';
import { registrationReminderJob } from '../../../src/scheduler/jobs/registration-reminder.job.ts';
import type { Job } from '../../../src/scheduler/scheduler.ts';
import { createPledgeLifecycle } from '../../../src/services/volunteers/pledge-lifecycle.service.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';
import { SETTLED } from '../../support/waits.ts';

describe('scheduled jobs with a controllable clock (check-in, expiry, reminder) through the running bot', () => {
  let h: BotHarness;
  let jobs: { checkIn: Job; expiry: Job; reminder: Job };
  let start: Date;

  /** `days` days from the start of the tests, at a Tehran wall-clock hour. */
  function tehranAt(days: number, hour: number, minute = 0): Date {
    const p = tehranParts(addDays(start, days));
    return fromTehranWallTime(p.gy, p.gm, p.gd, hour, minute);
  }

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
    start = h.clock.now();
    // The same wiring as app.ts, over the harness's database and the running app's outbox, so the jobs can be run by
    // hand.
    const i18n = await createI18n({ defaultLocale: 'fa' });
    const lifecycle = createPledgeLifecycle({
      volunteers: createVolunteerRepository(h.database.models),
      users: createUserRepository(h.database.models),
      notices: createSendThroughOutbox(h.app.outbox),
      t: i18n.t,
      registrationActivity: createRegistrationActivity(createSessionStorage(h.database.models)),
    });
    jobs = {
      checkIn: pledgeCheckInJob(lifecycle),
      expiry: pledgeExpiryJob(lifecycle),
      reminder: registrationReminderJob(lifecycle),
    };
  });
  afterAll(async () => {
    await h.stop();
  });
  afterEach(() => {
    h.clock.resume();
  });

  /** A volunteer registered earlier, whose chat with the bot is open (a bot cannot start a conversation). */
  async function registeredVolunteer(userId: number, overrides: Parameters<typeof seedVolunteer>[3] = {}) {
    await seedVolunteer(h.database, h.clock.now, userId, overrides);
    const user = h.user({ firstName: 'Sara', userId });
    const d = await RegistrationDriver.create(user, 'fa');
    user.sendCommand('/start');
    await d.waitForButton(d.t('pledge:menu.profile'));
    return { user, d };
  }

  it('when 31 days have passed, then the check-in arrives once in daytime, and "still valid" is recorded', async () => {
    const { user, d } = await registeredVolunteer(8001);

    const night = tehranAt(31, 23, 15);
    await jobs.checkIn.run(night);
    const count = user.messages().length;
    await new Promise((r) => setTimeout(r, 100));
    expect(user.messages()).toHaveLength(count);

    const morning = tehranAt(32, 10);
    h.clock.set(morning);
    await jobs.checkIn.run(morning);
    const checkIn = await d.expect('pledge:checkin.text', { name: '\u2068سارا احمدی\u2069' });
    expect(buttonsOf(checkIn)).toEqual([
      d.t('pledge:checkin.still_valid'),
      d.t('pledge:checkin.change'),
      d.t('pledge:checkin.pause'),
    ]);
    await jobs.checkIn.run(morning);
    await jobs.checkIn.run(tehranAt(33, 10));
    expect(
      user.messages().filter((m) => m.text?.includes(d.text('pledge:checkin.text', { name: '' }).slice(-30))),
    ).toHaveLength(1);

    user.press(d.t('pledge:checkin.still_valid'), checkIn.message_id);
    await d.expect('pledge:checkin.thanks');
    expect(await h.database.models.volunteers.findById('telegram:8001').lean()).toMatchObject({
      confirmedAt: morning,
      lastCheckInAt: morning,
      nextCheckInAt: addDays(morning, 30),
    });

    user.press(d.t('pledge:checkin.change'), checkIn.message_id);
    await d.waitForButton(d.t('pledge:profile.erase'));
    user.press(d.t('pledge:checkin.pause'), checkIn.message_id);
    await d.expect('pledge:pause.ask');
    user.press(d.t('pledge:until.2w'));
    await d.expect('pledge:pause.done', { date: untilFor('2w', morning) });
    expect((await h.database.models.volunteers.findById('telegram:8001').lean())?.status).toBe('paused');
  });

  it('when the end date passes, then the pledge is inactive with one message, and "renew" sets a new end', async () => {
    const { user, d } = await registeredVolunteer(8002, { validUntil: validUntilFor('3m', h.clock.now()) });
    const end = (await h.database.models.volunteers.findById('telegram:8002').lean())?.validUntil as Date;

    const after = tehranAt(Math.ceil((end.getTime() - start.getTime()) / 86_400_000) + 1, 9, 30);
    h.clock.set(after);
    await jobs.expiry.run(after);
    const notice = await d.expect('pledge:expiry.text', { date: new Date(end.getTime() - 1) });
    expect(notice.text).toMatch(/[۰-۹]{4}/);
    expect((await h.database.models.volunteers.findById('telegram:8002').lean())?.status).toBe('expired');
    await jobs.expiry.run(addDays(after, 1));
    expect(user.messages().filter((m) => m.text === notice.text)).toHaveLength(1);

    user.press(d.t('pledge:expiry.renew'), notice.message_id);
    await d.question('valid_until');
    user.press(d.t('registration:valid_until.choice.6m'));
    await d.expect('pledge:edit.saved');
    const renewed = await h.database.models.volunteers.findById('telegram:8002').lean();
    expect(renewed?.status).toBe('active');
    expect(renewed?.validUntil?.getTime()).toBeGreaterThan(addMonths(after, 5).getTime());
  });

  it('when a registration is left for a day, then one reminder comes in daytime, and "continue" picks up the question', async () => {
    const user = h.user({ firstName: 'Reza', userId: 8003 });
    const d = await RegistrationDriver.create(user, 'fa');
    await d.driveTo('mobile');

    await jobs.reminder.run(tehranAt(0, 23, 30));
    await jobs.reminder.run(tehranAt(1, 3, 0));
    const later = tehranAt(2, 12);
    // The outbox holds notices through the night by the app's clock: it is midday there too.
    h.clock.set(later);
    await jobs.reminder.run(later);
    const reminder = await d.expect('registration:reminder.text');
    await jobs.reminder.run(tehranAt(3, 12));
    await jobs.reminder.run(tehranAt(10, 12));
    expect(user.messages().filter((m) => m.text === reminder.text)).toHaveLength(1);

    user.press(d.t('registration:reminder.continue'), reminder.message_id);
    await d.question('mobile');
    for (let step = 'mobile' as const as Parameters<typeof d.answer>[0]; step !== 'summary'; step = d.after(step)) {
      await d.answer(step);
    }
    await d.confirm();
    expect((await h.database.models.volunteers.findById('telegram:8003').lean())?.status).toBe('active');
  });

  it('when the user cancelled the registration, then no reminder comes', async () => {
    const user = h.user({ firstName: 'Mina', userId: 8004 });
    const d = await RegistrationDriver.create(user, 'fa');
    await d.driveTo('name');
    user.sendCommand('/cancel');
    await d.expect('registration:cancelled');
    // The session is written when the update ends, just after the reply.
    await vi.waitFor(async () => {
      const session = await h.database.models.sessions.findById('telegram:8004').lean();
      expect((session?.value as { flow?: unknown } | undefined)?.flow ?? null).toBeNull();
    }, SETTLED);
    await jobs.reminder.run(tehranAt(2, 12));
    await new Promise((r) => setTimeout(r, 150));
    expect(user.messages().map((m) => m.text)).not.toContain(d.t('registration:reminder.text'));
    expect(await h.database.models.volunteers.findById('telegram:8004').lean()).toBeNull();
  });
});
