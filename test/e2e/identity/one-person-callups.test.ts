import type { SandboxMessage } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VERIFY } from '../../../src/bot/features/verification/verification.feature.ts';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import { getSpecialty } from '../../../src/domain/reference/specialties.ts';
import type { Volunteer } from '../../../src/domain/volunteers/volunteer.ts';
import { mergeOrder } from '../../../src/services/identity/person-merge.ts';
import { createCallUpInChat } from '../../../workbench/scripts/create-callup.ts';
import { buttonsOf, type CallUpHarness, COORDINATOR_KEY, startCallUpBot } from '../../support/callup-harness.ts';
import { buttons } from '../../support/staff-e2e.ts';
import { tehran } from '../../support/volunteer-fixtures.ts';

/**
 * Existing data from before accounts could be linked: the same person registered on Bale and on Telegram. The
 * start-up pass links those who proved one number, lists the rest for `/duplicates`, and from then on a call-up
 * invites and counts the person once, whichever account answers.
 */
describe('one person, two accounts: migration, /duplicates and call-ups (bot ↔ sandbox, real database)', () => {
  let h: CallUpHarness;
  const fa = () => h.t('fa');
  let onBale: Volunteer;
  let onTelegram: Volunteer;
  let typedA: Volunteer;
  let typedB: Volunteer;
  const volunteers = () => h.database.models.volunteers;
  const pairs = () => h.database.models.duplicatePairs;

  beforeAll(async () => {
    h = await startCallUpBot();
    const proved = { province: 'qom', mobile: '+989120077001', mobileVerified: true };
    onBale = await h.volunteer({
      ...proved,
      platform: 'bale',
      registeredAt: tehran('2026-01-01T10:00:00'),
      hoursServed: 5,
    });
    onTelegram = await h.volunteer({ ...proved, platform: 'telegram', hoursServed: 3 });
    const typed = { province: 'qom', mobile: '+989120077002', mobileVerified: false };
    typedA = await h.volunteer({ ...typed, platform: 'bale' });
    typedB = await h.volunteer({ ...typed, platform: 'telegram' });
    // Seeded as existing data is: then the app starts (again) and its start-up pass runs.
    await h.restart();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('when the app starts with two records that proved one number, then they become one person; a typed pair waits for an admin', async () => {
    expect(await volunteers().findById(onTelegram.key).lean()).toBeNull();
    const person = await volunteers().findById(onBale.key).lean();
    expect(person).toMatchObject({ hoursServed: 8, platform: 'bale', chatId: onBale.chatId });
    expect(person?.reachPoints?.map((p) => (p.kind === 'messenger' ? p.key : p.mobile))).toEqual([
      onBale.key,
      onTelegram.key,
    ]);
    expect((await h.database.models.users.findById(onTelegram.key).lean())?.personKey).toBe(onBale.key);
    expect(await pairs().findById([typedA.key, typedB.key].sort().join('|')).lean()).toMatchObject({
      reason: 'shared_typed',
      state: 'open',
    });

    // The coordinator's verification queue lists the person once.
    const coordinator = h.coordinator();
    coordinator.sendCommand('/verify');
    const entryOf = (key: string) => coordinator.waitFor((m) => buttons(m).includes(`${VERIFY.ok}${key}`), 10_000);
    await Promise.all([onBale, typedA, typedB].map((v) => entryOf(v.key)));
    expect(coordinator.messages().filter((m) => buttons(m).includes(`${VERIFY.ok}${onTelegram.key}`))).toHaveLength(0);

    // Safe on every start: nothing is merged, added or flagged twice.
    await h.restart();
    expect((await volunteers().findById(onBale.key).lean())?.hoursServed).toBe(8);
    expect(await pairs().countDocuments({})).toBe(1);
  });

  it('when the person with two accounts is called up, then one card goes out, and an answer typed on the other account counts once', async () => {
    await createCallUpInChat(h.coordinator(), fa(), {
      type: 'flood',
      title: 'آب‌گرفتگی قم',
      description: 'آب‌گرفتگی در چند محله.',
      province: 'qom',
      city: 'قم',
      needs: [{ specialty: 'gp', count: 5 }],
      start: 'now',
      durationHours: 8,
      meetingPoint: 'ساختمان هلال احمر',
      contact: 'آقای نوری ۰۹۱۲۰۰۰۰۰۰۰',
    });
    const callUp: CallUp = await h.latestCallUp('آب‌گرفتگی قم');
    const baleChat = h.chatOf(onBale);
    const card = await vi.waitFor(
      () => {
        const found = baleChat
          .messages()
          .findLast((m: SandboxMessage) => buttonsOf(m).includes(fa()('callup:card.yes')));
        if (!found) throw new Error('no card on Bale yet');
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );
    // Three people fit (the linked person, and the typed pair an admin has not decided on yet): three invitations.
    await vi.waitFor(async () => expect(await h.invitations(callUp.id)).toHaveLength(3), { timeout: 10_000 });
    const invited = (await h.invitations(callUp.id)).map((i) => i.volunteerKey);
    expect(invited.filter((k) => k === onBale.key)).toHaveLength(1);
    expect(invited).not.toContain(onTelegram.key);
    expect(h.deliveredTo('telegram', onTelegram.chatId).filter((t) => t.includes('آب‌گرفتگی قم'))).toHaveLength(0);

    const telegramChat = h.chatOf(onTelegram);
    telegramChat.sendText('۱');
    const answered = await telegramChat.waitFor((m) => m.text?.includes('آب‌گرفتگی قم') === true, 10_000);
    expect(buttonsOf(answered)).not.toContain(fa()('callup:card.yes'));
    // The reply card is noted after it is sent: the person's call-up messages follow the chat they answered in.
    await vi.waitFor(
      async () =>
        expect(await h.repositories.answers.get(callUp.id, onBale.key)).toMatchObject({
          answer: 'yes',
          platform: 'telegram',
          chatId: onTelegram.chatId,
        }),
      { timeout: 10_000, interval: 50 },
    );
    // The card on Bale shows the answer and no longer takes one.
    await vi.waitFor(
      () => {
        const now = baleChat.messages().find((m) => m.message_id === card.message_id);
        expect(buttonsOf(now)).toHaveLength(0);
        expect(now?.text).not.toBe(card.text);
      },
      { timeout: 10_000, interval: 50 },
    );
    const confirmed = (await h.invitations(callUp.id)).filter((i) => i.answer === 'yes');
    expect(confirmed.map((i) => i.volunteerKey)).toEqual([onBale.key]);
    // The coordinator's board counts the person once.
    const counted = fa()('callup:board.need', { specialty: getSpecialty('gp')!.fa, confirmed: 1, need: 5 });
    await vi.waitFor(
      () =>
        expect(
          h
            .coordinator()
            .messages()
            .some((m) => m.text?.includes(counted)),
        ).toBe(true),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
  });

  it('when the admin merges the typed pair from /duplicates, then one person remains and the decision is audited', async () => {
    const admin = h.coordinator();
    admin.sendCommand('/duplicates');
    const pair = await admin.waitFor((m) => buttonsOf(m).includes(fa()('admin:duplicates.merge')), 10_000);
    expect(pair.text).toContain(typedA.name);
    expect(pair.text).toContain(typedB.name);
    expect(pair.text).toContain(fa()('admin:duplicates.reasons.shared_typed'));
    expect(pair.text).toContain('تأییدنشده');
    admin.press(fa()('admin:duplicates.merge'), pair.message_id);
    await admin.waitFor((m) => m.text?.includes(fa()('admin:duplicates.outcome.merged')) === true, 10_000);

    const [keep, join] = mergeOrder(typedA, typedB);
    expect(await volunteers().findById(join.key).lean()).toBeNull();
    // Both were invited to the open call-up before: one invitation, the person's, is left.
    const invited = (await h.invitations((await h.latestCallUp('آب‌گرفتگی قم')).id)).map((i) => i.volunteerKey);
    expect(invited.sort()).toEqual([onBale.key, keep.key].sort());
    expect((await volunteers().findById(keep.key).lean())?.reachPoints).toHaveLength(2);
    expect((await h.database.models.users.findById(join.key).lean())?.personKey).toBe(keep.key);
    const audit = await h.database.models.auditEntries.find({ action: 'person.merged', actor: COORDINATOR_KEY }).lean();
    expect(audit).toHaveLength(1);
    expect(await pairs().findById([typedA.key, typedB.key].sort().join('|')).lean()).toMatchObject({ state: 'merged' });

    admin.sendCommand('/duplicates');
    await admin.waitFor((m) => m.text === fa()('admin:duplicates.empty'), 10_000);
  });
});
