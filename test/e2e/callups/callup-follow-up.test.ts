import type { SandboxMessage } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import { addDays, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, runJob, startCallUpBot } from '../../support/callup-harness.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';
import { SETTLED } from '../../support/waits.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const base: Omit<CallUpSpec, 'type' | 'province' | 'needs' | 'title'> = {
  description: 'برای تمرین و آمادگی؛ لطفاً پاسخ دهید.',
  city: 'مرکز استان',
  start: 'now',
  durationHours: 8,
  meetingPoint: 'ورودی اصلی بیمارستان',
  contact: 'خانم کریمی ۰۹۱۵۰۰۰۰۰۰۰',
};

/**
 * What happens with time, driven by the app's own jobs and a controllable clock: escalation to the neighbouring
 * provinces with one reminder, the day-before re-confirmation of a planned camp, a drill's score and attendance.
 */
describe('call-up follow-ups with a controllable clock', () => {
  let h: CallUpHarness;
  const fa = () => h.t('fa');
  // A fixed morning in Tehran: nothing here may depend on the hour the tests run at.
  const started = tehran('2026-11-23T10:00:00');
  const people: Record<'ilam' | 'kermanshah' | 'camp' | 'drill', Volunteer[]> = {
    ilam: [],
    kermanshah: [],
    camp: [],
    drill: [],
  };
  const calls: Record<'escalating' | 'camp' | 'drill', CallUp | undefined> = {
    escalating: undefined,
    camp: undefined,
    drill: undefined,
  };
  const campStart = (() => {
    const p = tehranParts(addDays(started, 3));
    return { typed: `${p.jy}/${p.jm}/${p.jd} 08:00`, day: p };
  })();

  const cardOf = (v: Volunteer, predicate: (m: SandboxMessage) => boolean = () => true) =>
    vi.waitFor(
      () => {
        const card = h
          .chatOf(v)
          .messages()
          .find((m) => buttonsOf(m).includes(fa()('callup:card.yes')) && predicate(m));
        if (!card) throw new Error(`no card for ${v.key}`);
        return card;
      },
      { timeout: 10_000, interval: 50 },
    );
  const answer = async (v: Volunteer, button: string) => {
    const chat = h.chatOf(v);
    const card = await cardOf(v);
    chat.press(button, card.message_id);
    await chat.waitForAlert();
  };

  beforeAll(async () => {
    h = await startCallUpBot();
    h.clock.set(started);
    for (let i = 0; i < 3; i++) people.ilam.push(await h.volunteer({ specialty: 'gp', province: 'ilam' }));
    for (let i = 0; i < 4; i++) people.kermanshah.push(await h.volunteer({ specialty: 'gp', province: 'kermanshah' }));
    for (let i = 0; i < 2; i++) people.camp.push(await h.volunteer({ specialty: 'gp', province: 'south_khorasan' }));
    for (let i = 0; i < 3; i++)
      people.drill.push(await h.volunteer({ specialty: 'relief_worker', province: 'tehran' }));

    const coordinator = h.coordinator();
    await createCallUpInChat(coordinator, fa(), {
      ...base,
      type: 'flood',
      title: 'سیل در ایلام',
      province: 'ilam',
      needs: [{ specialty: 'gp', count: 2 }],
    });
    calls.escalating = await h.latestCallUp('سیل در ایلام');
    await createCallUpInChat(coordinator, fa(), {
      ...base,
      type: 'medical_camp',
      title: 'اردوی جهادی سلامت',
      province: 'south_khorasan',
      needs: [{ specialty: 'gp', count: 1 }],
      start: campStart.typed,
      durationHours: 48,
    });
    calls.camp = await h.latestCallUp('اردوی جهادی سلامت');
    await createCallUpInChat(coordinator, fa(), {
      ...base,
      type: 'drill',
      title: 'رزمایش زلزله‌ی تهران',
      province: 'tehran',
      needs: [{ specialty: 'relief_worker', count: 2 }],
      durationHours: 2,
    });
    calls.drill = await h.latestCallUp('رزمایش زلزله‌ی تهران');
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when a flood call-up in Ilam is sent, then only Ilam is asked at first: three doctors for two places', async () => {
    const invited = (await h.invitations(calls.escalating!.id)).map((i) => i.volunteerKey).sort();
    expect(invited).toEqual(people.ilam.map((v) => v.key).sort());
    await answer(people.ilam[0]!, fa()('callup:card.no'));
  });

  it('when answers lag past the wave delay but nobody else matches, then no one new is asked', async () => {
    h.clock.set(new Date(started.getTime() + 6 * MINUTE));
    await runJob(h, 'callup-waves');
    expect(await h.invitations(calls.escalating!.id)).toHaveLength(3);
  });

  it('when it is still not filled after the escalation time, then it widens, reminds once and tells the coordinator', async () => {
    h.clock.set(new Date(started.getTime() + 21 * MINUTE));
    await runJob(h, 'callup-waves');
    const after = (await h.repositories.callUps.get(calls.escalating!.id))!;
    expect(after.reachProvinces).toEqual(expect.arrayContaining(['ilam', 'kermanshah', 'khuzestan', 'lorestan']));
    expect(after.escalatedAt).not.toBeNull();
    const invited = new Set((await h.invitations(calls.escalating!.id)).map((i) => i.volunteerKey));
    for (const v of people.kermanshah) expect(invited.has(v.key)).toBe(true);
    const coordinator = h.coordinator();
    const notice = await coordinator.waitFor((m) => m.text?.includes('هنوز تکمیل نشده') === true, 10_000);
    expect(notice.text).toContain('کرمانشاه');
    expect(notice.text).toContain('به ۲ نفر بی‌پاسخ یادآوری شد');
    for (const v of people.ilam.slice(1)) {
      await h.chatOf(v).waitFor((m) => m.text?.startsWith('🔔') === true, 10_000);
    }

    // A second run changes nothing: the escalation and its reminder happen once.
    h.clock.set(new Date(started.getTime() + 40 * MINUTE));
    await runJob(h, 'callup-waves');
    await vi.waitFor(async () => {
      const progress = await h.app.outbox.campaignProgress(`callup:${calls.escalating!.id}:reminder`);
      expect(progress.counts.sent).toBe(2);
    }, SETTLED);
    const reminders = h
      .deliveredTo('telegram', people.ilam[1]!.chatId)
      .filter((text) => text.includes(fa()('callup:reminder.lead')));
    expect(reminders).toHaveLength(1);
    const notices = coordinator.messages().filter((m) => m.text?.includes('هنوز تکمیل نشده'));
    expect(notices).toHaveLength(1);
  });

  it('when the call-up has been widened by escalation, then the board no longer offers to extend it', async () => {
    const coordinator = h.coordinator();
    const board = (await h.repositories.callUps.get(calls.escalating!.id))!;
    // The board is redrawn after the escalation on its own schedule, so its edit may land a little later.
    await vi.waitFor(() => {
      const message = coordinator.messages().find((m) => m.message_id === board.statusMessageId)!;
      expect(buttonsOf(message)).not.toContain(fa()('callup:board.buttons.extend'));
    }, SETTLED);
  });

  it('when a planned camp is a day away, then its confirmed volunteer is asked again; a drop-out promotes the next', async () => {
    const [first, second] = people.camp as [Volunteer, Volunteer];
    await answer(first, fa()('callup:card.yes'));
    await answer(second, fa()('callup:card.yes'));
    expect((await h.repositories.answers.get(calls.camp!.id, second.key))?.answer).toBe('waiting');

    const start = calls.camp!.startsAt.getTime();
    h.clock.set(new Date(start - 25 * HOUR));
    await runJob(h, 'callup-reconfirm');
    expect((await h.repositories.callUps.get(calls.camp!.id))?.reconfirmAskedAt).toBeNull();

    h.clock.set(new Date(start - 23 * HOUR));
    await runJob(h, 'callup-reconfirm');
    const chat = h.chatOf(first);
    const question = await chat.waitFor((m) => buttonsOf(m).includes(fa()('callup:reconfirm.no')), 10_000);
    chat.press(fa()('callup:reconfirm.no'), question.message_id);
    await chat.waitFor((m) => m.text === fa()('callup:reconfirm.released'));
    await h.chatOf(second).waitFor((m) => m.text?.includes('از فهرست انتظار تأیید شد') === true, 10_000);
    expect((await h.repositories.answers.get(calls.camp!.id, second.key))?.answer).toBe('yes');

    await runJob(h, 'callup-reconfirm');
    const asked = h.deliveredTo('telegram', first.chatId).filter((text) => text.includes('هنوز می‌توانید بیایید'));
    expect(asked).toHaveLength(1);
  });

  it('when a drill runs, then every card says it is a drill', async () => {
    for (const v of people.drill) {
      const card = await cardOf(v, (m) => m.text?.includes('رزمایش زلزله') === true);
      expect(card.text?.startsWith(fa()('callup:drill.banner'))).toBe(true);
    }
    h.clock.set(new Date(calls.drill!.createdAt.getTime() + 7 * MINUTE));
    await answer(people.drill[0]!, fa()('callup:card.yes'));
    await answer(people.drill[1]!, fa()('callup:card.late'));
    await answer(people.drill[2]!, fa()('callup:card.no'));
    expect((await h.repositories.callUps.get(calls.drill!.id))?.status).toBe('filled');
  });

  it('when the drill is over, then the coordinator gets its score and marks who came; hours are added once', async () => {
    h.clock.set(new Date(calls.drill!.startsAt.getTime() + 3 * HOUR));
    await runJob(h, 'callup-wrap-up');
    const coordinator = h.coordinator();
    const score = await coordinator.waitFor((m) => m.text?.includes('کارنامه‌ی رزمایش') === true, 10_000);
    expect(score.text).toContain(fa()('callup:drill.banner'));
    expect(score.text).toMatch(/امدادگر: در [۰-۹]+ دقیقه تکمیل شد/);
    expect(score.text).toContain('۳ از ۳ نفر (۱۰۰٪)');
    expect(score.text).toContain('• تهران: ۳ دعوت، ۳ پاسخ، ۲ تأیید');
    const prompt = await coordinator.waitFor((m) => m.text?.includes('به پایان رسید') === true);

    coordinator.press(fa()('callup:board.buttons.attend'), prompt.message_id);
    const sheet = await coordinator.waitFor((m) => m.text?.includes('چه کسانی آمدند') === true);
    const name = people.drill[0]!.name;
    coordinator.press((b) => b.text.includes(name), sheet.message_id);
    await coordinator.waitFor((m) => m.message_id === sheet.message_id && buttonsOf(m).some((b) => b.startsWith('✅')));
    coordinator.press(fa()('callup:attendance.save'), sheet.message_id);
    await coordinator.waitFor((m) => m.text?.includes('ساعت خدمت افزوده شد') === true);
    expect((await h.repositories.volunteers.get(people.drill[0]!.key))?.hoursServed).toBe(2);
    expect((await h.repositories.volunteers.get(people.drill[1]!.key))?.hoursServed).toBe(0);

    // Saving again, or running the wrap-up again, adds nothing.
    await runJob(h, 'callup-wrap-up');
    coordinator.press(fa()('callup:attendance.again'), sheet.message_id);
    const again = await coordinator.waitFor((m) => m.text?.includes('چه کسانی آمدند') === true);
    coordinator.press(fa()('callup:attendance.save'), again.message_id);
    await coordinator.waitFor((m) => m.text?.includes('ساعت خدمت افزوده شد') === true);
    expect((await h.repositories.volunteers.get(people.drill[0]!.key))?.hoursServed).toBe(2);
    expect(coordinator.messages().filter((m) => m.text?.includes('کارنامه‌ی رزمایش'))).toHaveLength(1);
  });
});
