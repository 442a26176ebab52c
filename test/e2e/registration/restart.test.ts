import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { FAST_SANDBOX, RegistrationDriver, STEPS, type Step } from '../../support/registration-driver.ts';
import { SETTLED } from '../../support/waits.ts';

describe('registration survives a restart at any step', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when the whole app restarts with one user waiting at each step, then every one finishes where they were', async () => {
    const waiting: { step: Step; driver: RegistrationDriver; id: number }[] = [];
    for (const [i, step] of STEPS.entries()) {
      const id = 5000 + i;
      const driver = await RegistrationDriver.create(h.user({ firstName: `User${i}`, userId: id }), 'fa');
      await driver.driveTo(step);
      waiting.push({ step, driver, id });
    }
    // The question is on screen a moment before the update finishes and its session is written; restart after that,
    // since an update cut off half-way is lost (its question is simply asked again after /start).
    await vi.waitFor(async () => {
      for (const { step, id } of waiting) {
        const session = await h.database.models.sessions.findById(`telegram:${id}`).lean();
        expect((session?.value as { flow?: { step?: string } } | undefined)?.flow?.step).toBe(step);
      }
    }, SETTLED);

    await h.restart();

    for (const [i, { step, driver, id }] of waiting.entries()) {
      if (i % 2 === 0) {
        // Half come back with /start and see their question again…
        driver.user.sendCommand('/start');
        await driver.question(step);
      }
      // …the other half just tap or type the answer to the question from before the restart.
      for (let current: Step = step; current !== 'summary'; current = driver.after(current))
        await driver.answer(current);
      await driver.confirm();
      expect(await h.database.models.volunteers.findById(`telegram:${id}`).lean(), `restart at ${step}`).toMatchObject({
        status: 'active',
        name: 'سارا احمدی',
        specialty: 'gp',
        days: [0, 2],
      });
    }
    // Eleven registrations and a restart: about 8 s on an idle machine, several times that on a loaded one.
  }, 120_000);
});
