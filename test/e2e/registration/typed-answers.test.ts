import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, RegistrationDriver } from '../../support/registration-driver.ts';

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

  async function at(step: 'group' | 'specialty' | 'province' | 'days' | 'windows'): Promise<RegistrationDriver> {
    nextId += 1;
    const driver = await RegistrationDriver.create(h.user({ firstName: 'Test', userId: nextId }), 'fa');
    await driver.driveTo(step);
    return driver;
  }

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
        'نام شهر یا شهرستان محل سکونت‌تان در استان اصفهان را بنویسید.',
    );

    const second = await at('province');
    second.user.sendText('اصفهان');
    const city = await second.user.waitFor((m) => m.text?.includes('محل سکونت‌تان') === true);
    expect(city.text).toBe('نام شهر یا شهرستان محل سکونت‌تان در استان اصفهان را بنویسید.');
  });

  it('when «خراسان» is typed, then the three Khorasan provinces come back as buttons', async () => {
    const driver = await at('province');
    driver.user.sendText('خراسان');
    const reply = await driver.expect('registration:typed.several', { typed: fsi('خراسان') });
    expect(buttonsOf(reply)).toEqual(
      expect.arrayContaining(['خراسان رضوی', 'خراسان شمالی', 'خراسان جنوبی', 'همه‌ی گزینه‌ها']),
    );
  });

  it('when days or time windows are typed, then they are selected as if tapped, and the reply says which', async () => {
    const driver = await at('days');
    driver.user.sendText('شنبه و دوشنبه');
    const days = await driver.expect('registration:typed.selected', { names: 'شنبه، دوشنبه' });
    expect(days.text).toBe(
      '«شنبه، دوشنبه» را انتخاب کردیم. اگر درست است، «تأیید» را بزنید.\n\n' +
        'در کدام روزهای هفته در دسترس هستید؟ هر چند روز را که می‌خواهید بزنید و سپس «تأیید» را بزنید.',
    );
    expect(buttonsOf(days)).toEqual(expect.arrayContaining(['✅ شنبه', '✅ دوشنبه', 'یکشنبه']));
    driver.user.press('تأیید', days.message_id);
    await driver.question('windows');
    driver.user.sendText('صبح، عصر');
    const windows = await driver.expect('registration:typed.selected', {
      names: 'صبح (۷ تا ۱۲)، عصر و سر شب (۱۷ تا ۲۲)',
    });
    expect(buttonsOf(windows)).toEqual(
      expect.arrayContaining(['✅ صبح (۷ تا ۱۲)', '✅ عصر و سر شب (۱۷ تا ۲۲)', 'شب (۲۲ تا ۷ صبح)']),
    );
    // A part that fits nothing, or several, leaves the selection alone and asks for the buttons.
    driver.user.sendText('صبح و ناهار');
    await driver.expect('registration:errors.windows.use_buttons');
  });
});
