import type { SandboxMessage } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';

const PHONE_QUESTION =
  'لطفاً شماره‌ی همراه خود را با دکمه‌ی «ارسال شماره‌ی من» در پایین صفحه بفرستید، یا آن را بنویسید؛ مثلاً ۰۹۱۲۱۲۳۴۵۶۷.';

/** Every keyboard row a message carries, inline or reply. */
function rowsOf(message: SandboxMessage): unknown[][] {
  const markup = message.reply_markup;
  if (!markup) return [];
  if ('inline_keyboard' in markup) return markup.inline_keyboard;
  if ('keyboard' in markup) return markup.keyboard;
  return [];
}

describe('what a volunteer sees while registering (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('when the phone step is asked, then one message carries the question, the share button, back and cancel', async () => {
    const user = h.user({ firstName: 'Leila', userId: 6101 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('name');
    const before = user.messages().length;
    await driver.answer('name');
    const asked = user.messages().slice(before);
    expect(asked.map((m) => m.text)).toEqual([PHONE_QUESTION]);
    expect(asked[0]?.reply_markup).toEqual({
      keyboard: [[{ text: '📱 ارسال شماره‌ی من', request_contact: true }], [{ text: 'بازگشت' }, { text: 'لغو' }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
  });

  it('when a wrong number is typed at the phone step, then one message answers: the reason, then the question', async () => {
    const user = h.user({ firstName: 'Reza', userId: 6102 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('mobile');
    const before = user.messages().length;
    user.sendText('۰۹۱۲۳');
    await driver.expect('registration:errors.mobile.format');
    user.shareContact();
    await driver.question('group');
    expect(
      user
        .messages()
        .slice(before, -2)
        .map((m) => m.text),
    ).toEqual([
      `این شماره‌ی همراه ایران نیست. شماره باید ۱۱ رقم باشد و با ۰۹ شروع شود، مثلاً ۰۹۱۲۱۲۳۴۵۶۷.\n\n${PHONE_QUESTION}`,
    ]);
  });

  it('when a location is sent where a phone or a name is asked, then that step’s own hint answers', async () => {
    const user = h.user({ firstName: 'Arash', userId: 6105 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('mobile');
    user.shareLocation(35.7, 51.4);
    const phoneHint = await driver.expect('registration:errors.mobile.wrong_kind');
    expect(phoneHint.text).toBe(
      `لطفاً شماره‌ی همراه خود را بنویسید یا دکمه‌ی «ارسال شماره‌ی من» را بزنید.\n\n${PHONE_QUESTION}`,
    );
    user.tapKeyboard('بازگشت');
    await driver.question('name');
    user.shareLocation(35.7, 51.4);
    const nameHint = await driver.expect('registration:errors.name.text_expected');
    expect(nameHint.text?.startsWith('لطفاً نام را به صورت متن بنویسید.\n\n')).toBe(true);
  });

  it('when «بازگشت» or «لغو» is tapped on the phone keyboard, then the name comes back, or the flow ends unsaved', async () => {
    const user = h.user({ firstName: 'Sima', userId: 6103 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('mobile');
    user.tapKeyboard('بازگشت');
    await driver.question('name');
    await driver.answer('name');
    user.tapKeyboard('لغو');
    const cancelled = await driver.expect('registration:cancelled');
    expect(cancelled.text).toBe(
      'ثبت‌نام لغو شد و پاسخ‌های شما ذخیره نشد. هر وقت خواستید، از منو «ثبت‌نام داوطلب» را بزنید.',
    );
    expect(cancelled.reply_markup).toEqual({ remove_keyboard: true });
    expect((await h.database.models.volunteers.findById('telegram:6103').lean())?.status).toBe('registering');
  });

  it('when a whole registration is done, then no keyboard has an empty row and no message is over 350 characters', async () => {
    const user = h.user({ firstName: 'Nasrin', userId: 6104 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.register();
    const seen = user.messages().flatMap((m) => [m, ...m.history.map((v) => ({ ...m, ...v }))]);
    expect(seen.length).toBeGreaterThan(15);
    expect(seen.filter((m) => rowsOf(m).some((row) => row.length === 0)).map((m) => m.text)).toEqual([]);
    // The summary card and the consent are the two texts allowed to be longer.
    const long = seen.filter(
      (m) =>
        (m.text ?? '').length > 350 &&
        !buttonsOf(m).includes(driver.t('registration:summary.confirm')) &&
        m.text !== driver.t('registration:consent.intro'),
    );
    expect(long.map((m) => m.text)).toEqual([]);
  });
});
