import type { SimulatedUser } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_MISSION_PLEDGE, type MissionPledge } from '../../../src/domain/missions/mission-pledge.ts';
import { getLanguage } from '../../../src/domain/reference/mission-lists.ts';
import { getSpecialty } from '../../../src/domain/reference/specialties.ts';
import { toPersianDigits } from '../../../src/domain/text/persian-text.ts';
import { addDays, tehranParts } from '../../../src/domain/text/tehran-clock.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createMissionPledgeRepository } from '../../../src/persistence/repositories/missions/mission-pledge.repository.ts';
import { buttonsOf, type CallUpHarness, runJob, startCallUpBot, type Tr } from '../../support/callup-harness.ts';

/** A passport valid for years, Arabic spoken fluently, available abroad. */
const READY: MissionPledge = {
  ...EMPTY_MISSION_PLEDGE,
  abroad: true,
  homeWeeks: 2,
  passportExpiry: { jy: 1412, jm: 1 },
  languages: [{ code: 'arabic', level: 'fluent' }],
};

describe('a mission call-up: preview with exclusions, shortlist, selection, confirmations, regrets, withdrawal', () => {
  let h: CallUpHarness;
  let t: Tr;
  let coordinator: SimulatedUser;
  const ready: Volunteer[] = [];
  let noArabic: Volunteer;

  beforeAll(async () => {
    h = await startCallUpBot();
    t = h.t('fa');
    coordinator = h.coordinator();
    const pledges = createMissionPledgeRepository(h.database.models);
    const seed = async (pledge: MissionPledge | null) => {
      const v = await h.volunteer();
      if (pledge) await pledges.save(v.key, pledge, h.clock.now());
      return v;
    };
    for (let i = 0; i < 4; i++) ready.push(await seed(READY));
    await seed({ ...READY, passportExpiry: null });
    await seed({ ...READY, passportExpiry: null });
    await seed(null);
    noArabic = await seed({ ...READY, languages: [{ code: 'english', level: 'fluent' }] });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Taps on the coordinator's latest message with that button and waits for the next question. */
  async function tap(label: string, expected: string) {
    coordinator.press(label);
    return coordinator.waitFor((m) => m.text?.includes(expected) === true);
  }
  async function type(text: string, expected: string) {
    coordinator.sendText(text);
    return coordinator.waitFor((m) => m.text?.includes(expected) === true);
  }

  async function createMissionToIraq() {
    coordinator.sendCommand('/callup');
    await coordinator.waitFor((m) => buttonsOf(m).includes(t('missions:create.kind')));
    await tap(t('missions:create.kind'), t('missions:create.where'));
    await tap(t('missions:create.abroad'), t('missions:create.country'));
    await tap('عراق', t('missions:create.city'));
    await type('کربلا', t('missions:create.title').slice(0, 20));
    await type('تیم درمان موکب اربعین', t('missions:create.start').slice(0, 20));
    const start = tehranParts(addDays(h.clock.now(), 30));
    await type(toPersianDigits(`${start.jy}/${start.jm}/${start.jd}`), t('missions:create.days'));
    await tap(t('missions:create.days_button', { days: 14 }), t('missions:create.languages').slice(0, 20));
    const arabic = getLanguage('arabic')!.fa;
    const asked = (level: string) => t('missions:languages.with_level', { language: arabic, level });
    coordinator.press(arabic);
    await coordinator.waitFor((m) => buttonsOf(m).includes(asked('مقدماتی')));
    coordinator.press(asked('مقدماتی'));
    await coordinator.waitFor((m) => buttonsOf(m).includes(asked('کاری')));
    await tap(t('registration:keyboard.done'), t('missions:create.passport'));
    await tap(t('missions:create.passport_months', { months: 6 }), t('missions:create.trainings').slice(0, 20));
    await tap(t('registration:keyboard.done'), t('missions:create.vaccinations').slice(0, 20));
    coordinator.press(t('registration:keyboard.done'));
    const gp = getSpecialty('gp')!.fa;
    await coordinator.waitFor((m) => buttonsOf(m).includes(gp));
    coordinator.press(gp);
    await coordinator.waitFor((m) => buttonsOf(m).includes(t('registration:keyboard.selected', { label: gp })));
    coordinator.press(t('registration:keyboard.done'));
    await coordinator.waitFor((m) => buttonsOf(m).includes(t('callup:create.count_button', { n: 2 })));
    await tap(t('callup:create.count_button', { n: 2 }), t('missions:create.meeting').slice(0, 20));
    await type('فرودگاه امام، ساعت ۶ صبح', t('missions:create.contact').slice(0, 20));
    coordinator.sendText('آقای رضایی ۰۹۱۲۰۰۰۰۰۰۰');
    return coordinator.waitFor((m) => m.text?.includes(t('missions:create.preview').slice(0, 15)) === true);
  }

  const reasonCount = (count: number, reason: string) =>
    t('missions:reasons.counted', { count, reason: t(`missions:reasons.${reason}`, { name: 'عربی' }) });

  it('when a mission asks for a passport and Arabic, then the preview says how many fit and what excludes the rest', async () => {
    const preview = await createMissionToIraq();
    expect(preview.text).toContain(reasonCount(2, 'passport'));
    expect(preview.text).toContain(reasonCount(1, 'language'));
    expect(preview.text).toContain(reasonCount(1, 'no_mission_pledge'));
    expect(buttonsOf(preview)).toContain(t('missions:create.send', { count: 4 }));

    // Dropping Arabic brings in the volunteer who has everything else.
    const relaxArabic = t('missions:create.relax', { requirement: t('missions:reasons.language', { name: 'عربی' }) });
    coordinator.press(relaxArabic);
    const relaxed = await coordinator.waitFor((m) => buttonsOf(m).includes(t('missions:create.send', { count: 5 })));
    expect(relaxed.text).not.toContain(reasonCount(1, 'language'));
    coordinator.press(t('missions:create.send', { count: 5 }));
    await coordinator.waitFor((m) => m.text?.includes(t('missions:create.sent', { count: 5 })) === true);
  });

  it('when volunteers answer and the coordinator selects, then only the selected are confirmed and the others thanked', async () => {
    const title = 'تیم درمان موکب اربعین';
    const chats = ready.map((v) => h.chatOf(v));
    for (const chat of chats) {
      await chat.waitFor((m) => m.text?.includes(title) === true);
      chat.press(t('missions:call.volunteer'));
      await chat.waitFor((m) => m.text === t('missions:answer.shortlisted'));
    }
    const other = h.chatOf(noArabic);
    await other.waitFor((m) => m.text?.includes(title) === true);
    other.press(t('missions:call.decline'));
    await other.waitFor((m) => m.text === t('missions:answer.declined'));

    // The coordinator finds the mission's board again through /missions.
    coordinator.sendCommand('/missions');
    await coordinator.waitFor(
      (m) => m.text === t('missions:board.list') && buttonsOf(m).includes(`\u2068${title}\u2069`),
    );
    coordinator.press(`\u2068${title}\u2069`);
    const [first, second, , fourth] = ready as [Volunteer, Volunteer, Volunteer, Volunteer];
    await coordinator.waitFor((m) => buttonsOf(m).includes(t('missions:board.select', { name: fourth.name })));
    for (const [n, v] of [first, second, fourth].entries()) {
      coordinator.press(t('missions:board.select', { name: v.name }));
      await coordinator.waitFor((m) => buttonsOf(m).includes(t('missions:board.confirm', { count: n + 1 })));
    }

    // Selected but not told yet, the fourth can still say no: the board no longer lists them.
    chats[3]!.press(t('missions:call.decline'));
    await chats[3]!.waitFor((m) => m.text === t('missions:answer.declined'));
    coordinator.press(t('missions:board.refresh'));
    const board = await coordinator.waitFor((m) => buttonsOf(m).includes(t('missions:board.confirm', { count: 2 })));
    expect(buttonsOf(board)).not.toContain(t('missions:board.selected', { name: fourth.name }));
    coordinator.press(t('missions:board.confirm', { count: 2 }));
    await coordinator.waitFor((m) => m.text === t('missions:board.confirmed', { confirmed: 2, regretted: 1 }));

    for (const chat of chats.slice(0, 2)) {
      const confirmed = await chat.waitFor(
        (m) => m.text?.includes(t('missions:shortlist.confirmed').slice(0, 20)) === true,
      );
      expect(confirmed.text).toContain('فرودگاه امام');
    }
    const regret = await chats[2]!.waitFor((m) => m.text?.includes(title) === true && !m.text.includes('🌍'));
    expect(regret.text).toBe(t('missions:shortlist.regret', { title: `\u2068${title}\u2069` }));
    expect(h.deliveredTo('telegram', noArabic.chatId).some((text) => text.includes('فرودگاه'))).toBe(false);
    expect(h.deliveredTo('telegram', fourth.chatId).some((text) => text.includes('فرودگاه'))).toBe(false);
  });

  it('when the coordinator exports the shortlist, then each volunteer is a row with what they bring', async () => {
    coordinator.press(t('missions:board.export'));
    const csv = await coordinator.waitFor((m) => m.document?.file_name?.endsWith('.csv') === true);
    const rows = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.document?.bytes).trim().split('\r\n');
    const columns = ['name', 'specialty', 'province', 'state', 'passport', 'passport_ok', 'languages'];
    expect(rows[0]).toContain(columns.map((c) => t(`missions:export.columns.${c}`)).join(','));
    expect(rows).toHaveLength(1 + 3);
    const [first, , third] = ready as [Volunteer, Volunteer, Volunteer];
    const rowOf = (v: Volunteer) => rows.find((r) => r.startsWith(v.name)) ?? '';
    expect(rowOf(first)).toContain(t('missions:board.state.confirmed'));
    expect(rowOf(third)).toContain(t('missions:board.state.regretted'));
    expect(rowOf(first)).toContain(t('missions:languages.with_level', { language: 'عربی', level: 'روان' }));
    expect(csv.caption).toBe(t('missions:export.caption', { count: 3 }));
  });

  it('when a selected volunteer withdraws, then the coordinator hears it and can confirm the next on the shortlist', async () => {
    const [first, , third] = ready as [Volunteer, Volunteer, Volunteer];
    const chat = h.chatOf(first);
    chat.press(t('missions:shortlist.withdraw'));
    await chat.waitFor((m) => m.text === t('missions:answer.withdrawn'));
    const selectNext = t('missions:board.select_next', { name: `\u2068${third.name}\u2069` });
    const notice = await coordinator.waitFor((m) => buttonsOf(m).includes(selectNext));
    expect(notice.text).toContain(third.name);
    coordinator.press(selectNext);
    await coordinator.waitFor((m) => m.text === t('missions:board.next_confirmed'));
    await h.chatOf(third).waitFor((m) => m.text?.includes(t('missions:shortlist.confirmed').slice(0, 20)) === true);

    // After the mission, the confirmed are credited 14 days × 8 hours; the one who withdrew nothing.
    h.clock.set(addDays(h.clock.now(), 50));
    await runJob(h, 'mission-hours');
    const hours = async (v: Volunteer) => (await h.database.models.missionHours.findById(v.key).lean())?.hours ?? 0;
    expect(await hours(third)).toBe(14 * 8);
    expect(await hours(first)).toBe(0);

    // The profile shows mission hours apart from the shift hours.
    const thirdChat = h.chatOf(third);
    thirdChat.sendCommand('/menu');
    await thirdChat.waitFor((m) => buttonsOf(m).includes(t('pledge:menu.profile')));
    thirdChat.press(t('pledge:menu.profile'));
    await thirdChat.waitFor((m) => buttonsOf(m).includes(t('missions:profile.open')));
    thirdChat.press(t('missions:profile.open'));
    const profile = await thirdChat.waitFor((m) => m.text?.includes(t('missions:card.title')) === true);
    expect(profile.text).toContain(t('missions:profile.text', { card: '', hours: 14 * 8 }).trim());
  });
});
