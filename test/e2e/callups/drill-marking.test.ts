import type { SandboxMessage, SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boardData } from '../../../src/domain/callups/callback-data.ts';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import { addDays, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, runJob, startCallUpBot } from '../../support/callup-harness.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

const HOUR = 3_600_000;

/**
 * A drill from creation to cancellation, through every message it can send: cards, answers by button and by number,
 * the waiting list, the escalation and its reminder, the fill, the coordinator's board and its flows, the
 * re-confirmation and a promotion, the score and the attendance sheet, and the cancellation. Afterwards every
 * message and every alert anybody got about it must say that it is a drill.
 */
describe('a drill marks every message it sends as a drill', () => {
  let h: CallUpHarness;
  let drill: CallUp;
  let preview: SandboxMessage;
  const fa = () => h.t('fa');
  const banner = () => fa()('callup:drill.banner');
  const relief: Volunteer[] = [];
  const gps: Volunteer[] = [];
  // A fixed morning in Tehran: nothing here may depend on the hour the tests run at.
  const started = tehran('2026-11-23T10:00:00');
  const start = (() => {
    const p = tehranParts(addDays(started, 3));
    return `${p.jy}/${p.jm}/${p.jd} 08:00`;
  })();

  const drained = () =>
    vi.waitFor(
      async () => {
        for (const campaign of await h.database.models.deliveries.distinct('campaignId')) {
          const progress = await h.app.outbox.campaignProgress(String(campaign));
          expect(progress.counts.queued + progress.counts.sending, String(campaign)).toBe(0);
        }
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
  const press = async (user: SimulatedUser, button: Parameters<SimulatedUser['press']>[0], message: SandboxMessage) => {
    user.press(button, message.message_id);
    return user.waitForAlert();
  };
  const board = async () => {
    const { statusMessageId } = (await h.repositories.callUps.get(drill.id))!;
    return h
      .coordinator()
      .messages()
      .find((m) => m.message_id === statusMessageId)!;
  };

  beforeAll(async () => {
    h = await startCallUpBot();
    h.clock.set(started);
    for (let i = 0; i < 3; i++) relief.push(await h.volunteer({ specialty: 'relief_worker', province: 'tehran' }));
    for (let i = 0; i < 2; i++) gps.push(await h.volunteer({ specialty: 'gp', province: 'tehran' }));
    ({ preview } = await createCallUpInChat(h.coordinator(), fa(), {
      type: 'drill',
      title: 'رزمایش امداد تهران',
      description: 'تمرین آمادگی؛ لطفاً مثل یک فراخوان واقعی پاسخ دهید.',
      province: 'tehran',
      city: 'تهران',
      needs: [
        { specialty: 'relief_worker', count: 1 },
        { specialty: 'gp', count: 1 },
      ],
      start,
      durationHours: 2,
      meetingPoint: 'پایگاه امداد شمال',
      contact: 'خانم رحیمی ۰۹۱۲۰۰۰۰۰۰۰',
    }));
    drill = await h.latestCallUp('رزمایش امداد تهران');
    await drained();
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when volunteers answer in every way and the drill escalates and fills, then the coordinator runs its board', async () => {
    const [a, b, c] = relief as [Volunteer, Volunteer, Volunteer];
    const [g1, g2] = gps as [Volunteer, Volunteer];
    await press(h.chatOf(a), fa()('callup:card.yes'), await cardOf(a));
    await h.chatOf(a).waitFor((m) => m.text?.includes('پایگاه امداد شمال') === true);
    // The need is met: a late "yes" waits, and is not asked for a delay it holds no seat for.
    const bCard = await cardOf(b);
    await press(h.chatOf(b), fa()('callup:card.late'), bCard);
    await h.chatOf(b).waitFor((m) => m.text?.includes('فهرست انتظار') === true);
    expect(
      buttonsOf(
        h
          .chatOf(b)
          .messages()
          .find((m) => m.message_id === bCard.message_id),
      ),
    ).toEqual([fa()('callup:card.change')]);
    // A bare number answers the card.
    await cardOf(c);
    h.chatOf(c).sendText('۰');
    await h.chatOf(c).waitFor((m) => m.text?.includes(fa()('callup:declined')) === true);

    // Not filled a day on: it widens and reminds the silent doctors.
    h.clock.set(new Date(started.getTime() + 25 * HOUR));
    await runJob(h, 'callup-waves');
    await h.chatOf(g1).waitFor((m) => m.text?.includes(fa()('callup:reminder.lead')) === true, 10_000);
    await press(h.chatOf(g1), fa()('callup:card.yes'), await cardOf(g1));
    await h.coordinator().waitFor((m) => m.text?.includes('تأمین شد') === true, 10_000);
    await press(h.chatOf(g2), fa()('callup:card.yes'), await cardOf(g2));
    await h.chatOf(g2).waitFor((m) => m.text?.includes('فهرست انتظار') === true);

    const coordinator = h.coordinator();
    await press(coordinator, fa()('callup:board.buttons.refresh'), await board());
    await press(coordinator, fa()('callup:board.buttons.list'), await board());
    await coordinator.waitFor((m) => m.text?.includes('داوطلبان تأییدشده:') === true);
    await press(coordinator, fa()('callup:board.buttons.message'), await board());
    await coordinator.waitFor((m) => m.text?.includes('پیام خود') === true);
    coordinator.sendText('کلاه ایمنی همراه داشته باشید.');
    await coordinator.waitFor((m) => m.text?.includes('در صف ارسال قرار گرفت') === true);
    await press(coordinator, fa()('callup:board.buttons.update'), await board());
    const which = await coordinator.waitFor((m) => m.text?.includes(fa()('callup:board.update_which')) === true);
    await press(coordinator, fa()('callup:board.fields.meetingPoint'), which);
    await coordinator.waitFor((m) => m.text?.includes('تازه را بنویسید') === true);
    coordinator.sendText('پایگاه امداد جنوب');
    await coordinator.waitFor((m) => m.text?.includes('تغییر ثبت شد') === true);
    // What the answers left: a seat each for the first yes of each specialty, the later ones waiting.
    const answers = new Map(
      (await h.repositories.answers.listByCallUp(drill.id)).map((i) => [i.volunteerKey, i.answer]),
    );
    expect([a, b, c, g1, g2].map((v) => answers.get(v.key))).toEqual(['yes', 'waiting', 'no', 'yes', 'waiting']);
    await drained();
  });

  it('when the drill is re-confirmed, closed, ends and is called off, then the rest of its messages go out', async () => {
    const [a, b] = relief as [Volunteer, Volunteer];
    const [g1] = gps as [Volunteer];
    h.clock.set(new Date(drill.startsAt.getTime() - 23 * HOUR));
    await runJob(h, 'callup-reconfirm');
    const question = await h.chatOf(a).waitFor((m) => buttonsOf(m).includes(fa()('callup:reconfirm.no')), 10_000);
    await press(h.chatOf(a), fa()('callup:reconfirm.no'), question);
    await h.chatOf(b).waitFor((m) => m.text?.includes('از فهرست انتظار تأیید شد') === true, 10_000);
    const asked = await h.chatOf(g1).waitFor((m) => buttonsOf(m).includes(fa()('callup:reconfirm.yes')), 10_000);
    await press(h.chatOf(g1), fa()('callup:reconfirm.yes'), asked);

    const coordinator = h.coordinator();
    await press(coordinator, fa()('callup:board.buttons.close'), await board());
    await coordinator.waitFor((m) => m.text?.includes(fa()('callup:board.closed_notice')) === true);

    h.clock.set(new Date(drill.startsAt.getTime() + 3 * HOUR));
    await runJob(h, 'callup-wrap-up');
    await coordinator.waitFor((m) => m.text?.includes('کارنامه‌ی رزمایش') === true, 10_000);
    const prompt = await coordinator.waitFor((m) => m.text?.includes('به پایان رسید') === true);
    await press(coordinator, fa()('callup:board.buttons.attend'), prompt);
    const sheet = await coordinator.waitFor((m) => m.text?.includes('چه کسانی آمدند') === true);
    await press(coordinator, (b) => b.text.includes(g1.name), sheet);
    await press(coordinator, fa()('callup:attendance.save'), sheet);
    await coordinator.waitFor((m) => m.text?.includes('ساعت خدمت افزوده شد') === true);

    // Its board offers no cancel after the end; a button kept from before still works.
    coordinator.pressData(boardData(drill.id, 'cancel'), (await board()).message_id);
    await coordinator.waitForAlert();
    const ask = await coordinator.waitFor((m) => m.text?.includes(fa()('callup:board.cancel_confirm')) === true);
    await press(coordinator, fa()('callup:board.cancel_yes'), ask);
    await coordinator.waitFor((m) => m.text?.includes('فراخوان لغو شد') === true);
    await h.chatOf(g1).waitFor((m) => m.text?.includes('لغو شد') === true, 10_000);
    // A tap after that is refused, as a drill's.
    const answered = h
      .chatOf(b)
      .messages()
      .find((m) => buttonsOf(m).includes(fa()('callup:card.change')))!;
    const refused = await press(h.chatOf(b), fa()('callup:card.change'), answered);
    expect(refused.text).toContain(fa()('callup:errors.cancelled'));
    await drained();
  });

  it('when it is all over, then every message and every alert anybody got about the drill says it is a drill', async () => {
    const unmarked: string[] = [];
    const check = (who: string, text: string | undefined) => {
      if (text && !text.includes(banner())) unmarked.push(`${who}: ${text.slice(0, 80)}`);
    };
    for (const v of [...relief, ...gps]) {
      const chat = h.chatOf(v);
      for (const text of h.deliveredTo(v.platform, v.chatId)) check(v.key, text);
      for (const m of chat.messages()) check(v.key, m.text);
      for (const alert of chat.alerts()) check(`${v.key} (alert)`, alert.text);
      expect(chat.messages().length).toBeGreaterThan(1);
    }
    const coordinator = h.coordinator();
    const since = coordinator.messages().filter((m) => m.message_id >= preview.message_id);
    expect(since.length).toBeGreaterThan(10);
    for (const m of since) check('coordinator', m.text);
    // The creation flow's own taps are answered without words; everything said after is about the drill.
    for (const alert of coordinator.alerts()) check('coordinator (alert)', alert.text);
    expect(unmarked).toEqual([]);
  });
});
