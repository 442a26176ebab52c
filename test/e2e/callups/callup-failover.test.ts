import { type SmsGatewayEmulator, startSmsEmulator } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { smsCallbackPath } from '../../../src/server/sms-callbacks.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, runJob, startCallUpBot } from '../../support/callup-harness.ts';

/** A city of each province the tests use (the wizard checks the pair). */
const CITIES: Record<string, string> = { tehran: 'تهران', fars: 'شیراز', yazd: 'یزد' };
const SMS = { provider: 'smsir' as const, apiKey: 'failover-test-key', sender: '3000505' };

/** Bale ids of the people who also have a Telegram account, apart from the harness's own ids. */
let nextBaleId = 70_000;

describe('failover between reach points (bot ↔ sandbox and SMS emulator, real database)', () => {
  let h: CallUpHarness;
  let emulator: SmsGatewayEmulator;
  const fa = () => h.t('fa');
  let nextCallUp = 0;
  /** A person on Bale whose Telegram account is linked to them, as identity's linking stores it; and that account. */
  const linkedPerson = async (specialty: string, province: string) => {
    const telegram = await h.volunteer({ platform: 'telegram', specialty: 'pharmacist', province: 'kerman' });
    nextBaleId += 1;
    const chatId = String(nextBaleId);
    const person = await h.volunteer({
      platform: 'bale',
      chatId,
      specialty,
      province,
      reachPoints: [
        { kind: 'messenger', platform: 'bale', key: `bale:${chatId}`, chatId },
        { kind: 'messenger', platform: 'telegram', key: telegram.key, chatId: telegram.chatId },
      ],
    });
    return { person, telegram };
  };

  beforeAll(async () => {
    emulator = await startSmsEmulator({ apiKey: SMS.apiKey });
    h = await startCallUpBot({
      config: { sms: { ...SMS, apiRoot: emulator.apiRoot }, failoverAfterMs: 10 * 60_000 },
    });
    emulator.connect({
      provider: 'smsir',
      inboundUrl: `http://127.0.0.1:${h.app.port}${smsCallbackPath(SMS.apiKey, 'inbound')}`,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await emulator?.close();
  });

  /** An immediate call-up for `count` people of a specialty in a province of its own, so tests do not meet. */
  const callUp = async (province: string, specialty: string, count: number) => {
    nextCallUp += 1;
    const title = `فراخوان آزمون ${nextCallUp}`;
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'earthquake',
      urgency: 'immediate',
      title,
      description: 'زلزله در چند محله.',
      province,
      city: CITIES[province] ?? 'اصفهان',
      needs: [{ specialty, count }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر',
      contact: 'آقای نوری',
    });
    return h.latestCallUp(title);
  };
  /** The card's send is recorded (the outbox notes it just after the chat shows it): its time is what failover counts from. */
  const cardRecorded = (callUpId: string, v: Volunteer) =>
    vi.waitFor(
      async () => {
        const invitation = (await h.invitations(callUpId)).find((i) => i.volunteerKey === v.key);
        expect(await h.repositories.deliveries.sentAt(invitation?.cardId ?? '')).toBeDefined();
      },
      { timeout: 10_000, interval: 100 },
    );
  const cardIn = (messages: { text?: string | undefined }[]) =>
    messages.some((m) => m.text?.includes(fa()('callup:card.reply_hint')));

  it('when a volunteer blocked the bot, then the card goes to their mobile by SMS, and a reply «۱» counts as «می‌آیم»', async () => {
    const v = await h.volunteer({ specialty: 'nurse', province: 'fars' });
    h.chatOf(v).block();
    const c = await callUp('fars', 'nurse', 1);
    const phone = emulator.phone(v.mobile);
    const sms = await phone.waitFor((r) => r.text.includes('۱ می‌آیم'), 15_000);
    expect(sms.text).toContain('شیراز');

    await phone.reply('۱');
    const invitation = (await h.invitations(c.id)).find((i) => i.volunteerKey === v.key);
    expect(invitation?.answer).toBe('yes');
    const confirmation = await phone.waitFor((r) => r.text.includes(fa()('reach:answers.yes')));
    expect(confirmation.text).toContain('ثبت شد');
    // Sent once only: a second reply changes nothing and no second card is texted.
    expect(phone.received().filter((r) => r.text.includes('۱ می‌آیم'))).toHaveLength(1);
  });

  it('when Bale is taken down, then the cards of people with a Telegram account too go there instead', async () => {
    const people: Volunteer[] = [];
    const telegramOf = new Map<string, Volunteer>();
    for (let i = 0; i < 6; i++) {
      const { person, telegram } = await linkedPerson('midwife', 'isfahan');
      telegramOf.set(person.key, telegram);
      people.push(person);
    }
    h.sandbox.fault('bale', 'down');
    try {
      const c = await callUp('isfahan', 'midwife', 2);
      const invitedKeys = new Set((await h.invitations(c.id)).map((i) => i.volunteerKey));
      const asked = people.filter((v) => invitedKeys.has(v.key));
      expect(asked.length).toBeGreaterThanOrEqual(2);
      const telegramChat = (v: Volunteer) => h.chatOf(telegramOf.get(v.key)!);
      const report = await vi.waitFor(
        async () => {
          await runJob(h, 'callup-failover');
          const reached = asked.filter((v) => cardIn(telegramChat(v).messages()));
          if (reached.length < asked.length)
            throw new Error(`${reached.length} of ${asked.length} reached on Telegram`);
          return h.app.health();
        },
        { timeout: 30_000, interval: 300 },
      );
      expect(report.channels?.find((ch) => ch.channel === 'bale')?.degraded).toBe(true);
      // The coordinator's status says Bale is down, and how many each channel reached (once the board has caught up
      // with the copies: the chats may have them before their results are stored).
      const telegram = fa()('reach:channel.telegram');
      const reachedLine = fa()('reach:status.channel', { channel: telegram, reached: asked.length, answered: 0 });
      const board = await vi.waitFor(
        async () => {
          const { statusMessageId } = await h.latestCallUp(c.title);
          const text =
            h
              .coordinator()
              .messages()
              .find((m) => m.message_id === statusMessageId)?.text ?? '';
          if (!text.includes(reachedLine)) throw new Error(`no channel line for all yet: ${text}`);
          return text;
        },
        { timeout: 15_000, interval: 200 },
      );
      expect(board).toContain(fa()('reach:status.degraded', { platforms: fa()('reach:channel.bale') }));
      expect(board).toContain(reachedLine);
      // Bale's cards were never delivered, and SMS was not used while a messenger point worked.
      for (const v of asked) expect(h.deliveredTo('bale', v.chatId)).toEqual([]);
      for (const v of asked) expect(emulator.phone(v.mobile).received()).toEqual([]);
    } finally {
      h.sandbox.fault('bale', 'up');
    }
  });

  it('when an immediate call-up card stays unanswered for the failover time, then one copy goes by SMS, however many sweeps run', async () => {
    const v = await h.volunteer({ specialty: 'dentist', province: 'tehran' });
    const c = await callUp('tehran', 'dentist', 1);
    await h.chatOf(v).waitFor((m) => buttonsOf(m).includes(fa()('callup:card.yes')), 10_000);
    await cardRecorded(c.id, v);
    await runJob(h, 'callup-failover');
    expect(emulator.phone(v.mobile).received()).toEqual([]);
    h.clock.advance(10 * 60_000 + 1000);
    // Two sweeps at once, as two instances would run them, and one more later: still one copy.
    await Promise.all([runJob(h, 'callup-failover'), runJob(h, 'callup-failover')]);
    await runJob(h, 'callup-failover');
    const texts = emulator.phone(v.mobile).received();
    expect(texts).toHaveLength(1);
    expect(texts[0]?.text).toContain('دندان');
  });

  it("when a copy went to the person's other messenger and they answer on the first, then the copy shows the answer without buttons", async () => {
    const { person: v, telegram: other } = await linkedPerson('radiology', 'yazd');
    const c = await callUp('yazd', 'radiology', 1);
    // Bale was down in an earlier test: its outbox lane may still be working through that backlog's backoffs.
    const card = await h.chatOf(v).waitFor((m) => buttonsOf(m).includes(fa()('callup:card.yes')), 30_000);
    await cardRecorded(c.id, v);
    h.clock.advance(10 * 60_000 + 1000);
    await runJob(h, 'callup-failover');
    const telegram = h.chatOf(other);
    const copy = await telegram.waitFor((m) => buttonsOf(m).includes(fa()('callup:card.yes')), 10_000);
    // The copy went to the other messenger, not by SMS: a messenger point comes first.
    expect(emulator.phone(v.mobile).received()).toEqual([]);

    h.chatOf(v).press(fa()('callup:card.yes'), card.message_id);
    await vi.waitFor(
      () => {
        const now = telegram.messages().find((m) => m.message_id === copy.message_id);
        expect(buttonsOf(now!)).toEqual([]);
        expect(now?.text).toContain(fa()('callup:answered.yes'));
      },
      { timeout: 10_000, interval: 200 },
    );
  });

  it('when SMS is configured, then the call-up preview says how many SMS it may send at most', async () => {
    await h.volunteer({ specialty: 'dentist', province: 'hormozgan' });
    const { preview } = await createCallUpInChat(
      h.coordinator(),
      fa(),
      {
        type: 'flood',
        urgency: 'immediate',
        title: 'فراخوان پیش‌نمایش',
        description: 'سیل در بندر.',
        province: 'hormozgan',
        city: 'بندرعباس',
        needs: [{ specialty: 'dentist', count: 1 }],
        start: 'now',
        durationHours: 8,
        meetingPoint: 'ساختمان هلال احمر',
        contact: 'آقای نوری',
      },
      { send: false },
    );
    // One dentist matches: at most one SMS, well under the cap of 200.
    expect(preview.text).toContain(fa()('reach:status.sms_cap', { count: 1 }));
  });
});
