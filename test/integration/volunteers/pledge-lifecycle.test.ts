import { describe, expect, it } from 'vitest';
import type { RegistrationDraft } from '../../../src/domain/volunteers/volunteer.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import type { Notice, NoticeResult, Notifier, Recipient } from '../../../src/services/volunteers/notifier.ts';
import { createPledgeLifecycle } from '../../../src/services/volunteers/pledge-lifecycle.service.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const volunteers = createVolunteerRepository(database.models);
const users = createUserRepository(database.models);

/** The platform is the outside world here: a recording stand-in answers for it. */
class RecordingNotifier implements Notifier {
  sent: { to: Recipient; notice: Notice }[] = [];
  answer: NoticeResult = 'sent';
  async send(to: Recipient, notice: Notice): Promise<NoticeResult> {
    this.sent.push({ to, notice });
    return this.answer;
  }
}

const t = (locale: string, key: string, vars?: Record<string, unknown>) =>
  `${locale}|${key}|${JSON.stringify(vars ?? {})}`;

function setUp(activity: (draft: RegistrationDraft) => Promise<Date | undefined> = async () => undefined) {
  const notifier = new RecordingNotifier();
  const lifecycle = createPledgeLifecycle({ volunteers, users, notifier, t, registrationActivity: activity });
  return { notifier, lifecycle };
}

let nextId = 30_000;
const fresh = () => {
  nextId += 1;
  return { key: `telegram:${nextId}`, chatId: String(nextId) };
};

const morning = tehran('2026-11-23T10:00:00');
const night = tehran('2026-11-23T23:30:00');

describe('monthly check-in', () => {
  it('when a check-in is due, then one message with three buttons goes out, and a second run sends nothing', async () => {
    await database.models.volunteers.deleteMany({});
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') });
    await volunteers.create(v);
    const { notifier, lifecycle } = setUp();
    expect(await lifecycle.sendCheckIns(morning)).toEqual({ sent: 1, skipped: 0 });
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.to).toEqual({ platform: 'telegram', chatId: v.chatId });
    expect(notifier.sent[0]?.notice.text).toContain('pledge:checkin.text');
    expect(notifier.sent[0]?.notice.buttons?.flat().map((b) => b.data)).toEqual(['pl:ok', 'pl:change', 'pl:pause']);
    expect(await lifecycle.sendCheckIns(morning)).toEqual({ sent: 0, skipped: 0 });
    expect((await volunteers.get(v.key))?.nextCheckInAt).toEqual(tehran('2026-12-23T10:00:00'));
  });

  it('when two instances run the same check-in at once, then the volunteer gets one message', async () => {
    await database.models.volunteers.deleteMany({});
    await volunteers.create(aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') }));
    const first = setUp();
    const second = setUp();
    await Promise.all([first.lifecycle.sendCheckIns(morning), second.lifecycle.sendCheckIns(morning)]);
    expect(first.notifier.sent.length + second.notifier.sent.length).toBe(1);
  });

  it('when it is night in Tehran, then nothing is sent and the check-in stays due for the morning', async () => {
    await database.models.volunteers.deleteMany({});
    await volunteers.create(aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') }));
    const { notifier, lifecycle } = setUp();
    expect(await lifecycle.sendCheckIns(night)).toEqual({ sent: 0, skipped: 0 });
    expect(notifier.sent).toEqual([]);
    expect((await lifecycle.sendCheckIns(morning)).sent).toBe(1);
  });

  it('when the user chose English, then the check-in is rendered in English', async () => {
    await database.models.volunteers.deleteMany({});
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00'), locale: 'fa' });
    await volunteers.create(v);
    await users.upsertSeen({ platform: 'telegram', platformUserId: v.chatId, chatId: v.chatId });
    await users.setLocale(v.key, 'en');
    const { notifier, lifecycle } = setUp();
    await lifecycle.sendCheckIns(morning);
    expect(notifier.sent[0]?.notice.text.startsWith('en|')).toBe(true);
  });

  it('when the chat has blocked the bot, then the volunteer is marked unreachable and skipped from then on', async () => {
    await database.models.volunteers.deleteMany({});
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') });
    await volunteers.create(v);
    const { notifier, lifecycle } = setUp();
    notifier.answer = 'unreachable';
    expect(await lifecycle.sendCheckIns(morning)).toEqual({ sent: 0, skipped: 1 });
    expect((await volunteers.get(v.key))?.reachable).toBe(false);
  });
});

describe('end of a pledge and of a pause', () => {
  it('when a pledge passes its end date, then it becomes expired with exactly one message naming the last day', async () => {
    await database.models.volunteers.deleteMany({});
    const v = aVolunteer({
      ...fresh(),
      validUntil: tehran('2026-11-21T00:00:00'),
      nextCheckInAt: tehran('2026-12-20T00:00:00'),
    });
    await volunteers.create(v);
    const { notifier, lifecycle } = setUp();
    expect(await lifecycle.closeEndedPledges(morning)).toEqual({ sent: 1, skipped: 0 });
    expect((await volunteers.get(v.key))?.status).toBe('expired');
    expect(notifier.sent[0]?.notice.text).toContain('pledge:expiry.text');
    expect(notifier.sent[0]?.notice.text).toContain('2026-11-20T');
    expect(notifier.sent[0]?.notice.buttons?.flat().map((b) => b.data)).toEqual(['pl:renew']);
    expect(await lifecycle.closeEndedPledges(morning)).toEqual({ sent: 0, skipped: 0 });
    expect(await lifecycle.sendCheckIns(tehran('2027-01-01T10:00:00'))).toEqual({ sent: 0, skipped: 0 });
  });

  it('when a pause is over, then the pledge is active again and the volunteer is told once', async () => {
    await database.models.volunteers.deleteMany({});
    const v = aVolunteer({
      ...fresh(),
      status: 'paused',
      pausedUntil: tehran('2026-11-23T00:00:00'),
      nextCheckInAt: tehran('2026-12-20T00:00:00'),
    });
    await volunteers.create(v);
    const { notifier, lifecycle } = setUp();
    expect((await lifecycle.closeEndedPledges(morning)).sent).toBe(1);
    expect(await volunteers.get(v.key)).toMatchObject({ status: 'active', pausedUntil: null });
    expect(notifier.sent[0]?.notice.text).toContain('pledge:pause_over.text');
    expect((await lifecycle.closeEndedPledges(morning)).sent).toBe(0);
  });
});

describe('abandoned registration reminder', () => {
  const draftOf = (startedAt: Date) => ({
    ...fresh(),
    platform: 'bale' as const,
    locale: 'fa' as const,
    startedAt,
    remindedAt: null,
  });

  it('when a registration has been idle a day, then one reminder goes, and never a second', async () => {
    await database.models.volunteers.deleteMany({});
    const draft = draftOf(tehran('2026-11-21T09:00:00'));
    await volunteers.startDraft(draft);
    const { notifier, lifecycle } = setUp(async () => tehran('2026-11-21T09:05:00'));
    expect(await lifecycle.remindAbandonedRegistrations(morning)).toEqual({ sent: 1, skipped: 0 });
    expect(notifier.sent[0]?.to).toEqual({ platform: 'bale', chatId: draft.chatId });
    expect(notifier.sent[0]?.notice.buttons?.flat().map((b) => b.data)).toEqual(['reg:continue']);
    expect(await lifecycle.remindAbandonedRegistrations(tehran('2026-11-25T10:00:00'))).toEqual({
      sent: 0,
      skipped: 0,
    });
  });

  it('when the user answered within the last day, then no reminder yet', async () => {
    await database.models.volunteers.deleteMany({});
    await volunteers.startDraft(draftOf(tehran('2026-11-21T09:00:00')));
    const { notifier, lifecycle } = setUp(async () => tehran('2026-11-23T08:00:00'));
    expect(await lifecycle.remindAbandonedRegistrations(morning)).toEqual({ sent: 0, skipped: 1 });
    expect(notifier.sent).toEqual([]);
  });

  it('when the user cancelled the registration, then no reminder, and the draft is forgotten', async () => {
    await database.models.volunteers.deleteMany({});
    const draft = draftOf(tehran('2026-11-21T09:00:00'));
    await volunteers.startDraft(draft);
    const { notifier, lifecycle } = setUp(async () => undefined);
    await lifecycle.remindAbandonedRegistrations(morning);
    expect(notifier.sent).toEqual([]);
    expect(await volunteers.getDraft(draft.key)).toBeUndefined();
  });

  it('when it is night in Tehran, then the reminder waits', async () => {
    await database.models.volunteers.deleteMany({});
    await volunteers.startDraft(draftOf(tehran('2026-11-21T09:00:00')));
    const { notifier, lifecycle } = setUp(async () => tehran('2026-11-21T09:05:00'));
    await lifecycle.remindAbandonedRegistrations(night);
    await lifecycle.remindAbandonedRegistrations(tehran('2026-11-24T06:59:00'));
    expect(notifier.sent).toEqual([]);
    expect((await lifecycle.remindAbandonedRegistrations(tehran('2026-11-24T07:00:00'))).sent).toBe(1);
  });
});
