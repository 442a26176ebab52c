import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, holdOutbox, runJob, startCallUpBot } from '../../support/callup-harness.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const MINUTE = 60_000;

const spec = (title: string, province: string, needs: CallUpSpec['needs']): CallUpSpec => ({
  type: 'flood',
  urgency: 'immediate',
  title,
  description: 'آب‌گرفتگی گسترده در چند محله.',
  province,
  city: 'مرکز استان',
  needs,
  start: 'now',
  durationHours: 8,
  meetingPoint: 'ساختمان هلال احمر استان',
  contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
});

/**
 * What stops once it is no longer wanted, with the outbox held so that queued messages can be watched: reminders
 * go only to those still needed whose card arrived, a reminder stops when its specialty fills, and calling a call-up
 * off stops every message still queued for it but the cancellation notice.
 */
describe('call-up follow-up messages stop when they are no longer wanted', () => {
  let h: CallUpHarness;
  const fa = () => h.t('fa');
  // A fixed morning in Tehran: nothing here may depend on the hour the tests run at.
  const started = tehran('2026-11-23T10:00:00');

  const drained = (campaignId: string) =>
    vi.waitFor(
      async () => {
        const progress = await h.app.outbox.campaignProgress(campaignId);
        expect(progress.counts.queued + progress.counts.sending).toBe(0);
        return progress;
      },
      { timeout: 20_000, interval: 100 },
    );
  /** The live card: a reminder, once sent, replaces the first. */
  const cardOf = (v: Volunteer) =>
    vi.waitFor(
      () => {
        const card = h
          .chatOf(v)
          .messages()
          .findLast((m) => buttonsOf(m).includes(fa()('callup:card.yes')));
        if (!card) throw new Error(`no card for ${v.key}`);
        return card;
      },
      { timeout: 10_000, interval: 50 },
    );
  const confirm = async (v: Volunteer) => {
    const chat = h.chatOf(v);
    chat.press(fa()('callup:card.yes'), (await cardOf(v)).message_id);
    await chat.waitForAlert();
  };
  const boardOf = async (callUp: CallUp) => {
    const id = (await h.repositories.callUps.get(callUp.id))!.statusMessageId;
    return h
      .coordinator()
      .messages()
      .find((m) => m.message_id === id)!;
  };

  beforeAll(async () => {
    h = await startCallUpBot();
    h.clock.set(started);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when a call-up escalates, then only the silent of an open specialty whose card arrived are reminded, until it fills', async () => {
    const gps = [];
    for (let i = 0; i < 3; i++) gps.push(await h.volunteer({ specialty: 'gp', province: 'zanjan' }));
    const nurses = [];
    for (let i = 0; i < 4; i++) nurses.push(await h.volunteer({ specialty: 'nurse', province: 'zanjan' }));
    h.chatOf(nurses[3]!).block();
    await createCallUpInChat(
      h.coordinator(),
      fa(),
      spec('سیل زنجان', 'zanjan', [
        { specialty: 'gp', count: 1 },
        { specialty: 'nurse', count: 2 },
      ]),
    );
    const callUp = await h.latestCallUp('سیل زنجان');
    expect((await drained(`callup:${callUp.id}`)).counts).toMatchObject({ sent: 6, blocked: 1 });
    await confirm(gps[0]!);
    await confirm(nurses[0]!);

    // Held, so the reminders stay queued and the cancel below can be seen.
    await holdOutbox(h);
    h.clock.set(new Date(started.getTime() + 21 * MINUTE));
    await runJob(h, 'callup-waves');
    const reminders = await h.repositories.deliveries.listCampaign(`callup:${callUp.id}:reminder`);
    // Not the two doctors (that need is met), not the nurse who blocked the bot.
    expect(reminders.map((d) => d.recipientKey).sort()).toEqual([nurses[1]!.key, nurses[2]!.key].sort());
    await h.coordinator().waitFor((m) => m.text?.includes('به ۲ نفر بی‌پاسخ یادآوری شد') === true, 10_000);

    await confirm(nurses[1]!);
    expect((await h.repositories.callUps.get(callUp.id))?.status).toBe('filled');
    h.app.outbox.start();
    h.app.outbox.kick();
    expect((await drained(`callup:${callUp.id}:reminder`)).counts).toMatchObject({ sent: 0, cancelled: 2 });
    expect(
      h.deliveredTo('telegram', nurses[2]!.chatId).some((text) => text.includes(fa()('callup:reminder.lead'))),
    ).toBe(false);
  });

  it('when a card is still queued, then a bare «۱» answers nothing; once it has arrived, it answers it', async () => {
    const v = await h.volunteer({ specialty: 'gp', province: 'ardabil' });
    await holdOutbox(h);
    await createCallUpInChat(h.coordinator(), fa(), spec('سیلاب اردبیل', 'ardabil', [{ specialty: 'gp', count: 1 }]));
    const callUp = await h.latestCallUp('سیلاب اردبیل');
    const chat = h.chatOf(v);
    chat.sendText('1');
    await chat.waitForNew(1);
    expect(await h.repositories.answers.get(callUp.id, v.key)).toMatchObject({ answer: 'none' });

    h.app.outbox.start();
    h.app.outbox.kick();
    await cardOf(v);
    await drained(`callup:${callUp.id}`);
    chat.sendText('1');
    await chat.waitFor((m) => m.text?.includes('ساختمان هلال احمر استان') === true);
    expect(await h.repositories.answers.get(callUp.id, v.key)).toMatchObject({ answer: 'yes' });
  });

  it('when a call-up is called off, then its queued messages stop, and only the cancellation notice goes out', async () => {
    const gps = [];
    for (let i = 0; i < 2; i++) gps.push(await h.volunteer({ specialty: 'gp', province: 'qazvin' }));
    await createCallUpInChat(h.coordinator(), fa(), spec('آب‌گرفتگی قزوین', 'qazvin', [{ specialty: 'gp', count: 2 }]));
    const callUp = await h.latestCallUp('آب‌گرفتگی قزوین');
    await drained(`callup:${callUp.id}`);
    for (const v of gps) await confirm(v);

    await holdOutbox(h);
    const coordinator = h.coordinator();
    coordinator.press(fa()('callup:board.buttons.message'), (await boardOf(callUp)).message_id);
    await coordinator.waitFor((m) => m.text?.includes('پیام خود') === true);
    coordinator.sendText('لطفاً چکمه همراه داشته باشید.');
    await coordinator.waitFor((m) => m.text?.includes('در صف ارسال قرار گرفت') === true);
    coordinator.press(fa()('callup:board.buttons.cancel'), (await boardOf(callUp)).message_id);
    const ask = await coordinator.waitFor((m) => m.text === fa()('callup:board.cancel_confirm'));
    coordinator.press(fa()('callup:board.cancel_yes'), ask.message_id);
    await coordinator.waitFor((m) => m.text?.includes('فراخوان لغو شد') === true);

    h.app.outbox.start();
    h.app.outbox.kick();
    expect((await drained(`callup:${callUp.id}:notice1`)).counts).toMatchObject({ sent: 0, cancelled: 2 });
    expect((await drained(`callup:${callUp.id}:cancelled`)).counts).toMatchObject({ sent: 2 });
    for (const v of gps) {
      const texts = h.deliveredTo('telegram', v.chatId);
      expect(texts.some((text) => text.includes('لغو شد'))).toBe(true);
      expect(texts.some((text) => text.includes('چکمه'))).toBe(false);
    }
  });
});
