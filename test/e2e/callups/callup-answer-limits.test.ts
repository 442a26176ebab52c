import type { SandboxMessage } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, dataOf, runJob, startCallUpBot } from '../../support/callup-harness.ts';

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
 * Where an answer stops counting: a call-up that ended refuses every answer, a full specialty puts a «yes» on the
 * waiting list in one message, and a person has one live card per call-up.
 */
describe('call-up answers: ended call-ups, full specialties and one live card (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  const fa = () => h.t('fa');

  /** The newest card with answer buttons in a volunteer's chat. */
  const cardOf = (v: Volunteer): Promise<SandboxMessage> =>
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
  const answerOf = async (callUp: CallUp, v: Volunteer) => (await h.repositories.answers.get(callUp.id, v.key))?.answer;
  const boardOf = async (callUp: CallUp) => {
    const id = (await h.repositories.callUps.get(callUp.id))!.statusMessageId;
    return h
      .coordinator()
      .messages()
      .find((m) => m.message_id === id)!;
  };
  const create = async (title: string, province: string, needs: CallUpSpec['needs']) => {
    await createCallUpInChat(h.coordinator(), fa(), spec(title, province, needs));
    return h.latestCallUp(title);
  };

  beforeAll(async () => {
    h = await startCallUpBot();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when the coordinator closes a call-up, then buttons and typed numbers are refused as ended and the counts stay', async () => {
    const people: Volunteer[] = [];
    for (let i = 0; i < 4; i++) people.push(await h.volunteer({ specialty: 'gp', province: 'qom' }));
    const callUp = await create('آب‌گرفتگی قم', 'qom', [{ specialty: 'gp', count: 3 }]);
    const [declined, confirmed, silent, typing] = people as [Volunteer, Volunteer, Volunteer, Volunteer];
    for (const [v, button] of [
      [declined, 'callup:card.no'],
      [confirmed, 'callup:card.yes'],
    ] as const) {
      const chat = h.chatOf(v);
      chat.press(fa()(button), (await cardOf(v)).message_id);
      await chat.waitForAlert();
      await chat.waitFor((m) => buttonsOf(m).includes(fa()('callup:card.change')));
    }
    await cardOf(silent);
    await cardOf(typing);
    const coordinator = h.coordinator();
    coordinator.press(fa()('callup:board.buttons.close'), (await boardOf(callUp)).message_id);
    await coordinator.waitFor((m) => m.text === fa()('callup:board.closed_notice'));
    await vi.waitFor(async () => expect((await boardOf(callUp)).text).toContain(fa()('callup:board.status.closed')));
    const boardBefore = (await boardOf(callUp)).text;

    // A new answer by button, a change of answer, and typed numbers: each told the call-up has ended.
    const silentChat = h.chatOf(silent);
    silentChat.press(fa()('callup:card.yes'), (await cardOf(silent)).message_id);
    expect((await silentChat.waitForAlert()).text).toBe(fa()('callup:errors.ended'));
    const declinedChat = h.chatOf(declined);
    const declinedCard = declinedChat.messages().find((m) => buttonsOf(m).includes(fa()('callup:card.change')))!;
    declinedChat.press(fa()('callup:card.change'), declinedCard.message_id);
    expect((await declinedChat.waitForAlert()).text).toBe(fa()('callup:errors.ended'));
    const confirmedChat = h.chatOf(confirmed);
    for (const number of ['0', '۲']) {
      confirmedChat.sendText(number);
      await confirmedChat.waitFor((m) => m.text === fa()('callup:errors.ended'));
    }
    const typingChat = h.chatOf(typing);
    typingChat.sendText('۱');
    await typingChat.waitFor((m) => m.text === fa()('callup:errors.ended'));

    expect(await answerOf(callUp, silent)).toBe('none');
    expect(await answerOf(callUp, typing)).toBe('none');
    expect(await answerOf(callUp, declined)).toBe('no');
    expect(await answerOf(callUp, confirmed)).toBe('yes');
    coordinator.press(fa()('callup:board.buttons.refresh'), (await boardOf(callUp)).message_id);
    expect((await coordinator.waitForAlert()).text).toBe(fa()('callup:toast.refreshed'));
    expect((await boardOf(callUp)).text).toBe(boardBefore);
  });

  it('when «۲» or «۱» is typed for a full specialty, then one message says they are on the waiting list', async () => {
    const [first, second, third] = [
      await h.volunteer({ specialty: 'nurse', province: 'yazd' }),
      await h.volunteer({ specialty: 'nurse', province: 'yazd' }),
      await h.volunteer({ specialty: 'nurse', province: 'yazd' }),
    ];
    const callUp = await create('آب‌گرفتگی یزد', 'yazd', [{ specialty: 'nurse', count: 1 }]);
    // Every card has arrived before the one seat is taken: a card still queued then is withdrawn, never sent.
    const [firstCard] = await Promise.all([first, second, third].map(cardOf));
    const firstChat = h.chatOf(first);
    firstChat.press(fa()('callup:card.yes'), firstCard!.message_id);
    await firstChat.waitForAlert();
    for (const [v, number] of [
      [second, '۲'],
      [third, '1'],
    ] as const) {
      const chat = h.chatOf(v);
      const before = chat.messages().length;
      chat.sendText(number);
      await chat.waitFor((m) => m.text?.includes('فهرست انتظار هستید') === true);
      await vi.waitFor(async () => expect(await answerOf(callUp, v)).toBe('waiting'));
      // Anything sent for this answer has been sent by the time the waiting-list line is there.
      const sent = chat.messages().slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.text).not.toContain('جای شما نگه داشته شد');
    }
  });
  it('when a volunteer answers by typing, then the earlier card loses its buttons and a press on it is refused', async () => {
    const v = await h.volunteer({ specialty: 'gp', province: 'markazi' });
    const callUp = await create('آب‌گرفتگی اراک', 'markazi', [{ specialty: 'gp', count: 2 }]);
    const chat = h.chatOf(v);
    const first = await cardOf(v);
    const yesOnFirst = dataOf(first, fa()('callup:card.yes'))!;

    chat.sendText('۲');
    const asking = await chat.waitFor((m) => buttonsOf(m).includes('۶۰ دقیقه'));
    await chat.waitFor((m) => m.message_id === first.message_id && buttonsOf(m).length === 0);
    chat.pressData(yesOnFirst, first.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.superseded'));

    chat.sendText('۶۰');
    await chat.waitFor((m) => m.text?.includes('۶۰ دقیقه تأخیر') === true && buttonsOf(m).length > 0);
    await chat.waitFor((m) => m.message_id === asking.message_id && buttonsOf(m).length === 0);
    // The button of the card before, pressed anyway (an old client, or forged): the answer stays.
    chat.pressData(dataOf(asking, '۱۲۰ دقیقه')!, asking.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.superseded'));
    expect(await h.repositories.answers.get(callUp.id, v.key)).toMatchObject({ answer: 'late', etaMinutes: 60 });
  });

  it('when the event is over, then a tap on the card is refused as ended', async () => {
    const v = await h.volunteer({ specialty: 'gp', province: 'semnan' });
    const callUp = await create('آب‌گرفتگی سمنان', 'semnan', [{ specialty: 'gp', count: 1 }]);
    const card = await cardOf(v);
    h.clock.advance(9 * 3_600_000);
    try {
      const chat = h.chatOf(v);
      chat.press(fa()('callup:card.late'), card.message_id);
      expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.ended'));
      expect(await answerOf(callUp, v)).toBe('none');
    } finally {
      h.clock.advance(-9 * 3_600_000);
    }
  });

  it('when a reminder is sent, then it is the live card and a press on the first card is refused and takes its buttons', async () => {
    const [silent, other] = [
      await h.volunteer({ specialty: 'gp', province: 'zanjan' }),
      await h.volunteer({ specialty: 'gp', province: 'zanjan' }),
    ];
    h.clock.set(new Date());
    const callUp = await create('آب‌گرفتگی زنجان', 'zanjan', [{ specialty: 'gp', count: 2 }]);
    const first = await cardOf(silent);
    await cardOf(other);
    // Only a card the outbox recorded as sent is followed by a reminder.
    const { cardId } = (await h.repositories.answers.get(callUp.id, silent.key))!;
    await vi.waitFor(async () => expect(await h.repositories.deliveries.sentAt(cardId)).toBeDefined(), {
      timeout: 10_000,
    });
    h.clock.advance(21 * 60_000);
    await runJob(h, 'callup-waves');
    const chat = h.chatOf(silent);
    const reminder = await chat.waitFor(
      (m) => m.text?.includes(fa()('callup:reminder.lead')) === true && buttonsOf(m).length > 0,
      10_000,
    );
    chat.press(fa()('callup:card.yes'), first.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.superseded'));
    await chat.waitFor((m) => m.message_id === first.message_id && buttonsOf(m).length === 0);
    expect(await answerOf(callUp, silent)).toBe('none');
    chat.press(fa()('callup:card.yes'), reminder.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:toast.saved'));
    expect(await answerOf(callUp, silent)).toBe('yes');
  });
});
