import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_MISSION_PLEDGE, jalaliMonthText } from '../../../src/domain/missions/mission-pledge.ts';
import { getMissionVaccination } from '../../../src/domain/reference/mission-lists.ts';
import { addMonths, fromTehranWallTime, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import { createMissionPledgeRepository } from '../../../src/persistence/repositories/missions/mission-pledge.repository.ts';
import type { Job } from '../../../src/scheduler/scheduler.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';
import { seedVolunteer } from '../../support/volunteer-seed.ts';

describe('reminders for the long-missions part (injected clock, through the running bot)', () => {
  let h: BotHarness;
  let job: Job;
  let nextId = 19_100;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
    const found = h.app.jobs.find((j) => j.name === 'mission-reminders');
    if (!found) throw new Error('no mission-reminders job');
    job = found;
  });
  afterAll(async () => {
    await h.stop();
  });
  afterEach(() => {
    h.clock.resume();
  });

  /** 10:30 in Tehran, `months` Jalali months after the real today: daytime, so nothing waits for the morning. */
  function morningIn(months: number): Date {
    const p = tehranParts(addMonths(new Date(), months));
    return fromTehranWallTime(p.gy, p.gm, p.gd, 10, 30);
  }

  async function volunteerWithPart(part: Partial<typeof EMPTY_MISSION_PLEDGE>) {
    nextId += 1;
    await seedVolunteer(h.database, h.clock.now, nextId);
    await createMissionPledgeRepository(h.database.models).save(
      `telegram:${nextId}`,
      { ...EMPTY_MISSION_PLEDGE, abroad: true, ...part },
      h.clock.now(),
    );
    const user = h.user({ firstName: 'Sara', userId: nextId });
    const d = await RegistrationDriver.create(user, 'fa');
    user.sendCommand('/start');
    await d.waitForButton(d.t('pledge:menu.profile'));
    return { user, d };
  }

  it('when the passport expires within six months, then one reminder comes, once, and its button opens the part', async () => {
    const now = morningIn(1);
    const expiry = tehranParts(addMonths(now, 4));
    const month = { jy: expiry.jy, jm: expiry.jm };
    const { user, d } = await volunteerWithPart({ passportExpiry: month });

    // Seven months before the expiry month, nothing is due yet: no reminder is recorded as sent.
    const sent = async () =>
      (await h.database.models.missionPledges.findById(`telegram:${nextId}`).lean())?.remindersSent;
    h.clock.set(addMonths(now, -3));
    await job.run(addMonths(now, -3));
    expect((await sent()) ?? []).toEqual([]);

    h.clock.set(now);
    await job.run(now);
    const reminder = await d.expect('missions:reminders.passport', { month: jalaliMonthText('fa', month) });
    expect(buttonsOf(reminder)).toEqual([d.t('missions:reminders.open')]);
    await job.run(now);
    await job.run(addMonths(now, 1));
    user.press(d.t('missions:reminders.open'), reminder.message_id);
    await d.expect('missions:card.title');
    expect(await sent()).toHaveLength(1);
    expect(user.messages().filter((m) => m.text === reminder.text)).toHaveLength(1);
  });

  it('when a vaccination has lapsed, then the reminder names it and when it lapsed', async () => {
    const now = morningIn(0);
    const given = addMonths(now, -30);
    const { d } = await volunteerWithPart({ vaccinations: [{ code: 'cholera', date: given }] });
    h.clock.set(now);
    await job.run(now);
    await d.expect('missions:reminders.vaccination', {
      name: getMissionVaccination('cholera')!.fa,
      date: addMonths(given, 24),
    });
  });
});
