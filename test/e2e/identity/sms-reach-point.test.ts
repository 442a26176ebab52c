import { type SimulatedUser, type SmsGatewayEmulator, type SmsPhone, startSmsEmulator } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMobile } from '../../../src/bot/display.ts';
import { toLatinDigits, toPersianDigits } from '../../../src/domain/text/persian-text.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot, type Tr } from '../../support/callup-harness.ts';

const SMS = { provider: 'smsir' as const, apiKey: 'sms-reach-point-test-key', sender: '3000505' };

/** `+989121234567` as the Persian screen shows it: «۰۹۱۲ ۱۲۳ ۴۵۶۷». */
const shownMobile = (mobile: string) => formatMobile({ locale: 'fa' }, mobile);

/** The profile's reach points screen, opened from the menu as a person would. */
async function openReachPoints(chat: SimulatedUser, t: Tr) {
  chat.sendCommand('/menu');
  const menu = await chat.waitFor((m) => buttonsOf(m).includes(t('pledge:menu.profile')));
  chat.press(t('pledge:menu.profile'), menu.message_id);
  const profile = await chat.waitFor((m) => buttonsOf(m).includes(t('pledge:reach_points.button')));
  chat.press(t('pledge:reach_points.button'), profile.message_id);
  return chat.waitFor((m) => m.text?.includes(t('pledge:reach_points.help')) === true);
}

const addSmsLabel = (t: Tr, v: Volunteer) => t('pledge:reach_points.add_sms', { mobile: shownMobile(v.mobile) });

describe('adding SMS as a reach point from the profile (bot ↔ sandbox and SMS emulator, real database)', () => {
  let h: CallUpHarness;
  let emulator: SmsGatewayEmulator;
  const fa = () => h.t('fa');

  beforeAll(async () => {
    emulator = await startSmsEmulator({ apiKey: SMS.apiKey });
    h = await startCallUpBot({ config: { sms: { ...SMS, apiRoot: emulator.apiRoot } } });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await emulator?.close();
  });

  const added = (v: Volunteer) => fa()('pledge:reach_points.sms_code.added', { mobile: shownMobile(v.mobile) });

  /** Presses «➕ پیامک به …» and returns the code texted to the person's number (in Latin digits) and the question. */
  async function askForCode(chat: SimulatedUser, v: Volunteer, phone: SmsPhone) {
    const screen = await openReachPoints(chat, fa());
    chat.press(addSmsLabel(fa(), v), screen.message_id);
    const sms = await phone.waitFor((r) => r.text.includes('کد تأیید'));
    const code = toLatinDigits(sms.text).match(/\d{6}/)?.[0] ?? '';
    const question = await chat.waitFor((m) => m.text?.includes(shownMobile(v.mobile)) === true);
    expect(question.text).toBe(fa()('pledge:reach_points.sms_code.ask', { mobile: shownMobile(v.mobile) }));
    return { code, question };
  }

  it('when the person types the code texted to their number, then the number becomes verified and an SMS reach point', async () => {
    const v = await h.volunteer({ mobileVerified: false });
    const chat = h.chatOf(v);
    const phone = emulator.phone(v.mobile);
    const { code } = await askForCode(chat, v, phone);
    expect(code).toMatch(/^\d{6}$/);

    chat.sendText(toPersianDigits(code));
    await chat.waitFor((m) => m.text === added(v));
    const screen = await chat.waitFor((m) => m.text?.includes(fa()('pledge:reach_points.help')) === true);
    expect(screen.text).toContain(fa()('pledge:reach_points.sms', { mobile: shownMobile(v.mobile) }));
    // Added: the screen no longer offers it.
    expect(buttonsOf(screen)).not.toContain(addSmsLabel(fa(), v));

    const stored = await h.repositories.volunteers.get(v.key);
    expect(stored?.mobileVerified).toBe(true);
    expect(stored?.reachPoints).toEqual([
      { kind: 'messenger', platform: 'telegram', key: v.key, chatId: v.chatId },
      { kind: 'sms', mobile: v.mobile },
    ]);
  });

  it('when a wrong code is typed, then the bot says so and stays on the question, and the right code then adds it', async () => {
    const v = await h.volunteer();
    const chat = h.chatOf(v);
    const { code } = await askForCode(chat, v, emulator.phone(v.mobile));
    const wrong = code === '000000' ? '111111' : '000000';

    chat.sendText(wrong);
    const refused = await chat.waitFor((m) => m.text?.includes(fa()('pledge:reach_points.sms_code.wrong')) === true);
    // The same question again, with its buttons: the conversation stays where it was.
    expect(refused.text).toContain(fa()('pledge:reach_points.sms_code.ask', { mobile: shownMobile(v.mobile) }));
    expect(buttonsOf(refused)).toContain(fa()('pledge:reach_points.sms_code.resend'));
    expect((await h.repositories.volunteers.get(v.key))?.reachPoints ?? []).toHaveLength(0);

    // Arabic-Indic digits are read too.
    chat.sendText(code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))));
    await chat.waitFor((m) => m.text === added(v));
    expect((await h.repositories.volunteers.get(v.key))?.reachPoints?.at(-1)).toEqual({
      kind: 'sms',
      mobile: v.mobile,
    });
  });

  it('when the code has expired, then the bot asks for a new one, and the new code works', async () => {
    const v = await h.volunteer();
    const chat = h.chatOf(v);
    const phone = emulator.phone(v.mobile);
    const { code, question } = await askForCode(chat, v, phone);
    h.clock.advance(6 * 60_000);
    try {
      chat.sendText(code);
      await chat.waitFor((m) => m.text?.includes(fa()('pledge:reach_points.sms_code.expired')) === true);

      const before = phone.received().length;
      chat.press(fa()('pledge:reach_points.sms_code.resend'), question.message_id);
      await chat.waitFor((m) => m.text?.includes(fa()('pledge:reach_points.sms_code.resent')) === true);
      await expect.poll(() => phone.received().length).toBe(before + 1);
      const fresh = toLatinDigits(phone.received().at(-1)?.text ?? '').match(/\d{6}/)?.[0] ?? '';
      chat.sendText(fresh);
      await chat.waitFor((m) => m.text === added(v));
    } finally {
      h.clock.resume();
    }
  });

  it('when three codes were texted within the hour, then a fourth is refused with the time to try again', async () => {
    const v = await h.volunteer();
    const chat = h.chatOf(v);
    const phone = emulator.phone(v.mobile);
    const { question } = await askForCode(chat, v, phone);
    for (let sent = 2; sent <= 3; sent += 1) {
      chat.press(fa()('pledge:reach_points.sms_code.resend'), question.message_id);
      await expect.poll(() => phone.received().length).toBe(sent);
    }
    chat.press(fa()('pledge:reach_points.sms_code.resend'), question.message_id);
    const refused = await chat.waitFor((m) => m.text?.includes('سه کد به این شماره') === true);
    // Still on the question: cancel and the new-code button are there.
    expect(buttonsOf(refused)).toContain(fa()('common:flow.cancel'));
    expect(phone.received()).toHaveLength(3);
  });
});

describe('reach points without an SMS gateway (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;

  beforeAll(async () => {
    h = await startCallUpBot();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when no SMS gateway is configured, then the reach points screen offers no SMS', async () => {
    const v = await h.volunteer();
    const screen = await openReachPoints(h.chatOf(v), h.t('fa'));
    expect(buttonsOf(screen)).not.toContain(addSmsLabel(h.t('fa'), v));
    expect(buttonsOf(screen).some((b) => b.includes('پیامک'))).toBe(false);
  });
});
