import { describe, expect, it } from 'vitest';
import type { RegistrationDraft } from '../../../src/domain/volunteers/volunteer.ts';
import { createSendThroughOutbox } from '../../../src/messaging/send-through-outbox.ts';
import type { DeliveryDocument } from '../../../src/persistence/models/delivery.model.ts';
import { createDeliveryRepository } from '../../../src/persistence/repositories/delivery.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import {
  createVolunteerRepository,
  type VolunteerRepository,
} from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createPledgeLifecycle } from '../../../src/services/volunteers/pledge-lifecycle.service.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const volunteers = createVolunteerRepository(database.models);
const users = createUserRepository(database.models);

const deliveries = createDeliveryRepository(database.models);
const notices = createSendThroughOutbox({ enqueue: (list) => deliveries.enqueue(list) });

/** What the runs queued in the outbox, oldest first: recipient, text and the buttons' data. */
async function queued() {
  const docs = await database.models.deliveries.find({}).sort({ createdAt: 1, seq: 1 }).lean<DeliveryDocument[]>();
  return docs.map((d) => {
    const markup = d.message.replyMarkupJson
      ? (JSON.parse(d.message.replyMarkupJson) as { inline_keyboard: { callback_data: string }[][] })
      : undefined;
    return {
      to: { platform: d.platform, chatId: d.chatId },
      kind: d.campaignKind,
      text: d.message.text,
      buttons: markup?.inline_keyboard.flat().map((b) => b.callback_data),
    };
  });
}

const t = (locale: string, key: string, vars?: Record<string, unknown>) =>
  `${locale}|${key}|${JSON.stringify(vars ?? {})}`;

function setUp(
  activity: (draft: RegistrationDraft) => Promise<Date | undefined> = async () => undefined,
  repository: VolunteerRepository = volunteers,
) {
  return createPledgeLifecycle({ volunteers: repository, users, notices, t, registrationActivity: activity });
}

/** A fresh start: no volunteers, nothing queued. */
async function reset() {
  await database.models.volunteers.deleteMany({});
  await database.models.deliveries.deleteMany({});
}

let nextId = 30_000;
const fresh = () => {
  nextId += 1;
  return { key: `telegram:${nextId}`, chatId: String(nextId) };
};

const morning = tehran('2026-11-23T10:00:00');
const night = tehran('2026-11-23T23:30:00');

describe('monthly check-in', () => {
  it('when a check-in is due, then one notice with three buttons is queued in the outbox, and a second run queues nothing', async () => {
    await reset();
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') });
    await volunteers.create(v);
    const lifecycle = setUp();
    expect(await lifecycle.sendCheckIns(morning)).toEqual({ sent: 1, skipped: 0 });
    const [checkIn, ...rest] = await queued();
    expect(rest).toEqual([]);
    expect(checkIn).toMatchObject({ to: { platform: 'telegram', chatId: v.chatId }, kind: 'notice' });
    expect(checkIn?.text).toContain('pledge:checkin.text');
    expect(checkIn?.buttons).toEqual(['pl:ok', 'pl:change', 'pl:pause']);
    expect(await lifecycle.sendCheckIns(morning)).toEqual({ sent: 0, skipped: 0 });
    expect(await queued()).toHaveLength(1);
    expect((await volunteers.get(v.key))?.nextCheckInAt).toEqual(tehran('2026-12-23T10:00:00'));
  });

  it('when two instances run the same check-in at once, then the volunteer gets one notice', async () => {
    await reset();
    await volunteers.create(aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') }));
    const reports = await Promise.all([setUp().sendCheckIns(morning), setUp().sendCheckIns(morning)]);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
    expect(await queued()).toHaveLength(1);
  });

  it('when a run dies between queuing and marking the check-in done, then the next run queues it once and marks it', async () => {
    await reset();
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') });
    await volunteers.create(v);
    const dying: VolunteerRepository = {
      ...volunteers,
      update: async () => {
        throw new Error('killed');
      },
    };
    await expect(setUp(undefined, dying).sendCheckIns(morning)).rejects.toThrow('killed');
    expect(await queued()).toHaveLength(1);

    expect(await setUp().sendCheckIns(morning)).toEqual({ sent: 1, skipped: 0 });
    expect(await queued()).toHaveLength(1);
    expect((await volunteers.get(v.key))?.nextCheckInAt).toEqual(tehran('2026-12-23T10:00:00'));
  });

  it('when it is night in Tehran, then nothing is queued and the check-in stays due for the morning', async () => {
    await reset();
    await volunteers.create(aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00') }));
    const lifecycle = setUp();
    expect(await lifecycle.sendCheckIns(night)).toEqual({ sent: 0, skipped: 0 });
    expect(await queued()).toEqual([]);
    expect((await lifecycle.sendCheckIns(morning)).sent).toBe(1);
  });

  it('when the user chose English, then the check-in is rendered in English', async () => {
    await reset();
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00'), locale: 'fa' });
    await volunteers.create(v);
    await users.upsertSeen({ platform: 'telegram', platformUserId: v.chatId, chatId: v.chatId });
    await users.setLocale(v.key, 'en');
    await setUp().sendCheckIns(morning);
    expect((await queued())[0]?.text.startsWith('en|')).toBe(true);
  });

  it('when the chat is known to refuse messages, then no notice is queued and the check-in moves on all the same', async () => {
    await reset();
    const v = aVolunteer({ ...fresh(), nextCheckInAt: tehran('2026-11-20T10:00:00'), reachable: false });
    await volunteers.create(v);
    expect(await setUp().sendCheckIns(morning)).toEqual({ sent: 0, skipped: 1 });
    expect(await queued()).toEqual([]);
    expect((await volunteers.get(v.key))?.nextCheckInAt).toEqual(tehran('2026-12-23T10:00:00'));
  });
});

describe('end of a pledge and of a pause', () => {
  it('when a pledge passes its end date, then it becomes expired with exactly one notice naming the last day', async () => {
    await reset();
    const v = aVolunteer({
      ...fresh(),
      validUntil: tehran('2026-11-21T00:00:00'),
      nextCheckInAt: tehran('2026-12-20T00:00:00'),
    });
    await volunteers.create(v);
    const lifecycle = setUp();
    expect(await lifecycle.closeEndedPledges(morning)).toEqual({ sent: 1, skipped: 0 });
    expect((await volunteers.get(v.key))?.status).toBe('expired');
    const [ended] = await queued();
    expect(ended?.text).toContain('pledge:expiry.text');
    expect(ended?.text).toContain('2026-11-20T');
    expect(ended?.buttons).toEqual(['pl:renew']);
    expect(await lifecycle.closeEndedPledges(morning)).toEqual({ sent: 0, skipped: 0 });
    expect(await lifecycle.sendCheckIns(tehran('2027-01-01T10:00:00'))).toEqual({ sent: 0, skipped: 0 });
    expect(await queued()).toHaveLength(1);
  });

  it('when a pause is over, then the pledge is active again and the volunteer is told once', async () => {
    await reset();
    const v = aVolunteer({
      ...fresh(),
      status: 'paused',
      pausedUntil: tehran('2026-11-23T00:00:00'),
      nextCheckInAt: tehran('2026-12-20T00:00:00'),
    });
    await volunteers.create(v);
    const lifecycle = setUp();
    expect((await lifecycle.closeEndedPledges(morning)).sent).toBe(1);
    expect(await volunteers.get(v.key)).toMatchObject({ status: 'active', pausedUntil: null });
    expect((await queued())[0]?.text).toContain('pledge:pause_over.text');
    expect((await lifecycle.closeEndedPledges(morning)).sent).toBe(0);
    expect(await queued()).toHaveLength(1);
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
    await reset();
    const draft = draftOf(tehran('2026-11-21T09:00:00'));
    await volunteers.startDraft(draft);
    const lifecycle = setUp(async () => tehran('2026-11-21T09:05:00'));
    expect(await lifecycle.remindAbandonedRegistrations(morning)).toEqual({ sent: 1, skipped: 0 });
    const [reminder] = await queued();
    expect(reminder?.to).toEqual({ platform: 'bale', chatId: draft.chatId });
    expect(reminder?.buttons).toEqual(['reg:continue']);
    expect(await lifecycle.remindAbandonedRegistrations(tehran('2026-11-25T10:00:00'))).toEqual({
      sent: 0,
      skipped: 0,
    });
    expect(await queued()).toHaveLength(1);
  });

  it('when the user answered within the last day, then no reminder yet', async () => {
    await reset();
    await volunteers.startDraft(draftOf(tehran('2026-11-21T09:00:00')));
    const lifecycle = setUp(async () => tehran('2026-11-23T08:00:00'));
    expect(await lifecycle.remindAbandonedRegistrations(morning)).toEqual({ sent: 0, skipped: 1 });
    expect(await queued()).toEqual([]);
  });

  it('when the user cancelled the registration, then no reminder, and the draft is forgotten', async () => {
    await reset();
    const draft = draftOf(tehran('2026-11-21T09:00:00'));
    await volunteers.startDraft(draft);
    const lifecycle = setUp(async () => undefined);
    await lifecycle.remindAbandonedRegistrations(morning);
    expect(await queued()).toEqual([]);
    expect(await volunteers.getDraft(draft.key)).toBeUndefined();
  });

  it('when it is night in Tehran, then the reminder waits', async () => {
    await reset();
    await volunteers.startDraft(draftOf(tehran('2026-11-21T09:00:00')));
    const lifecycle = setUp(async () => tehran('2026-11-21T09:05:00'));
    await lifecycle.remindAbandonedRegistrations(night);
    await lifecycle.remindAbandonedRegistrations(tehran('2026-11-24T06:59:00'));
    expect(await queued()).toEqual([]);
    expect((await lifecycle.remindAbandonedRegistrations(tehran('2026-11-24T07:00:00'))).sent).toBe(1);
  });
});
