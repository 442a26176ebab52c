import type { SandboxMessage, SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cardData } from '../../../src/domain/callups/callback-data.ts';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { anInvitation } from '../../support/callup-fixtures.ts';
import { buttonsOf, type CallUpHarness, startCallUpBot } from '../../support/callup-harness.ts';
import { nextReply } from '../../support/replies.ts';
import { SETTLED } from '../../support/waits.ts';

/**
 * A call-up to about 50 volunteers across specialties and provinces, created in the chat by a coordinator, answered
 * in every way a volunteer can, through the sandbox and the real outbox.
 */
describe('call-up: creation, targeting and answers (bot ↔ sandbox, real database and outbox)', () => {
  let h: CallUpHarness;
  let callUp: CallUp;
  const seeded: Record<'em' | 'ne' | 'ems' | 'ilam' | 'other', Volunteer[]> = {
    em: [],
    ne: [],
    ems: [],
    ilam: [],
    other: [],
  };
  const fa = () => h.t('fa');

  /** The card a volunteer received, once it is there. */
  const cards = new Map<string, number>();
  const cardOf = async (v: Volunteer): Promise<SandboxMessage> => {
    const chat = h.chatOf(v);
    return vi.waitFor(
      () => {
        const known = cards.get(v.key);
        const card = chat
          .messages()
          .find((m) =>
            known === undefined ? buttonsOf(m).includes(h.t(v.locale)('callup:card.yes')) : m.message_id === known,
          );
        if (!card) throw new Error(`no card for ${v.key} yet`);
        cards.set(v.key, card.message_id);
        return card;
      },
      { timeout: 10_000, interval: 50 },
    );
  };
  const cardsDelivered = (v: Volunteer) =>
    h.deliveredTo(v.platform, v.chatId).filter((text) => text.includes('سرپل ذهاب')).length;
  const invitedKeys = async () => new Set((await h.invitations(callUp.id)).map((i) => i.volunteerKey));
  const answerOf = async (v: Volunteer) => (await h.repositories.answers.get(callUp.id, v.key))?.answer;

  beforeAll(async () => {
    h = await startCallUpBot();
    const yesterday = new Date(h.clock.now().getTime() - 86_400_000);
    // Emergency physicians: 14 match (12 will be asked); two of them were asked yesterday and are not verified.
    for (let i = 0; i < 14; i++) {
      seeded.em.push(
        await h.volunteer(
          {
            specialty: 'emergency_medicine',
            province: i % 2 === 0 ? 'kermanshah' : 'hamadan',
            reach: i % 2 === 0 ? 'own' : 'neighbors',
          },
          { verified: i < 3 },
        ),
      );
    }
    await h.repositories.answers.invite(
      seeded.em
        .slice(10, 12)
        .map((v) =>
          anInvitation('earlier1', v.key, { specialty: v.specialty, province: v.province, invitedAt: yesterday }),
        ),
    );
    // Emergency nurses: 17 match, some travel anywhere from Tehran.
    for (let i = 0; i < 17; i++) {
      seeded.ne.push(
        await h.volunteer({
          specialty: 'nurse_emergency',
          province: i < 12 ? 'kermanshah' : 'tehran',
          reach: i < 12 ? 'own' : 'anywhere',
        }),
      );
    }
    // EMS technicians: 26 match, a few on Bale and in English.
    for (let i = 0; i < 26; i++) {
      seeded.ems.push(
        await h.volunteer({
          specialty: 'ems_technician',
          province: 'kermanshah',
          ...(i % 5 === 0 ? { platform: 'bale' as const, locale: 'en' as const } : {}),
        }),
      );
    }
    // Two in a neighbouring province who do not travel: reached only once the call-up is extended.
    for (let i = 0; i < 2; i++) seeded.ilam.push(await h.volunteer({ specialty: 'ems_technician', province: 'ilam' }));
    // Nobody the call-up may invite: wrong place, paused, away, no crisis mode, unreachable, unneeded specialty.
    seeded.other.push(
      await h.volunteer({ specialty: 'ems_technician', province: 'fars' }),
      await h.volunteer({
        specialty: 'ems_technician',
        province: 'kermanshah',
        status: 'paused',
        pausedUntil: new Date(h.clock.now().getTime() + 7 * 86_400_000),
      }),
      await h.volunteer({
        specialty: 'ems_technician',
        province: 'kermanshah',
        unavailableUntil: new Date(h.clock.now().getTime() + 86_400_000),
      }),
      await h.volunteer({ specialty: 'ems_technician', province: 'kermanshah', modes: ['remote'] }),
      await h.volunteer({ specialty: 'ems_technician', province: 'kermanshah', reachable: false }),
      await h.volunteer({ specialty: 'gp', province: 'kermanshah' }),
    );
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when someone who is not a coordinator sends /callup, then they are politely refused', async () => {
    const user = h.chatOf(seeded.other[5]!);
    user.sendCommand('/callup');
    expect(await nextReply(user)).toBe(fa()('callup:errors.forbidden'));
  });

  it('when the coordinator fills the flow, then the preview counts matching volunteers per specialty', async () => {
    const { preview, sent } = await createCallUpInChat(h.coordinator(), fa(), {
      type: 'earthquake',
      title: 'زلزله‌ی سرپل ذهاب',
      description: 'چند روستا آسیب دیده‌اند؛ به تیم اورژانس نیاز است.',
      province: 'kermanshah',
      city: 'سرپل ذهاب',
      needs: [
        { specialty: 'emergency_medicine', count: 4 },
        { specialty: 'nurse_emergency', count: 5 },
        { specialty: 'ems_technician', count: 8 },
      ],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'میدان اصلی شهر، کنار هلال احمر',
      contact: 'دکتر رضایی ۰۹۱۲۰۰۰۰۰۰۰',
    });
    expect(preview.text).toContain('۱۴ داوطلب در دسترس');
    expect(preview.text).toContain('۱۷ داوطلب در دسترس');
    expect(preview.text).toContain('۲۶ داوطلب در دسترس');
    expect(sent?.text).toContain('۵۱');
    callUp = await h.latestCallUp();
    expect(callUp).toMatchObject({ status: 'open', urgency: 'immediate', province: 'kermanshah', drill: false });
  });

  it('when the wave goes out, then 3× the need of each specialty is invited: the right people, fairly ranked', async () => {
    const invitations = await h.invitations(callUp.id);
    const count = (specialty: string) => invitations.filter((i) => i.specialty === specialty).length;
    expect([count('emergency_medicine'), count('nurse_emergency'), count('ems_technician')]).toEqual([12, 15, 24]);
    const keys = await invitedKeys();
    for (const v of [...seeded.other, ...seeded.ilam]) expect(keys.has(v.key)).toBe(false);
    // Verified first; those asked yesterday wait for a later wave.
    for (const v of seeded.em.slice(0, 3)) expect(keys.has(v.key)).toBe(true);
    // Without the rotation they would be asked before the last two: same hours left, and lower keys.
    for (const v of seeded.em.slice(10, 12)) expect(keys.has(v.key)).toBe(false);
  });

  it('when the outbox drains, then every invited volunteer gets exactly one card, in their language', async () => {
    await vi.waitFor(
      async () => {
        const progress = await h.app.outbox.campaignProgress(`callup:${callUp.id}`);
        expect(progress.counts.sent).toBe(51);
      },
      { timeout: 20_000, interval: 100 },
    );
    const keys = await invitedKeys();
    for (const v of [...seeded.em, ...seeded.ne, ...seeded.ems, ...seeded.other]) {
      expect(cardsDelivered(v)).toBe(keys.has(v.key) ? 1 : 0);
    }
    const card = await cardOf(seeded.em[0]!);
    expect(card.text).toContain('زلزله');
    expect(card.text).toContain('سرپل ذهاب');
    expect(card.text).toContain('متخصص طب اورژانس');
    expect(card.text).toContain(fa()('callup:card.reply_hint'));
    expect(buttonsOf(card)).toEqual([fa()('callup:card.yes'), fa()('callup:card.late'), fa()('callup:card.no')]);
    const english = seeded.ems.find((v) => v.locale === 'en' && keys.has(v.key))!;
    expect((await cardOf(english)).text).toContain('Needed: Emergency medical technician');
    // Cards do not give the meeting point or the contact away.
    expect(card.text).not.toContain('میدان اصلی');
  });

  it('when a volunteer taps «می‌آیم», then the card shows the answer and the meeting point follows', async () => {
    const v = seeded.em[0]!;
    const chat = h.chatOf(v);
    const card = await cardOf(v);
    chat.press(fa()('callup:card.yes'), card.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:toast.saved'));
    const edited = await chat.waitFor((m) => m.message_id === card.message_id && m.text !== card.text);
    expect(edited.text).toContain(fa()('callup:answered.yes'));
    expect(buttonsOf(edited)).toEqual([fa()('callup:card.change')]);
    const details = await chat.waitFor((m) => m.text?.includes('میدان اصلی') === true);
    expect(details.text).toContain('دکتر رضایی');
    expect(await answerOf(v)).toBe('yes');
  });

  it('when a volunteer taps «با تأخیر» and then 60 minutes, then the seat is taken at once and the delay noted', async () => {
    const v = seeded.em[1]!;
    const chat = h.chatOf(v);
    const card = await cardOf(v);
    chat.press(fa()('callup:card.late'), card.message_id);
    const asking = await chat.waitFor((m) => m.message_id === card.message_id && m.text !== card.text);
    expect(buttonsOf(asking)).toContain('۶۰ دقیقه');
    await chat.waitFor((m) => m.text?.includes('میدان اصلی') === true);
    expect(await answerOf(v)).toBe('late');
    // Before the minutes are chosen, the coordinator's list says the delay is unknown, in words, not with a "?".
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.list'), board.message_id);
    const list = await coordinator.waitFor((m) => m.text?.includes('داوطلبان تأییدشده:') === true);
    const line = list.text?.split('\n').find((l) => l.includes(v.name));
    expect(line).toMatch(/^[۰-۹]+\. .+ — متخصص طب اورژانس — .+ — با تأخیر \(زمان رسیدن را نگفته است\)$/u);
    expect(list.text).not.toContain('?');
    chat.press('۶۰ دقیقه', card.message_id);
    await chat.waitFor((m) => m.message_id === card.message_id && m.text?.includes('۶۰ دقیقه تأخیر') === true);
    expect((await h.repositories.answers.get(callUp.id, v.key))?.etaMinutes).toBe(60);
  });

  it('when buttons fail and a volunteer replies «۰», «۲» then «۳۰», then the numbers answer the card', async () => {
    const [decliner, late] = [seeded.em[2]!, seeded.em[3]!];
    await cardOf(decliner);
    await cardOf(late);
    const a = h.chatOf(decliner);
    a.sendText('۰');
    await a.waitFor((m) => m.text === fa()('callup:declined'));
    expect(await answerOf(decliner)).toBe('no');

    const b = h.chatOf(late);
    b.sendText('2');
    await b.waitFor((m) => m.text?.includes(fa()('callup:card.eta_reply_hint')) === true);
    b.sendText('۳۰');
    await b.waitFor((m) => m.text?.includes('۳۰ دقیقه تأخیر') === true);
    expect(await h.repositories.answers.get(callUp.id, late.key)).toMatchObject({ answer: 'late', etaMinutes: 30 });
  });

  it('when a volunteer says no and then changes the answer to yes, then the last answer counts', async () => {
    const v = seeded.em[4]!;
    const chat = h.chatOf(v);
    const card = await cardOf(v);
    chat.press(fa()('callup:card.no'), card.message_id);
    await chat.waitFor((m) => m.text === fa()('callup:declined'));
    chat.press(fa()('callup:card.change'), card.message_id);
    await chat.waitFor((m) => m.message_id === card.message_id && buttonsOf(m).includes(fa()('callup:card.yes')));
    chat.press(fa()('callup:card.yes'), card.message_id);
    await chat.waitFor((m) => m.text?.includes('میدان اصلی') === true);
    expect(await answerOf(v)).toBe('yes');
  });

  it('when the fourth emergency physician confirms, then that need is met, and a later yes joins the waiting list', async () => {
    const board = () =>
      h
        .coordinator()
        .messages()
        .find((m) => m.message_id === callUp.statusMessageId);
    callUp = (await h.repositories.callUps.get(callUp.id))!;
    await vi.waitFor(() => expect(board()?.text).toContain('✅ متخصص طب اورژانس: ۴ از ۴'), { timeout: 5000 });
    const progress = await h.app.outbox.campaignProgress(`callup:${callUp.id}`);
    expect(progress.groups.emergency_medicine).toBeDefined();

    const late = seeded.em[5]!;
    const chat = h.chatOf(late);
    const card = await cardOf(late);
    chat.press(fa()('callup:card.yes'), card.message_id);
    const standby = await chat.waitFor(
      (m) => m.text?.includes('فهرست انتظار') === true && m.message_id !== card.message_id,
    );
    expect(standby.text).toContain('سپاسگزاریم');
    expect(await answerOf(late)).toBe('waiting');
    expect((await h.repositories.callUps.countSeats(callUp.id)).get('emergency_medicine')).toBe(4);
  });

  it('when six emergency nurses confirm five places at the same moment, then exactly five get a seat', async () => {
    const nurses = seeded.ne.slice(0, 6);
    const cards = await Promise.all(nurses.map(cardOf));
    for (const [i, v] of nurses.entries()) h.chatOf(v).press(fa()('callup:card.yes'), cards[i]!.message_id);
    await vi.waitFor(
      async () => {
        const answers = await Promise.all(nurses.map(answerOf));
        expect(answers.filter((a) => a === 'yes')).toHaveLength(5);
        expect(answers.filter((a) => a === 'waiting')).toHaveLength(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await h.repositories.callUps.countSeats(callUp.id)).get('nurse_emergency')).toBe(5);
  });

  it('when a confirmed nurse drops out, then the waiting nurse is promoted and told', async () => {
    const nurses = seeded.ne.slice(0, 6);
    const answers = await Promise.all(nurses.map(answerOf));
    const waiting = nurses[answers.indexOf('waiting')]!;
    const dropping = nurses[answers.indexOf('yes')]!;
    const chat = h.chatOf(dropping);
    const { message_id } = await cardOf(dropping);
    // The answer is stored before the card is edited to show it: press «change» once the volunteer can see it.
    const card = await chat.waitFor(
      (m) => m.message_id === message_id && buttonsOf(m).includes(fa()('callup:card.change')),
    );
    chat.press(fa()('callup:card.change'), card.message_id);
    await chat.waitFor((m) => buttonsOf(m).includes(fa()('callup:card.no')));
    chat.press(fa()('callup:card.no'), card.message_id);
    await chat.waitFor((m) => m.text === fa()('callup:declined'));
    const promoted = h.chatOf(waiting);
    await promoted.waitFor((m) => m.text?.includes('از فهرست انتظار تأیید شد') === true, 10_000);
    expect(await answerOf(waiting)).toBe('yes');
    expect((await h.repositories.callUps.countSeats(callUp.id)).get('nurse_emergency')).toBe(5);
  });

  it('when callback data is forged, foreign or stale, then a polite alert answers and nothing changes', async () => {
    const v = seeded.ems[1]!;
    const chat = h.chatOf(v);
    const card = await cardOf(v);
    chat.pressData('cu:y:zzzzzzzz', card.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.unknown'));
    chat.pressData('cu:y:<script>', card.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.unknown'));
    chat.pressData(cardData(callUp.id, { kind: 'reconfirm', coming: false }), card.message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.stale'));
    expect(await answerOf(v)).toBe('none');

    // Someone never invited copies the card's data into their own chat.
    const outsider: SimulatedUser = h.chatOf(seeded.other[5]!);
    outsider.sendCommand('/start');
    const menu = await outsider.waitFor((m) => m.text?.includes('همکار گرامی') === true);
    outsider.pressData(cardData(callUp.id, { kind: 'yes' }), menu.message_id);
    expect((await outsider.waitForAlert()).text).toBe(fa()('callup:errors.not_invited'));
    expect(await h.repositories.answers.get(callUp.id, seeded.other[5]!.key)).toBeUndefined();
  });

  it('when the coordinator opens the confirmed list, then it has names, specialties, phones and delays', async () => {
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.list'), board.message_id);
    const list = await coordinator.waitFor((m) => m.text?.includes('داوطلبان تأییدشده:') === true);
    expect(list.text).toContain(seeded.em[0]!.name);
    expect(list.text).toContain('حدود ۶۰ دقیقه تأخیر');
    // Phones as people write them at home, in Persian digits, kept left to right.
    expect(list.text).toMatch(/\u2068۰۹۱۲ [۰-۹]{3} [۰-۹]{4}\u2069/u);
    expect(list.text).not.toContain('+98');
  });

  it('when the coordinator taps the answer files on the board, then CSV and XLSX arrive and each export is audited', async () => {
    const coordinator = h.coordinator();
    for (const format of ['csv', 'xlsx'] as const) {
      const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
      coordinator.press(fa()(`callup:board.buttons.export_${format}`), board.message_id);
      const file = await coordinator.waitFor((m) => m.document?.file_name?.endsWith(`.${format}`) === true, 10_000);
      expect(file.document?.file_name).toMatch(new RegExp(`^nazr-callup-${callUp.id}-.*\\.${format}$`));
      expect(file.caption).toContain('پاسخ‌های فراخوان');
    }
    const audited = await h.database.models.auditEntries
      .find({ action: 'export.callup', target: callUp.id })
      .lean<{ actor: string; details?: { format?: string; rows?: number } }[]>();
    expect(audited.map((e) => e.details?.format).sort()).toEqual(['csv', 'xlsx']);
    expect(audited.every((e) => e.actor === 'telegram:9001' && (e.details?.rows ?? 0) > 0)).toBe(true);
  });

  it('when the coordinator messages everyone confirmed, then each of them gets it once', async () => {
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.message'), board.message_id);
    await coordinator.waitFor((m) => m.text?.includes('پیام خود') === true);
    coordinator.sendText('لطفاً جلیقه‌ی شب‌نما همراه داشته باشید.');
    await coordinator.waitFor((m) => m.text?.includes('در صف ارسال قرار گرفت') === true);
    const confirmed = (await h.invitations(callUp.id)).filter((i) => i.answer === 'yes' || i.answer === 'late');
    expect(confirmed.length).toBe(9);
    for (const i of confirmed) {
      await h.chatOf(i).waitFor((m) => m.text?.includes('جلیقه‌ی شب‌نما') === true, 10_000);
    }
    expect(h.deliveredTo('telegram', seeded.em[2]!.chatId).some((text) => text.includes('جلیقه'))).toBe(false);
  });

  it('when the coordinator extends to the neighbouring provinces, then their volunteers are invited too', async () => {
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.extend'), board.message_id);
    await coordinator.waitFor((m) => m.text?.includes('استان همجوار گسترش یافت') === true, 10_000);
    const keys = await invitedKeys();
    for (const v of seeded.ilam) expect(keys.has(v.key)).toBe(true);
    const after = (await h.repositories.callUps.get(callUp.id))!;
    expect(after.reachProvinces).toEqual(expect.arrayContaining(['kermanshah', 'ilam', 'hamadan', 'kurdistan']));
    await cardOf(seeded.ilam[0]!);
    // Once only: the button is gone from the board.
    await vi.waitFor(() => {
      const now = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId);
      expect(buttonsOf(now)).not.toContain(fa()('callup:board.buttons.extend'));
    }, SETTLED);
  });

  it('when the coordinator updates the meeting point, then everyone confirmed is told the new one', async () => {
    const coordinator = h.coordinator();
    coordinator.sendCommand('/callups');
    const list = await coordinator.waitFor((m) => m.text === fa()('callup:list.title'));
    expect(buttonsOf(list)[0]).toContain('زلزله‌ی سرپل ذهاب');
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.update'), board.message_id);
    const which = await coordinator.waitFor((m) => m.text === fa()('callup:board.update_which'));
    coordinator.press(fa()('callup:board.fields.meetingPoint'), which.message_id);
    await coordinator.waitFor((m) => m.text?.includes('تازه را بنویسید') === true);
    coordinator.sendText('ورزشگاه شهر، درِ شمالی');
    await coordinator.waitFor((m) => m.text?.includes('تغییر ثبت شد') === true);
    await h.chatOf(seeded.em[0]!).waitFor((m) => m.text?.includes('ورزشگاه شهر') === true, 10_000);
    // Kept as the coordinator typed it: «درِ» (the door) must not become «در» (in).
    expect((await h.repositories.callUps.get(callUp.id))?.meetingPoint).toBe('ورزشگاه شهر، درِ شمالی');
  });

  it('when the coordinator closes the call-up, then a later yes is told the call-up has ended', async () => {
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.close'), board.message_id);
    await coordinator.waitFor((m) => m.text === fa()('callup:board.closed_notice'));
    expect((await h.repositories.callUps.get(callUp.id))?.status).toBe('closed');
    const v = seeded.ems[3]!;
    const chat = h.chatOf(v);
    chat.press(fa()('callup:card.yes'), (await cardOf(v)).message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.ended'));
    expect(await answerOf(v)).toBe('none');
  });

  it('when the coordinator cancels, then everyone confirmed is told, and later taps get a polite alert', async () => {
    const coordinator = h.coordinator();
    const board = coordinator.messages().find((m) => m.message_id === callUp.statusMessageId)!;
    coordinator.press(fa()('callup:board.buttons.cancel'), board.message_id);
    const ask = await coordinator.waitFor((m) => m.text === fa()('callup:board.cancel_confirm'));
    coordinator.press(fa()('callup:board.cancel_yes'), ask.message_id);
    await coordinator.waitFor((m) => m.text?.includes('فراخوان لغو شد') === true);
    const first = h.chatOf(seeded.em[0]!);
    await first.waitFor((m) => m.text?.includes('لغو شد') === true, 10_000);

    const v = seeded.ems[2]!;
    const chat = h.chatOf(v);
    chat.press(fa()('callup:card.yes'), (await cardOf(v)).message_id);
    expect((await chat.waitForAlert()).text).toBe(fa()('callup:errors.cancelled'));
    expect(await answerOf(v)).toBe('none');
    expect((await h.repositories.callUps.get(callUp.id))?.status).toBe('cancelled');
  });
});
