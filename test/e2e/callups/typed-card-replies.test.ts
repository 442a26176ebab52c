import type { SandboxMessage } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';

/** Replies typed after a card instead of tapped: any delay in minutes after «۲», and a wrong number's own hint. */
describe('call-up answers typed after a card (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  let callUp: CallUp;
  const people: Volunteer[] = [];
  const fa = () => h.t('fa');

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
  const invitationOf = (v: Volunteer) => h.repositories.answers.get(callUp.id, v.key);

  beforeAll(async () => {
    h = await startCallUpBot();
    for (let i = 0; i < 3; i++) people.push(await h.volunteer({ specialty: 'gp', province: 'qom' }));
    people.push(await h.volunteer({ specialty: 'gp', province: 'qom', locale: 'en' }));
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      title: 'آب‌گرفتگی قم',
      description: 'آب‌گرفتگی در چند محله.',
      province: 'qom',
      city: 'قم',
      needs: [{ specialty: 'gp', count: 3 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    callUp = await h.latestCallUp('آب‌گرفتگی قم');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when «۵» is typed right after a card, then the card’s «۱/۲/۰» hint comes back and nothing is answered', async () => {
    const v = people[0]!;
    await cardOf(v);
    const chat = h.chatOf(v);
    chat.sendText('۵');
    const hint = await chat.waitFor((m) => m.text?.startsWith('این عدد') === true);
    expect(hint.text).toBe(
      'این عدد یکی از پاسخ‌های کارت نیست.\n' +
        'اگر دکمه‌ها کار نمی‌کنند، فقط یک عدد بنویسید: ۱ = می‌آیم، ۲ = با تأخیر می‌آیم، ۰ = نمی‌توانم',
    );
    expect((await invitationOf(v))?.answer).toBe('none');
  });

  it('when «۲» is typed and then the delay in any form, then each is stored in minutes and the card says it', async () => {
    const v = people[1]!;
    await cardOf(v);
    const chat = h.chatOf(v);
    chat.sendText('۲');
    const asking = await chat.waitFor((m) => m.text?.includes(fa()('callup:card.eta_question')) === true);
    expect(asking.text).toContain('یا زمان تأخیر را بنویسید، مثلاً ۴۵، «یک ساعت» یا «۱:۳۰»');
    expect(buttonsOf(asking)).toEqual(expect.arrayContaining(['۳۰ دقیقه', '۶۰ دقیقه', '۱۲۰ دقیقه']));
    for (const [typed, minutes, shown] of [
      ['45', 45, '۴۵'],
      ['۴۵ دقیقه', 45, '۴۵'],
      ['یک ساعت', 60, '۶۰'],
      ['۱:۳۰', 90, '۹۰'],
      ['٧٥', 75, '۷۵'],
      ['۵', 5, '۵'],
    ] as const) {
      const lastId = Math.max(...chat.messages().map((m) => m.message_id));
      chat.sendText(typed);
      const card = await chat.waitFor((m) => m.message_id > lastId && m.text?.includes('تأخیر می‌آیم') === true);
      expect(card.text, typed).toContain(`⏱ پاسخ شما: با حدود ${shown} دقیقه تأخیر می‌آیم. سپاسگزاریم!`);
      expect(await invitationOf(v), typed).toMatchObject({ answer: 'late', etaMinutes: minutes });
    }
  });

  it('when a late volunteer types a delay out of range, then the range is said and the last delay stays', async () => {
    const v = people[2]!;
    await cardOf(v);
    const chat = h.chatOf(v);
    chat.sendText('2');
    await chat.waitFor((m) => m.text?.includes(fa()('callup:card.eta_question')) === true);
    chat.sendText('۹۰');
    await chat.waitFor((m) => m.text?.includes('با حدود ۹۰ دقیقه تأخیر') === true);
    chat.sendText('۷۰۰');
    const range = await chat.waitFor((m) => m.text?.startsWith('لطفاً زمان تأخیر') === true);
    expect(range.text).toBe('لطفاً زمان تأخیر را بین ۵ تا ۶۰۰ دقیقه بنویسید، مثلاً ۴۵، «یک ساعت» یا «۱:۳۰».');
    expect(await invitationOf(v)).toMatchObject({ answer: 'late', etaMinutes: 90 });

    // The coordinator's list shows the typed delay.
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.list'), board.message_id);
    const list = await coordinator.waitFor((m) => m.text?.includes('داوطلبان تأییدشده:') === true);
    const line = list.text?.split('\n').find((l) => l.includes(v.name));
    expect(line).toMatch(/ — حدود ۹۰ دقیقه تأخیر$/u);
  });

  it('when an English speaker gets the card, then a listed city reads in English', async () => {
    const v = people[3]!;
    const card = await vi.waitFor(
      () => {
        const found = h
          .chatOf(v)
          .messages()
          .find((m) => buttonsOf(m).includes(h.t('en')('callup:card.yes')));
        if (!found) throw new Error(`no card for ${v.key}`);
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(card.text).toContain('📍 \u2068Qom\u2069, Qom province');
  });
});
