import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/i18n/index.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { FAST_SANDBOX, RegistrationDriver, type Step } from '../../support/registration-driver.ts';

type Wrong = 'empty' | 'long' | 'emoji' | 'arabic_digits';

/** What the user sends for each kind of wrong answer; "empty" is invisible marks only (a chat cannot send nothing). */
const INPUT: Record<Wrong, (step: Step) => string> = {
  empty: () => '\u200c\u200f',
  long: () => 'ب'.repeat(5000),
  emoji: () => '😀👍',
  arabic_digits: (step) =>
    ({ mobile: '٠٩١٢٣', hours: '٣٠٠', valid_until: '١٣٠٠/٠١/٠١', licence: '١٢٣٤٥٦٧٨٩' })[step as string] ?? '٣٣٣',
};

/** The explanation expected for each wrong answer at each step; `undefined` = the answer is valid there. */
const EXPECTED: Record<Step, Partial<Record<Wrong, string>>> = {
  consent: all('registration:errors.consent.use_buttons'),
  name: {
    empty: 'registration:errors.name.empty',
    long: 'registration:errors.name.too_long',
    emoji: 'registration:errors.name.emoji_only',
    arabic_digits: 'registration:errors.name.invalid_chars',
  },
  mobile: {
    empty: 'registration:errors.mobile.empty',
    long: 'registration:errors.mobile.format',
    emoji: 'registration:errors.mobile.format',
    arabic_digits: 'registration:errors.mobile.format',
  },
  group: all('registration:errors.group.unknown'),
  specialty: {
    empty: 'registration:errors.specialty.empty',
    long: 'registration:errors.specialty.not_found',
    emoji: 'registration:errors.specialty.not_found',
    arabic_digits: 'registration:errors.specialty.not_found',
  },
  licence: {
    empty: 'registration:errors.licence.empty',
    long: 'registration:errors.licence.format',
    emoji: 'registration:errors.licence.format',
    arabic_digits: 'registration:errors.licence.format',
  },
  province: {
    empty: 'registration:errors.province.empty',
    long: 'registration:errors.province.not_found',
    emoji: 'registration:errors.province.not_found',
    arabic_digits: 'registration:errors.province.not_found',
  },
  city: {
    empty: 'registration:errors.city.empty',
    long: 'registration:errors.city.too_long',
    emoji: 'registration:errors.city.emoji_only',
    arabic_digits: 'registration:errors.city.invalid_chars',
  },
  location: all('registration:errors.location.share_or_skip'),
  hours: {
    empty: 'registration:errors.hours.empty',
    long: 'registration:errors.hours.not_a_number',
    emoji: 'registration:errors.hours.emoji_only',
    arabic_digits: 'registration:errors.hours.out_of_range',
  },
  days: all('registration:errors.days.use_buttons'),
  windows: all('registration:errors.windows.use_buttons'),
  modes: all('registration:errors.modes.use_buttons'),
  reach: all('registration:errors.reach.use_buttons'),
  missions: all('missions:errors.use_buttons'),
  valid_until: {
    empty: 'registration:errors.valid_until.format',
    long: 'registration:errors.valid_until.format',
    emoji: 'registration:errors.valid_until.format',
    arabic_digits: 'registration:errors.valid_until.past',
  },
  note: {
    empty: 'registration:errors.note.empty',
    long: 'registration:errors.note.too_long',
    emoji: 'registration:errors.note.emoji_only',
  },
  summary: all('registration:errors.summary.use_buttons'),
};

function all(key: string): Record<Wrong, string> {
  return { empty: key, long: key, emoji: key, arabic_digits: key };
}

const STEPS_TO_TRY = Object.keys(EXPECTED) as Step[];

describe.each(['fa', 'en'] as const)(
  'registration in %s: every step refuses wrong answers and asks again',
  (locale: Locale) => {
    let h: BotHarness;
    let nextId = locale === 'fa' ? 4000 : 4500;

    beforeAll(async () => {
      h = await startTestBot({ sandbox: FAST_SANDBOX, defaultLocale: locale });
    });
    afterAll(async () => {
      await h.stop();
    });

    it.each(STEPS_TO_TRY)(
      'when the %s step gets wrong answers, then each is explained and the question comes back',
      async (step) => {
        nextId += 1;
        const user = h.user({ firstName: 'Test', userId: nextId });
        const driver = await RegistrationDriver.create(user, locale);
        await driver.driveTo(step);
        const consent = user.messages().find((m) => driver.isQuestion('consent', m));

        for (const [wrong, key] of Object.entries(EXPECTED[step]) as [Wrong, string][]) {
          user.sendText(INPUT[wrong](step));
          const explanation = await driver.expect(key, { max: 500, names: '' });
          expect(explanation.text, `${step}/${wrong}`).not.toContain('{{');
          await driver.question(step);
        }

        // A command in the middle of a step is not taken as an answer.
        user.sendText('/whatever');
        await driver.expect('common:flow.command_in_flow');
        await driver.question(step);

        // A button from an earlier message is refused with an alert, and the flow stays where it was.
        if (step === 'consent') user.pressData('f:zzzz:yes', consent!.message_id);
        else user.press(driver.t('registration:consent.agree'), consent!.message_id);
        expect((await user.waitForAlert()).text).toBe(driver.t('common:flow.stale_button'));

        // The right answer still works afterwards.
        await driver.answer(step);
        if (step === 'summary') {
          expect(await h.database.models.volunteers.findById(`telegram:${nextId}`).lean()).toMatchObject({
            status: 'active',
          });
        }
      },
    );
  },
);
