import { type SmsGatewayEmulator, startSmsEmulator } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callUpSmsCode } from '../../../src/domain/sms/sms-reply.ts';
import { toPersianDigits } from '../../../src/domain/text/persian-text.ts';
import { smsCallbackPath } from '../../../src/server/sms-callbacks.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';

const SMS = { provider: 'smsir' as const, apiKey: 'sms-replies-test-key', sender: '3000505' };

describe('SMS replies to call-up cards (bot ↔ SMS emulator, real database)', () => {
  let h: CallUpHarness;
  let emulator: SmsGatewayEmulator;
  const fa = () => h.t('fa');
  let nextCallUp = 0;
  const inboundUrl = () => `http://127.0.0.1:${h.app.port}${smsCallbackPath(SMS.apiKey, 'inbound')}`;

  beforeAll(async () => {
    emulator = await startSmsEmulator({ apiKey: SMS.apiKey });
    h = await startCallUpBot({ config: { sms: { ...SMS, apiRoot: emulator.apiRoot }, failoverAfterMs: 10 * 60_000 } });
    emulator.connect({ provider: 'smsir', inboundUrl: inboundUrl() });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await emulator?.close();
  });

  const callUp = async (province: string, city: string, specialty: string) => {
    nextCallUp += 1;
    const title = `فراخوان پیامکی ${nextCallUp}`;
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      urgency: 'immediate',
      title,
      description: 'سیل در چند روستا.',
      province,
      city,
      needs: [{ specialty, count: 1 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر',
      contact: 'آقای نوری',
    });
    return h.latestCallUp(title);
  };
  /** A person whose messenger is gone: their cards come by SMS only. */
  const smsOnlyPerson = async (specialty: string, province: string) => {
    const v = await h.volunteer({ specialty, province });
    h.chatOf(v).block();
    return { v, phone: emulator.phone(v.mobile) };
  };
  const postInbound = (body: unknown, url = inboundUrl()) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('when the provider posts the same reply twice, then it counts once and the person gets one confirmation', async () => {
    const { v, phone } = await smsOnlyPerson('nurse', 'gilan');
    const c = await callUp('gilan', 'رشت', 'nurse');
    await phone.waitFor((r) => r.text.includes('رشت'), 15_000);
    const reply = { messageId: 990001, mobile: `0${v.mobile.slice(3)}`, messageText: '1', number: SMS.sender };
    expect((await postInbound(reply)).status).toBe(200);
    expect((await postInbound(reply)).status).toBe(200);

    const invitation = (await h.invitations(c.id)).find((i) => i.volunteerKey === v.key);
    expect(invitation?.answer).toBe('yes');
    const recorded = fa()('reach:sms.recorded', { answer: fa()('reach:answers.yes') });
    await phone.waitFor((r) => r.text === recorded);
    expect(phone.received().filter((r) => r.text === recorded)).toHaveLength(1);
  });

  it('when the callback path carries a wrong secret, then it is refused and nothing is recorded', async () => {
    const { v, phone } = await smsOnlyPerson('nurse', 'zanjan');
    const c = await callUp('zanjan', 'زنجان', 'nurse');
    await phone.waitFor((r) => r.text.includes('زنجان'), 15_000);
    const forged = `http://127.0.0.1:${h.app.port}${smsCallbackPath('not-the-key', 'inbound')}`;
    const reply = { messageId: 990002, mobile: `0${v.mobile.slice(3)}`, messageText: '1', number: SMS.sender };
    expect((await postInbound(reply, forged)).status).toBe(401);
    expect((await h.invitations(c.id)).find((i) => i.volunteerKey === v.key)?.answer).toBe('none');
  });

  it('when a person has two open call-ups by SMS, then a bare «۱» is asked about and «۰ code» answers the one named', async () => {
    const { v, phone } = await smsOnlyPerson('pharmacist', 'qazvin');
    const first = await callUp('qazvin', 'قزوین', 'pharmacist');
    await phone.waitFor((r) => r.text.includes('قزوین'), 15_000);
    const second = await callUp('qazvin', 'تاکستان', 'pharmacist');
    const code = toPersianDigits(callUpSmsCode(second.id));
    const card = await phone.waitFor((r) => r.text.includes('تاکستان'), 15_000);
    expect(card.text).toContain(`«۱ ${code}»`);

    await phone.reply('۱');
    await phone.waitFor((r) => r.text.includes('کد فراخوان'));
    await phone.reply(`۰ ${code}`);
    await phone.waitFor((r) => r.text.includes(fa()('reach:answers.no')));
    const answerOf = async (id: string) => (await h.invitations(id)).find((i) => i.volunteerKey === v.key)?.answer;
    expect(await answerOf(second.id)).toBe('no');
    expect(await answerOf(first.id)).toBe('none');
  });
});
