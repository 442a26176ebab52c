import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import {
  type Answers,
  buttonsOf,
  FAST_SANDBOX,
  GP_IN_TEHRAN,
  RegistrationDriver,
} from '../../support/registration-driver.ts';

/** What the bot inserts around a typed or looked-up name, so that it keeps its own direction. */
const fsi = (text: string) => `\u2068${text}\u2069`;

describe('answers typed where a list is offered (bot ↔ sandbox, real database)', () => {
  let h: BotHarness;
  let nextId = 6200;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function at(
    step: 'group' | 'specialty' | 'province' | 'city' | 'days' | 'windows',
    answers: Answers = GP_IN_TEHRAN,
  ): Promise<RegistrationDriver> {
    nextId += 1;
    const driver = await RegistrationDriver.create(h.user({ firstName: 'Test', userId: nextId }), 'fa', answers);
    await driver.driveTo(step);
    return driver;
  }
  const sessionOf = async (driver: RegistrationDriver) =>
    JSON.stringify(await h.database.models.sessions.findById(`telegram:${driver.user.id}`).lean());

  it('when «پزشکی» is typed at the group step, then it is taken as it is, with nothing to confirm', async () => {
    const driver = await at('group');
    driver.user.sendText('پزشکی');
    const next = await driver.question('specialty');
    expect(next.text?.startsWith('تخصص شما در رشته‌ی «پزشکی» کدام است؟')).toBe(true);
  });

  it('when «جراح» is typed at the group step, then the groups it fits come back as buttons', async () => {
    const driver = await at('group');
    driver.user.sendText('جراح');
    const reply = await driver.expect('registration:group.ask');
    expect(reply.text).toBe(`با «${fsi('جراح')}» چند گزینه پیدا کردیم؛ لطفاً یکی را بزنید:\n\nرشته‌ی شما کدام است؟`);
    expect(buttonsOf(reply)).toEqual(['پزشکی', 'دندان‌پزشکی', 'همه‌ی گزینه‌ها', 'بازگشت', 'لغو']);
    driver.user.press('پزشکی', reply.message_id);
    await driver.question('specialty');
  });

  it('when «جراح» is typed at the specialty step, then the surgical specialties come back, and all on request', async () => {
    const driver = await at('specialty');
    driver.user.sendText('جراح');
    const reply = await driver.expect('registration:typed.several', { typed: fsi('جراح') });
    expect(buttonsOf(reply)).toEqual(
      expect.arrayContaining(['متخصص جراحی عمومی', 'متخصص جراحی مغز و اعصاب', 'همه‌ی گزینه‌ها']),
    );
    expect(buttonsOf(reply)).not.toContain('پزشک عمومی');
    driver.user.press('همه‌ی گزینه‌ها', reply.message_id);
    const all = await driver.user.waitFor(
      (m) => m.message_id === reply.message_id && buttonsOf(m).includes('پزشک عمومی'),
    );
    expect(buttonsOf(all)).not.toContain('همه‌ی گزینه‌ها');
  });

  it('when «ارتوپد» is typed at the specialty step, then orthopaedics is chosen and the reply says so', async () => {
    const driver = await at('specialty');
    driver.user.sendText('ارتوپد');
    const next = await driver.question('licence');
    expect(next.text).toBe(
      `«${fsi('متخصص ارتوپدی')}» را انتخاب کردیم. اگر منظورتان چیز دیگری بود، «بازگشت» را بزنید.\n\n` +
        'لطفاً شماره‌ی نظام پزشکی را بنویسید.\nهماهنگ‌کننده این شماره را پیش از نخستین اعزام بررسی می‌کند.',
    );
    // The session is saved once the update is handled, just after the reply.
    const session = () => h.database.models.sessions.findById(`telegram:${nextId}`).lean();
    await expect.poll(async () => JSON.stringify(await session())).toContain('"specialty":"orthopedics"');
  });

  it('when the province «اصفان» is typed, then Isfahan is taken and the reply says so; «اصفهان» needs no word', async () => {
    const driver = await at('province');
    driver.user.sendText('اصفان');
    const next = await driver.user.waitFor((m) => m.text?.includes('را انتخاب کردیم') === true);
    expect(next.text).toBe(
      `«${fsi('اصفهان')}» را انتخاب کردیم. اگر منظورتان چیز دیگری بود، «بازگشت» را بزنید.\n\n` +
        'شهر یا شهرستان محل سکونت‌تان در استان اصفهان را بزنید، یا اگر در فهرست نیست نامش را بنویسید.',
    );

    const second = await at('province');
    second.user.sendText('اصفهان');
    const city = await second.user.waitFor((m) => m.text?.includes('محل سکونت‌تان') === true);
    expect(city.text).toBe(
      'شهر یا شهرستان محل سکونت‌تان در استان اصفهان را بزنید، یا اگر در فهرست نیست نامش را بنویسید.',
    );
  });

  it('when «خراسان» is typed, then the three Khorasan provinces come back as buttons', async () => {
    const driver = await at('province');
    driver.user.sendText('خراسان');
    const reply = await driver.expect('registration:typed.several', { typed: fsi('خراسان') });
    expect(buttonsOf(reply)).toEqual(
      expect.arrayContaining(['خراسان رضوی', 'خراسان شمالی', 'خراسان جنوبی', 'همه‌ی گزینه‌ها']),
    );
  });

  it('when days or time windows are typed, then they are taken as the answer and the next question says which', async () => {
    const driver = await at('days');
    // A part that fits nothing, or several, leaves the question as it was and asks for the buttons.
    driver.user.sendText('شنبه و ناهار');
    await driver.expect('registration:errors.days.use_buttons');
    driver.user.sendText('شنبه و دوشنبه');
    const windows = await driver.question('windows');
    expect(windows.text).toBe(
      `«شنبه، دوشنبه» را انتخاب کردیم. اگر منظورتان چیز دیگری بود، «بازگشت» را بزنید.\n\n${driver.t('registration:windows.ask')}`,
    );
    driver.user.sendText('صبح، عصر');
    const modes = await driver.question('modes');
    expect(modes.text).toContain('«صبح (۷ تا ۱۲)، عصر و سر شب (۱۷ تا ۲۲)» را انتخاب کردیم.');
    // «بازگشت» brings the windows back with what was typed ticked, to change it.
    driver.user.press(driver.t('common:flow.back'), modes.message_id);
    const back = await driver.question('windows');
    expect(buttonsOf(back)).toEqual(
      expect.arrayContaining(['✅ صبح (۷ تا ۱۲)', '✅ عصر و سر شب (۱۷ تا ۲۲)', 'شب (۲۲ تا ۷ صبح)']),
    );
  });

  it('when the city question comes, then the province’s cities are buttons, the capital first, and a tap answers', async () => {
    const driver = await at('city');
    const question = await driver.question('city');
    expect(buttonsOf(question).slice(0, 4)).toEqual(['تهران', 'اسلام‌شهر', 'پاکدشت', 'پردیس']);
    expect(buttonsOf(question)).toEqual(expect.arrayContaining(['ری', 'قبلی', '۱ از ۲', 'بعدی']));
    driver.user.press('ری', question.message_id);
    await driver.question('location');
    await expect.poll(() => sessionOf(driver)).toContain('"city":"ری"');
  });

  it('when «Tehran» is typed for a city in Isfahan, then it is not taken silently: the reply says where Tehran is', async () => {
    const driver = await at('city', { ...GP_IN_TEHRAN, province: 'isfahan' });
    driver.user.sendText('Tehran');
    const reply = await driver.waitForButton(`ثبت همین نام: «${fsi('Tehran')}»`);
    expect(reply.text).toBe(
      `«${fsi('Tehran')}» در فهرست شهرهای استان اصفهان نیست. اگر نام را درست نوشته‌اید، دکمه‌ی ثبت همین نام را بزنید؛ وگرنه نام را دوباره بنویسید.\n` +
        'شهری به این نام در استان تهران هست؛ اگر استان را اشتباه انتخاب کرده‌اید، «بازگشت» را بزنید.',
    );
    expect(buttonsOf(reply)).toEqual([`ثبت همین نام: «${fsi('Tehran')}»`, 'بازگشت', 'لغو']);
    expect(await sessionOf(driver)).not.toContain('"city":"');
  });

  it('when «کاشان۱۲» is typed, then the bot asks for letters; «کاشن» is offered as «کاشان» beside keeping it', async () => {
    const driver = await at('city', { ...GP_IN_TEHRAN, province: 'isfahan' });
    driver.user.sendText('کاشان۱۲');
    const refused = await driver.expect('registration:errors.city.invalid_chars');
    expect(refused.text?.startsWith('نام شهر باید با حروف نوشته شود. لطفاً دوباره بنویسید.')).toBe(true);
    driver.user.sendText('کاشن');
    const close = await driver.waitForButton(`ثبت همین نام: «${fsi('کاشن')}»`);
    expect(close.text).toBe(
      `«${fsi('کاشن')}» را در فهرست شهرهای استان اصفهان پیدا نکردیم. اگر منظورتان یکی از این‌هاست، آن را بزنید؛ اگر نام را درست نوشته‌اید، دکمه‌ی ثبت همین نام را بزنید.`,
    );
    expect(buttonsOf(close)).toEqual(['کاشان', `ثبت همین نام: «${fsi('کاشن')}»`, 'بازگشت', 'لغو']);
    driver.user.press('کاشان', close.message_id);
    await driver.question('location');
    await expect.poll(() => sessionOf(driver)).toContain('"city":"کاشان"');
  });

  it('when a well-formed name on no list is kept with its button, then it is stored as typed', async () => {
    const driver = await at('city', { ...GP_IN_TEHRAN, province: 'isfahan' });
    driver.user.sendText('درچه');
    const reply = await driver.waitForButton(`ثبت همین نام: «${fsi('درچه')}»`);
    expect(reply.text?.startsWith(`«${fsi('درچه')}» در فهرست شهرهای استان اصفهان نیست.`)).toBe(true);
    driver.user.press(`ثبت همین نام: «${fsi('درچه')}»`, reply.message_id);
    await driver.question('location');
    await expect.poll(() => sessionOf(driver)).toContain('"city":"درچه"');
  });
});
