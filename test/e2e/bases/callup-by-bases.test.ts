import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Base } from '../../../src/domain/bases/base.ts';
import { getSpecialty } from '../../../src/domain/reference/specialties.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { type CallUpSpec, createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { baseTools } from '../../support/bases-e2e.ts';
import { buttonsOf, type CallUpHarness, COORDINATOR_KEY, startCallUpBot } from '../../support/callup-harness.ts';

const spec = (title: string, bases?: string[], meetingBase?: string): CallUpSpec => ({
  type: 'flood',
  urgency: 'immediate',
  title,
  description: 'آب به زیرزمین خانه‌ها رسیده است.',
  province: 'tehran',
  city: 'تهران',
  needs: [{ specialty: 'gp', count: 2 }],
  start: 'now',
  durationHours: 6,
  meetingPoint: 'مسجد امام حسن',
  contact: 'آقای کریمی ۰۹۱۲۰۰۰۰۰۰۰',
  ...(bases ? { bases } : {}),
  ...(meetingBase ? { meetingBase } : {}),
});

describe('a call-up to chosen bases (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  let narmak: Base;
  let tajrish: Base;
  let inNarmak: Volunteer;
  let inTajrishFromKaraj: Volunteer;
  let noBase: Volunteer;
  let otherBase: Volunteer;
  let nurseInNarmak: Volunteer;
  let other: Base;

  beforeAll(async () => {
    h = await startCallUpBot();
    const tools = baseTools(h);
    narmak = await tools.base({ name: 'مسجد امام حسن نارمک' });
    tajrish = await tools.base({ name: 'شورای محله‌ی تجریش', location: { lat: 35.8, lon: 51.43 }, locationFrom: 'pin' });
    other = await tools.base({ name: 'خانه‌ی بهداشت پونک' });
    // Enough bases elsewhere in the province for a second page; the call-up's city comes first.
    for (let i = 1; i <= 10; i++) await tools.base({ name: `الف پایگاه ری ${i}`, city: 'ری' });
    inNarmak = await h.volunteer({ specialty: 'gp' });
    // Lives in Karaj and said they would serve in Alborz only: their base brings them in.
    inTajrishFromKaraj = await h.volunteer({ specialty: 'gp', province: 'alborz' });
    noBase = await h.volunteer({ specialty: 'gp' });
    otherBase = await h.volunteer({ specialty: 'gp' });
    nurseInNarmak = await h.volunteer({ specialty: 'nurse' });
    await tools.join(inNarmak.key, narmak.id);
    await tools.join(inTajrishFromKaraj.key, tajrish.id);
    await tools.join(otherBase.key, other.id);
    await tools.join(nurseInNarmak.key, narmak.id);
    await tools.people.addOffline({
      id: 'off1',
      baseId: narmak.id,
      name: 'حسن موسوی',
      specialty: 'gp',
      phone: '+989121110000',
      pledgeHours: 10,
      addedBy: COORDINATOR_KEY,
      addedAt: h.clock.now(),
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when the coordinator picks two bases, then the preview counts per base, only their matching members are invited wherever they live, and those coming get the meeting base as a map pin', async () => {
    const fa = h.t('fa');
    const { preview } = await createCallUpInChat(
      h.coordinator(),
      fa,
      spec('آب‌گرفتگی نارمک', [narmak.name, tajrish.name], tajrish.name),
    );
    // Two GPs available (the two bases' members), not the province's four.
    expect(preview.text).toContain(
      fa('callup:create.preview_need', { specialty: getSpecialty('gp')!.fa, count: 2, matching: 2 }),
    );
    expect(preview.text).toContain(fa('bases:callup.preview_base', { name: narmak.name, volunteers: 1, offline: 1 }));
    expect(preview.text).toContain(fa('bases:callup.preview_base', { name: tajrish.name, volunteers: 1, offline: 0 }));

    const pick = h
      .coordinator()
      .messages()
      .find((m) => m.text === fa('bases:callup.pick_bases', { max: 20 }));
    const tehranFirst = [other.name, narmak.name, tajrish.name].map((name) =>
      name === other.name ? name : fa('registration:keyboard.selected', { label: name }),
    );
    expect(buttonsOf(pick!).slice(0, 3).sort()).toEqual(tehranFirst.sort());
    expect(buttonsOf(pick!)).toContain(fa('registration:keyboard.next'));
    const callUp = await h.latestCallUp('آب‌گرفتگی نارمک');
    expect(callUp.target).toEqual({ kind: 'bases', baseIds: [narmak.id, tajrish.id] });
    await vi.waitFor(async () => {
      const invited = (await h.invitations(callUp.id)).map((i) => i.volunteerKey).sort();
      expect(invited).toEqual([inNarmak.key, inTajrishFromKaraj.key].sort());
    });
    for (const v of [inNarmak, inTajrishFromKaraj]) {
      await vi.waitFor(() => expect(h.deliveredTo(v.platform, v.chatId).join('\n')).toContain('آب‌گرفتگی نارمک'));
    }
    // The meeting point is the Tajrish base: whoever comes gets its name, then its place as a real map pin.
    expect(callUp.meetingPoint).toBe(tajrish.name);
    const chat = h.chatOf(inNarmak);
    const card = chat.messages().find((m) => buttonsOf(m).length > 0 && m.text?.includes(callUp.title));
    chat.press(fa('callup:card.yes'), card!.message_id);
    const details = await chat.waitFor((m) => m.text?.startsWith(fa('callup:confirmed.thanks')) === true);
    expect(details.text).toContain(tajrish.name);
    const pin = await vi.waitFor(() => {
      const next = chat.messages().find((m) => m.message_id > details.message_id && m.fromBot);
      if (!next) throw new Error('nothing after the details yet');
      return next;
    });
    expect(pin.location).toEqual({ latitude: tajrish.location.lat, longitude: tajrish.location.lon });
    for (const v of [noBase, otherBase, nurseInNarmak]) {
      expect(h.deliveredTo(v.platform, v.chatId).join('\n')).not.toContain('آب‌گرفتگی نارمک');
    }
  });

  it('when the coordinator reaches the whole province, then every matching volunteer of it is invited, in a base or not', async () => {
    const fa = h.t('fa');
    await createCallUpInChat(h.coordinator(), fa, spec('سیل پونک'));
    const callUp = await h.latestCallUp('سیل پونک');
    expect(callUp.target).toEqual({ kind: 'province' });
    await vi.waitFor(async () => {
      const invited = (await h.invitations(callUp.id)).map((i) => i.volunteerKey).sort();
      expect(invited).toEqual([inNarmak.key, noBase.key, otherBase.key].sort());
    });
  });

  it('when the coordinator picks bases, then goes back to a province without bases, then the call-up is no longer aimed at them', async () => {
    const fa = h.t('fa');
    const coordinator = h.coordinator();
    const asked = (key: string) => coordinator.waitFor((m) => m.text?.startsWith(fa(key).slice(0, 12)) === true);
    coordinator.sendCommand('/callup');
    await asked('callup:create.type');
    coordinator.sendText('سیل');
    await coordinator.waitFor((m) => m.text?.includes('سطح فوریت') === true);
    coordinator.press((b) => b.text.endsWith('فوری'));
    await asked('callup:create.title');
    coordinator.sendText('سیل برگشتی');
    await asked('callup:create.description');
    coordinator.sendText('آب بالا آمده است.');
    await asked('callup:create.province');
    coordinator.sendText('تهران');
    await coordinator.waitFor((m) => m.text?.includes('شهر') === true);
    coordinator.sendText('تهران');
    await asked('callup:create.location');
    coordinator.press(fa('callup:create.no_location'));
    await asked('bases:callup.target');
    coordinator.press(fa('bases:callup.target_bases'));
    await asked('bases:callup.pick_bases');
    coordinator.press(narmak.name);
    await coordinator.waitFor((m) =>
      buttonsOf(m).includes(fa('registration:keyboard.selected', { label: narmak.name })),
    );
    // Back to the province, through the pick, the question, the location and the city.
    for (const key of [
      'bases:callup.target',
      'callup:create.location',
      'callup:create.city',
      'callup:create.province',
    ]) {
      coordinator.press(fa('common:flow.back'));
      await coordinator.waitFor((m) => m.text?.includes(fa(key).slice(0, 10)) === true);
    }
    coordinator.sendText('البرز');
    await coordinator.waitFor((m) => m.text?.includes('شهر') === true);
    coordinator.sendText('کرج');
    await asked('callup:create.location');
    coordinator.press(fa('callup:create.no_location'));
    // Karaj has a centre, so whom to reach is asked afresh: a radius or the province, and no bases to pick.
    const question = await asked('callup:create.target');
    expect(buttonsOf(question)).toContain(fa('callup:create.target_province'));
    expect(buttonsOf(question)).not.toContain(fa('bases:callup.target_bases'));
    // Saved once the update that asked whom to reach has finished.
    const sessions = createSessionStorage<{ flow?: { step: string; data: Record<string, unknown> } }>(
      h.database.models,
    );
    await vi.waitFor(async () => expect((await sessions.read(COORDINATOR_KEY))?.flow?.step).toBe('target'));
    expect((await sessions.read(COORDINATOR_KEY))?.flow?.data).not.toHaveProperty('target');
    // Answered, it is aimed at the province the coordinator went back to.
    coordinator.press(fa('callup:create.target_province'), question.message_id);
    await coordinator.waitFor(
      (m) => m.text?.includes(fa('callup:create.specialties', { chosen: '', max: 12 }).slice(0, 12)) === true,
    );
    await vi.waitFor(async () => expect((await sessions.read(COORDINATOR_KEY))?.flow?.step).toBe('specialties'));
    expect((await sessions.read(COORDINATOR_KEY))?.flow?.data).toMatchObject({
      province: 'alborz',
      target: { kind: 'province' },
    });
    coordinator.sendCommand('/cancel');
    await coordinator.waitFor((m) => m.text === fa('callup:create.cancelled'));
  });
});
