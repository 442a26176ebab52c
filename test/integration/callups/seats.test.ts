import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src/i18n/index.ts';
import { createInvitationMirror } from '../../../src/persistence/invitation-mirror.ts';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../../src/persistence/repositories/callup-answer.repository.ts';
import {
  type CampaignProgress,
  createDeliveryRepository,
} from '../../../src/persistence/repositories/delivery.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { adminsOnly } from '../../../src/services/callups/access.ts';
import { createCallUpServices } from '../../../src/services/callups/callup-services.ts';
import { createQueryCandidates } from '../../../src/services/callups/candidates.ts';
import type { CallUpOutbox } from '../../../src/services/callups/ports.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const i18n = await createI18n({ defaultLocale: 'fa' });
const logger = pino({ level: 'silent' });

const emptyProgress = (campaignId: string): CampaignProgress => ({
  campaignId,
  total: 0,
  counts: { queued: 0, sending: 0, sent: 0, failed: 0, blocked: 0, cancelled: 0 },
  groups: {},
});

/**
 * One app instance's call-up services: own repositories, own in-process lock; the outside world recorded. `alone`:
 * it keeps followed call-ups' invitations and seats in memory, as an instance alone on the database does.
 */
function instance({ alone = false } = {}) {
  const cancelled: { campaignId: string; group?: string }[] = [];
  const outbox: CallUpOutbox = {
    enqueue: async (list) => ({ inserted: list.length, duplicates: 0 }),
    cancel: async (scope) => {
      cancelled.push(scope);
    },
    campaignProgress: async (id) => emptyProgress(id),
    adoptCampaign: () => {},
  };
  const volunteers = createVolunteerRepository(database.models);
  const answers = createCallUpAnswerRepository(database.models);
  const services = createCallUpServices({
    callUps: createCallUpRepository(database.models, alone ? { exclusiveEpoch: () => 1 } : {}),
    answers,
    ...(alone && { followedInvitations: createInvitationMirror(answers, () => 1) }),
    volunteers,
    candidates: createQueryCandidates(volunteers),
    outbox,
    deliveries: createDeliveryRepository(database.models),
    chat: { send: async () => 1, edit: async () => true },
    access: adminsOnly([]),
    t: i18n.t,
    now: clock.now,
    logger,
    boardIntervalMs: 60_000,
  });
  return { services, cancelled };
}

const clock = new TestClock();
const now = clock.now();
const callUp = aCallUp({
  id: 'seats001',
  title: 'آزمون صندلی‌ها',
  needs: [{ specialty: 'gp', count: 3 }],
  startsAt: now,
  lastWaveAt: now,
  createdAt: now,
  updatedAt: now,
});

const invitation = (n: number) => anInvitation(callUp.id, `telegram:${7000 + n}`, { invitedAt: now });

describe('seats under concurrency, without relying on atomic findAndModify', () => {
  it('when two instances confirm ten volunteers for three places at once, then exactly three seats are taken', async () => {
    const repositories = {
      callUps: createCallUpRepository(database.models),
      answers: createCallUpAnswerRepository(database.models),
    };
    await repositories.callUps.create(callUp);
    const invited = Array.from({ length: 10 }, (_, n) => invitation(n));
    await repositories.answers.invite(invited);

    const [a, b] = [instance(), instance()];
    const outcomes = await Promise.all(
      invited.map((i, n) => (n % 2 === 0 ? a : b).services.answers.answer(i.volunteerKey, callUp.id, 'yes', null)),
    );
    expect(outcomes.filter((o) => o.kind === 'confirmed')).toHaveLength(3);
    expect(outcomes.filter((o) => o.kind === 'waiting')).toHaveLength(7);
    expect((await repositories.callUps.countSeats(callUp.id)).get('gp')).toBe(3);
    const seats = await database.models.callUpSeats.find({ callUpId: callUp.id }).lean();
    expect(new Set(seats.map((s) => s.volunteerKey)).size).toBe(3);
    const stored = await repositories.answers.listByCallUp(callUp.id);
    expect(
      stored
        .filter((i) => i.answer === 'yes')
        .map((i) => i.seat)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect((await repositories.callUps.get(callUp.id))?.status).toBe('filled');
    // The instance that filled the last seat stopped the unsent cards of the specialty.
    expect([...a.cancelled, ...b.cancelled]).toContainEqual({ campaignId: `callup:${callUp.id}`, group: 'gp' });
    await Promise.all([a.services.stop(), b.services.stop()]);
  });

  it('when the same seat is claimed twice at the same moment, then one wins and the other is told it is taken', async () => {
    const repos = [createCallUpRepository(database.models), createCallUpRepository(database.models)];
    const seat = { id: 'seats002:gp:seat1', callUpId: 'seats002', specialty: 'gp', at: clock.now() };
    const results = await Promise.all([
      repos[0]!.takeSeat({ ...seat, volunteerKey: 'telegram:1' }),
      repos[1]!.takeSeat({ ...seat, volunteerKey: 'telegram:2' }),
    ]);
    expect(results.sort()).toEqual(['occupied', 'taken']);
    expect(await repos[0]!.takeSeat({ ...seat, volunteerKey: (await winner())! })).toBe('already_mine');

    async function winner() {
      return (await database.models.callUpSeats.findById(seat.id).lean())?.volunteerKey;
    }
  });

  it('when a seat is given back outside an answer (two accounts merged), then the first on the waiting list takes it and the call-up stays filled', async () => {
    const { services } = instance();
    const repositories = {
      callUps: createCallUpRepository(database.models),
      answers: createCallUpAnswerRepository(database.models),
    };
    const merged = { ...callUp, id: 'seats003', needs: [{ specialty: 'gp', count: 1 }] };
    await repositories.callUps.create(merged);
    const [holder, waiting] = [0, 1].map((n) => anInvitation(merged.id, `telegram:${7100 + n}`, { invitedAt: now }));
    await repositories.answers.invite([holder!, waiting!]);
    expect(await services.answers.answer(holder!.volunteerKey, merged.id, 'yes', null)).toMatchObject({
      kind: 'confirmed',
    });
    expect(await services.answers.answer(waiting!.volunteerKey, merged.id, 'yes', null)).toMatchObject({
      kind: 'waiting',
    });
    // The merge gave the seat back (the person kept their other account's invitation).
    await database.models.callUpSeats.deleteOne({ callUpId: merged.id, volunteerKey: holder!.volunteerKey });
    await repositories.answers.update(merged.id, holder!.volunteerKey, () => ({ answer: 'no', seat: null }));

    await services.answers.seatGivenBack(merged.id, 'gp');
    expect(await repositories.answers.get(merged.id, waiting!.volunteerKey)).toMatchObject({ answer: 'yes', seat: 1 });
    expect((await repositories.callUps.get(merged.id))?.status).toBe('filled');
    await services.stop();
  });

  it('when the first on the waiting list left by a write this instance did not hear, then the seat goes to the next', async () => {
    const { services } = instance({ alone: true });
    const repositories = {
      callUps: createCallUpRepository(database.models),
      answers: createCallUpAnswerRepository(database.models),
    };
    const full = { ...callUp, id: 'seats004', needs: [{ specialty: 'gp', count: 1 }] };
    await repositories.callUps.create(full);
    const [holder, first, second] = [0, 1, 2].map((n) =>
      anInvitation(full.id, `telegram:${7200 + n}`, { invitedAt: now }),
    );
    await repositories.answers.invite([holder!, first!, second!]);
    for (const i of [holder!, first!, second!]) await services.answers.answer(i.volunteerKey, full.id, 'yes', null);
    expect(await repositories.answers.get(full.id, first!.volunteerKey)).toMatchObject({ answer: 'waiting' });
    // Written another way than through this instance's repository (an erasure, a merge): its memory still lists them.
    await repositories.answers.update(full.id, first!.volunteerKey, () => ({ answer: 'no', waitingSince: null }));

    await services.answers.answer(holder!.volunteerKey, full.id, 'no', null);
    expect(await repositories.answers.get(full.id, first!.volunteerKey)).toMatchObject({ answer: 'no', seat: null });
    expect(await repositories.answers.get(full.id, second!.volunteerKey)).toMatchObject({ answer: 'yes', seat: 1 });
    await services.stop();
  });
});
