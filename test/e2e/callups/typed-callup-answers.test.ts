import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, type CallUpHarness, COORDINATOR_ID, startCallUpBot } from '../../support/callup-harness.ts';

/** What the bot inserts around a typed or looked-up name, so that it keeps its own direction. */
const fsi = (text: string) => `\u2068${text}\u2069`;

/** A coordinator typing where a new call-up offers a list: the crisis type and the city. */
describe('a new call-up: typed answers where a list is offered (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;

  beforeAll(async () => {
    // One coordinator answering at machine speed: the per-chat send limit (a human's pace never meets it) is raised.
    h = await startCallUpBot({ sandbox: { limits: { perChatPerSecond: 1000, perChatBurst: 1000 } } });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** Starts a new call-up and waits for the type question. */
  const atType = async () => {
    const coordinator = h.coordinator();
    coordinator.sendCommand('/callup');
    await coordinator.waitFor((m) => m.text?.startsWith('📣 فراخوان تازه') === true);
    return coordinator;
  };

  it('when «زلزله» or «سیل» is typed at the type step, then it is taken, with nothing to confirm', async () => {
    for (const [typed, urgency] of [
      ['زلزله', 'فوری'],
      ['سیل', 'فوری'],
    ] as const) {
      const coordinator = await atType();
      coordinator.sendText(typed);
      const next = await coordinator.waitFor((m) => m.text?.includes('سطح فوریت') === true);
      expect(next.text, typed).toBe(`سطح فوریت را انتخاب کنید (پیشنهاد این نوع: ${urgency}):`);
      coordinator.sendCommand('/cancel');
      await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.cancelled'));
    }
  });

  it('when a synonym («زمین‌لرزه»، «مانور») is typed, then its type is taken and the reply says which', async () => {
    for (const [typed, name] of [
      ['زمین لرزه', 'زلزله'],
      ['مانور', 'رزمایش'],
    ] as const) {
      const coordinator = await atType();
      coordinator.sendText(typed);
      const next = await coordinator.waitFor((m) => m.text?.includes('سطح فوریت') === true);
      expect(next.text, typed).toMatch(
        new RegExp(`^«${fsi(name)}» را انتخاب کردیم. اگر منظورتان چیز دیگری بود، «بازگشت» را بزنید.\\n\\nسطح فوریت`),
      );
      coordinator.sendCommand('/cancel');
      await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.cancelled'));
    }
  });

  it('when «حادثه» fits several types, then those come back as buttons; an unknown word gets the list', async () => {
    const coordinator = await atType();
    coordinator.sendText('حادثه');
    const several = await coordinator.waitFor((m) => m.text?.includes('چند گزینه پیدا کردیم') === true);
    expect(several.text).toBe(
      `با «${fsi('حادثه')}» چند گزینه پیدا کردیم؛ لطفاً یکی را بزنید:\n\n📣 فراخوان تازه\nنوع رخداد را انتخاب کنید:`,
    );
    expect(buttonsOf(several)).toEqual(
      expect.arrayContaining(['حادثه با مصدومان انبوه', 'حادثه‌ی معدن یا حادثه‌ی صنعتی', 'همه‌ی گزینه‌ها']),
    );
    expect(buttonsOf(several)).not.toContain('زلزله');
    coordinator.press('حادثه‌ی معدن یا حادثه‌ی صنعتی', several.message_id);
    await coordinator.waitFor((m) => m.text?.includes('سطح فوریت') === true);
    coordinator.sendCommand('/cancel');
    await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.cancelled'));

    const again = await atType();
    again.sendText('خلبان');
    const unknown = await again.waitFor((m) => m.text?.startsWith('این نوع رخداد') === true);
    expect(unknown.text).toContain('این نوع رخداد را در فهرست پیدا نکردیم.');
    again.sendCommand('/cancel');
  });

  // The session is saved once the update is handled, just after the reply.
  const sessionText = async () =>
    JSON.stringify(await h.database.models.sessions.findById(`telegram:${COORDINATOR_ID}`).lean());

  /** Answers the questions before the city, the province typed. */
  const atCity = async (province: string) => {
    const coordinator = await atType();
    coordinator.sendText('سیل');
    const urgency = await coordinator.waitFor((m) => m.text?.includes('سطح فوریت') === true);
    coordinator.press((b) => b.text.endsWith('فوری'), urgency.message_id);
    await coordinator.waitFor((m) => m.text?.startsWith('یک عنوان کوتاه') === true);
    coordinator.sendText('آب‌گرفتگی');
    await coordinator.waitFor((m) => m.text?.includes(h.t('fa')('callup:create.description').slice(0, 20)) === true);
    coordinator.sendText('آب‌گرفتگی در چند محله.');
    await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.province'));
    coordinator.sendText(province);
    return coordinator.waitFor((m) => m.text?.startsWith('شهر یا شهرستان را بزنید') === true);
  };

  it('when the city is asked, then the province’s cities are buttons; «Tehran» for Isfahan and «کاشان۱۲» are not taken silently', async () => {
    const question = await atCity('اصفهان');
    const coordinator = h.coordinator();
    expect(buttonsOf(question).slice(0, 3)).toEqual(['اصفهان', 'آران و بیدگل', 'اردستان']);

    coordinator.sendText('Tehran');
    const elsewhere = await coordinator.waitFor((m) => m.text?.includes('شهری به این نام در استان تهران هست') === true);
    expect(elsewhere.text?.startsWith(`«${fsi('Tehran')}» در فهرست شهرهای استان اصفهان نیست.`)).toBe(true);
    expect(buttonsOf(elsewhere)).toContain(`ثبت همین نام: «${fsi('Tehran')}»`);

    coordinator.sendText('کاشان۱۲');
    const close = await coordinator.waitFor((m) => m.text?.includes(`«${fsi('کاشان۱۲')}» را در فهرست`) === true);
    expect(buttonsOf(close).slice(0, 2)).toEqual(['کاشان', `ثبت همین نام: «${fsi('کاشان۱۲')}»`]);
    coordinator.press('کاشان', close.message_id);
    await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.location'));
    await expect.poll(sessionText).toContain('"city":"کاشان"');
    coordinator.sendCommand('/cancel');
    await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.cancelled'));
  });

  it('when a place on no list is typed and kept, then it is kept as the coordinator wrote it', async () => {
    await atCity('قم');
    const coordinator = h.coordinator();
    coordinator.sendText('روستای وشنوه');
    const keep = await coordinator.waitFor((m) => buttonsOf(m).includes(`ثبت همین نام: «${fsi('روستای وشنوه')}»`));
    coordinator.press(`ثبت همین نام: «${fsi('روستای وشنوه')}»`, keep.message_id);
    await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.location'));
    await expect.poll(sessionText).toContain('"city":"روستای وشنوه"');
    coordinator.sendCommand('/cancel');
    await coordinator.waitFor((m) => m.text === h.t('fa')('callup:create.cancelled'));
  });
});
