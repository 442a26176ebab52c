import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toPersianDigits } from '../../../src/domain/text/persian-text.ts';
import { addMonths, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import { untilFromDay, validUntilFromLastDay } from '../../../src/domain/volunteers/pledge.ts';
import { type BotHarness, startTestBot } from '../../support/bot-harness.ts';
import { buttonsOf, FAST_SANDBOX, GP_IN_TEHRAN, RegistrationDriver } from '../../support/registration-driver.ts';
import { nextReply } from '../../support/replies.ts';
import { SETTLED } from '../../support/waits.ts';

describe('registration end to end (bot ↔ sandbox over HTTP, real database)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startTestBot({ sandbox: FAST_SANDBOX });
  });
  afterAll(async () => {
    await h.stop();
  });

  const stored = (key: string) => h.database.models.volunteers.findById(key).lean();

  it('when a new user registers in Persian with taps, then an active pledge is stored and the menu changes', async () => {
    const user = h.user({ firstName: 'Sara', userId: 3001 });
    const driver = await RegistrationDriver.create(user, 'fa');
    const thanks = await driver.register();
    expect(thanks.text).toContain('سارا احمدی');
    expect(thanks.text).toContain(driver.text('registration:done', { name: '' }).split('\n')[1]);
    expect(buttonsOf(thanks)).toEqual(
      expect.arrayContaining([driver.t('pledge:menu.profile'), driver.t('pledge:menu.availability.available')]),
    );
    expect(buttonsOf(thanks)).not.toContain(driver.t('registration:menu'));
    expect(await stored('telegram:3001')).toMatchObject({
      status: 'active',
      name: 'سارا احمدی',
      mobile: '+989120003001',
      group: 'physician',
      specialty: 'gp',
      licence: { body: 'irimc', number: '12345', digits: '12345', status: 'unverified' },
      province: 'tehran',
      city: 'تهران',
      hoursPerMonth: 8,
      days: [0, 2],
      windows: ['morning'],
      modes: ['crisis'],
      reach: 'neighbors',
      reachAnywhere: false,
      locale: 'fa',
      platform: 'telegram',
      chatId: '3001',
    });
    expect((await stored('telegram:3001'))?.reachProvinces).toContain('alborz');
  });

  it('when someone who knows their answers registers, then it takes them at most 19 messages and taps', async () => {
    const user = h.user({ firstName: 'Maryam', userId: 3010 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.registerQuickly();
    expect(await stored('telegram:3010')).toMatchObject({ status: 'active', days: [0, 2], modes: ['crisis'] });
    expect(user.interactions).toBeLessThanOrEqual(19);
  });

  it('when the summary card is shown, then it has Persian digits, a Jalali date and an edit button per field', async () => {
    const user = h.user({ firstName: 'Ali', userId: 3002 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('summary');
    const card = user.lastMessage();
    expect(card?.text).toContain('۰۹۱۲ ۰۰۰ ۳۰۰۲');
    expect(card?.text).toContain('۱۲۳۴۵');
    expect(card?.text).not.toMatch(/[0-9]/);
    expect(card?.text).toMatch(/(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴[۰-۹]{2}/u);
    const edits = buttonsOf(card).filter((b) => b.startsWith('✏️'));
    // One per field (the location among them), and one for the long-missions part.
    expect(edits).toHaveLength(15);
  });

  it('when a field is edited from the summary, then the flow returns to the summary with the new answer', async () => {
    const user = h.user({ firstName: 'Reza', userId: 3003 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('summary');
    user.press(driver.t('pledge:card.edit', { field: driver.t('pledge:card.fields.province') }));
    await driver.question('province');
    user.sendText('اصفهان');
    await driver.expect('registration:city.ask', { province: 'اصفهان' });
    user.sendText('کاشان');
    const summary = await driver.question('summary');
    expect(summary.text).toContain('کاشان');
    expect(summary.text).toContain('اصفهان');
    await driver.confirm();
    expect(await stored('telegram:3003')).toMatchObject({ province: 'isfahan', city: 'کاشان' });
  });

  it('when every answer is typed, in Arabic letters and digits, then all are understood and stored normalised', async () => {
    const user = h.user({ firstName: 'Nima', userId: 3004 });
    const driver = await RegistrationDriver.create(user, 'fa', { ...GP_IN_TEHRAN, province: 'east_azerbaijan' });
    await driver.driveTo('name');
    user.sendText('علي كريمي');
    await driver.question('mobile');
    user.sendText('٠٩١٢ ١٢٣ ٤٥٦٧');
    await driver.question('group');
    user.sendText('پرستاری');
    await driver.expect('registration:specialty.ask', { group: 'پرستاری' });
    user.sendText('بهيار');
    await driver.expect('registration:licence.body.ino');
    user.sendText('١٢٣٤');
    await driver.question('province');
    user.sendText('آذربايجان شرقي');
    await driver.question('city');
    user.sendText('تبریز');
    await driver.question('location');
    await driver.answer('location');
    user.sendText('٢٠ ساعت');
    await driver.question('days');
    await driver.answer('days');
    await driver.answer('windows');
    await driver.answer('modes');
    await driver.answer('reach');
    await driver.answer('missions');
    const lastDay = addMonths(h.clock.now(), 4);
    const p = tehranParts(lastDay);
    user.sendText(toPersianDigits(`${p.jy}/${p.jm}/${p.jd}`));
    await driver.question('note');
    user.sendText('به زبان ترکی هم مسلطم.\nفقط آخر هفته‌ها.');
    await driver.question('summary');
    await driver.confirm();
    const expected = validUntilFromLastDay(lastDay, h.clock.now());
    expect(expected.ok).toBe(true);
    expect(await stored('telegram:3004')).toMatchObject({
      name: 'علی کریمی',
      mobile: '+989121234567',
      group: 'nursing',
      specialty: 'practical_nurse',
      licence: { body: 'ino', digits: '1234' },
      province: 'east_azerbaijan',
      city: 'تبریز',
      hoursPerMonth: 20,
      note: 'به زبان ترکی هم مسلطم.\nفقط آخر هفته‌ها.',
      validUntil: expected.ok ? expected.validUntil : null,
    });
  });

  it('when "other" is chosen and only crises are pledged, then the words and a null for hours are stored', async () => {
    const user = h.user({ firstName: 'Mina', userId: 3005 });
    const driver = await RegistrationDriver.create(user, 'fa', {
      ...GP_IN_TEHRAN,
      hours: 'crisis',
      modes: ['remote'],
      validity: 'indefinite',
      licence: undefined,
    });
    await driver.driveTo('specialty');
    user.press(driver.t('registration:specialty.other'));
    await driver.expect('registration:specialty.ask_other');
    user.sendText('طب سنتی');
    await driver.question('province');
    for (const step of [
      'province',
      'city',
      'location',
      'hours',
      'days',
      'windows',
      'modes',
      'missions',
      'valid_until',
      'note',
    ] as const) {
      await driver.answer(step);
    }
    await driver.confirm();
    expect(await stored('telegram:3005')).toMatchObject({
      specialty: 'other',
      specialtyOther: 'طب سنتی',
      licence: null,
      hoursPerMonth: null,
      validUntil: null,
      reach: 'own',
      reachProvinces: ['tehran'],
    });
  });

  it('when the consent screen is shown or declined, then nothing at all is stored about the volunteer', async () => {
    const user = h.user({ firstName: 'Omid', lastName: 'Karimi', username: 'omid_k', userId: 3006 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.start();
    // The screen says how long the chat itself is kept.
    const consent = user.messages().find((m) => driver.isQuestion('consent', m));
    expect(consent?.text).toContain(toPersianDigits(String(h.config.messageLogDays)));
    expect(await stored('telegram:3006')).toBeNull();
    user.press(driver.t('registration:consent.decline'));
    await driver.expect('registration:consent.declined');
    expect(await stored('telegram:3006')).toBeNull();
    // Only what lets the bot answer: ids and times, no profile name or username.
    const account = await h.database.models.users.collection.findOne({ _id: 'telegram:3006' } as never);
    expect(Object.keys(account ?? {}).sort()).toEqual([
      '_id',
      'blockedBot',
      'blockedByAdmin',
      'chatId',
      'createdAt',
      'lastSeenAt',
      'platform',
      'platformUserId',
    ]);
    // The chat log (disclosed above) holds the conversation, and nothing of the profile. A reply is logged once the
    // platform has taken it, so just after the user sees it: wait for the log rather than read it once.
    const log = await vi.waitFor(async () => {
      const entries = await h.database.models.messages
        .find({ platform: 'telegram', chatId: '3006' })
        .sort({ at: 1, _id: 1 })
        .lean();
      expect(entries.map((m) => m.text ?? m.callbackData)).toEqual([
        '/start',
        driver.t('common:start.welcome'),
        driver.t('registration:consent.intro'),
        consent?.text,
        expect.any(String),
        driver.t('registration:consent.declined'),
      ]);
      return entries;
    }, SETTLED);
    expect(JSON.stringify([account, log])).not.toMatch(/Omid|Karimi|omid_k/);
  });

  it('when consent is given, then a draft (no answers) is kept for the reminder, and /cancel leaves the flow', async () => {
    const user = h.user({ firstName: 'Hadi', userId: 3007 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.driveTo('name');
    const draft = await stored('telegram:3007');
    expect(draft?.status).toBe('registering');
    expect(Object.keys(draft ?? {}).sort()).toEqual([
      '_id',
      'chatId',
      'locale',
      'platform',
      'remindedAt',
      'startedAt',
      'status',
    ]);
    user.sendCommand('/cancel');
    await driver.expect('registration:cancelled');
  });

  it('when an English speaker registers, then every screen is English and the pledge is stored with locale en', async () => {
    const user = h.user({ firstName: 'Tom', userId: 3008 });
    const driver = await RegistrationDriver.create(user, 'en', {
      ...GP_IN_TEHRAN,
      name: 'Tom Baker',
      city: 'Karaj',
      province: 'alborz',
    });
    user.sendCommand('/language');
    await driver.waitForButton('English');
    user.press('English');
    await driver.expect('From now on, messages are in English.');
    const thanks = await driver.register();
    expect(thanks.text).toContain('Dear');
    expect(thanks.text).toContain('Tom Baker');
    const transcript = user
      .messages()
      .map((m) => m.text ?? '')
      .join('\n');
    expect(transcript).toContain('Please check your details');
    expect(transcript).toMatch(/Pledge valid: Through \d{1,2} [A-Z][a-z]{2} 20\d\d/);
    // A listed city is stored by its Persian name, the one coordinators read, and shown in the reader's language.
    expect(transcript).toContain('City: \u2068Karaj\u2069');
    expect(await stored('telegram:3008')).toMatchObject({
      locale: 'en',
      name: 'Tom Baker',
      province: 'alborz',
      city: 'کرج',
    });
  });

  it('when a new user sends /start, then the welcome is followed by the consent in two messages, buttons on the second', async () => {
    const user = h.user({ firstName: 'Nima', userId: 3050 });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.start();
    const [welcome, intro, consent, ...more] = user.messages();
    expect(welcome?.text).toBe(driver.t('common:start.welcome'));
    expect(buttonsOf(welcome)).toContain(driver.t('registration:menu'));
    expect(intro?.text).toBe(
      'همکار گرامی، سلام. از اینکه نذر تخصص خود را در اختیار هموطنان‌مان می‌گذارید، صمیمانه سپاسگزاریم.\n' +
        'پیش از ثبت‌نام بدانید:\n' +
        '• آنچه ذخیره می‌شود: نام، شماره‌ی همراه، رشته و تخصص، شماره‌ی نظام (اگر دارید)، استان و شهر، و نذر شما ' +
        '(ساعت نذر، روزها، بازه‌های زمانی و نوع خدمت).\n' +
        '• چه کسی می‌بیند: فقط هماهنگ‌کننده‌های استان شما، و در فراخوانی که به آن پاسخ می‌دهید، هماهنگ‌کننده‌ی همان فراخوان.',
    );
    expect(buttonsOf(intro)).toEqual([]);
    expect(consent?.text).toBe(
      '• حذف: هر زمان در «پروفایل من» دکمه‌ی «حذف اطلاعات من» را بزنید تا همه‌چیز پاک شود.\n' +
        `• گفت‌وگو: پیام‌های این گفت‌وگو برای ایمنی تا ${toPersianDigits(String(h.config.messageLogDays))} روز نگه داشته می‌شوند و سپس پاک می‌شوند.\n` +
        'تا «موافقم» را نزنید، هیچ‌یک از اطلاعات شما ذخیره نمی‌شود.',
    );
    expect(buttonsOf(consent)).toEqual([
      driver.t('registration:consent.agree'),
      driver.t('registration:consent.decline'),
      driver.t('common:flow.cancel'),
    ]);
    expect(more).toEqual([]);
    expect(await stored('telegram:3050')).toBeNull();
  });

  it('when a Bale user registers, then it works the same and the record is keyed by the Bale id', async () => {
    // Another person than telegram:3001 (the sandbox derives a phone from the id): the same number would ask to link.
    const user = h.user({ platform: 'bale', firstName: 'Sara', userId: 3001, phone: '989120093001' });
    const driver = await RegistrationDriver.create(user, 'fa');
    await driver.register();
    expect(await stored('bale:3001')).toMatchObject({ platform: 'bale', status: 'active' });
  });

  it('when a registered volunteer presses an old "register" button, then they are told they are registered', async () => {
    const user = h.user({ firstName: 'Sara', userId: 3001 });
    const driver = await RegistrationDriver.create(user, 'fa');
    const menu = user.messages().find((m) => buttonsOf(m).includes(driver.t('registration:menu')));
    user.press(driver.t('registration:menu'), menu?.message_id);
    expect(await nextReply(user)).toContain(driver.text('registration:already_registered'));
  });

  it('when a pause day is typed, then untilFromDay reads it as the day the volunteer is back', () => {
    const back = addMonths(new Date(), 1);
    expect(untilFromDay(back, new Date()).ok).toBe(true);
  });
});
