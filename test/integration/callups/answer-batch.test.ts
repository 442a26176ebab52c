import mongoose from 'mongoose';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import { createI18n } from '../../../src/i18n/index.ts';
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
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const i18n = await createI18n({ defaultLocale: 'fa' });
const repositories = {
  callUps: createCallUpRepository(database.models),
  answers: createCallUpAnswerRepository(database.models),
};

/** One app instance's call-up services, with its own repositories and in-process batches; `cancelled` records the outbox's cancellations. */
function instance(cancelled: { campaignId: string; group?: string }[] = []) {
  const emptyProgress = (campaignId: string): CampaignProgress => ({
    campaignId,
    total: 0,
    counts: { queued: 0, sending: 0, sent: 0, failed: 0, blocked: 0, cancelled: 0 },
    groups: {},
  });
  const volunteers = createVolunteerRepository(database.models);
  const services = createCallUpServices({
    callUps: createCallUpRepository(database.models),
    answers: createCallUpAnswerRepository(database.models),
    volunteers,
    candidates: createQueryCandidates(volunteers),
    outbox: {
      enqueue: async (list) => ({ inserted: list.length, duplicates: 0 }),
      cancel: async (scope) => {
        cancelled.push(scope);
      },
      campaignProgress: async (id) => emptyProgress(id),
      adoptCampaign: () => {},
    },
    deliveries: createDeliveryRepository(database.models),
    chat: { send: async () => 1, edit: async () => true },
    access: adminsOnly([]),
    t: i18n.t,
    now: () => new Date(),
    logger: pino({ level: 'silent' }),
    boardIntervalMs: 60_000,
  });
  return services;
}
const running: ReturnType<typeof instance>[] = [];
afterAll(() => Promise.all(running.map((services) => services.stop())));

/**
 * A call-up for `count` general practitioners (and `others` more places for nurses, none invited) and `invited`
 * volunteers invited to it; returns their keys in invitation order.
 */
async function aCallUpWith(
  id: string,
  count: number,
  invited: number,
  others = 0,
): Promise<{ callUp: CallUp; keys: string[] }> {
  const now = new Date();
  const needs = [{ specialty: 'gp', count }, ...(others > 0 ? [{ specialty: 'nurse', count: others }] : [])];
  const callUp = aCallUp({ id, needs, startsAt: now, createdAt: now, updatedAt: now });
  await repositories.callUps.create(callUp);
  const keys = Array.from({ length: invited }, (_, n) => `telegram:${9000 + n}`);
  await repositories.answers.invite(keys.map((key) => anInvitation(id, key, { invitedAt: now })));
  return { callUp, keys };
}

const WRITES = new Set(['insertOne', 'insertMany', 'updateOne', 'updateMany', 'bulkWrite', 'deleteOne', 'deleteMany']);

describe('answers to one call-up applied in batches (real database)', () => {
  it('when thirty volunteers answer at once, then ten get the seats in arrival order, the rest wait in it, and the database is written a few times per batch, not per answer', async () => {
    const services = instance();
    running.push(services);
    const { callUp, keys } = await aCallUpWith('batch001', 10, 30);
    let writes = 0;
    mongoose.set('debug', (_collection: string, method: string) => {
      if (WRITES.has(method)) writes += 1;
    });
    const outcomes = await Promise.all(keys.map((key) => services.answers.answer(key, callUp.id, 'yes', null)));
    mongoose.set('debug', false);

    expect(outcomes.map((o) => o.kind)).toEqual([...Array(10).fill('confirmed'), ...Array(20).fill('waiting')]);
    const stored = new Map((await repositories.answers.listByCallUp(callUp.id)).map((i) => [i.volunteerKey, i]));
    expect(keys.slice(0, 10).map((key) => stored.get(key)?.seat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const waitingSince = keys.slice(10).map((key) => stored.get(key)!.waitingSince!.getTime());
    expect(waitingSince).toEqual([...waitingSince].sort((a, b) => a - b));
    expect((await repositories.callUps.countSeats(callUp.id)).get('gp')).toBe(10);
    // One answer at a time wrote three or four times each (a lock taken and released, the seat, the answer): 103.
    expect(writes).toBeLessThanOrEqual(20);
  });

  it('when a seat holder drops out in the same burst as a later yes, then the seat goes to the waiting list first', async () => {
    const services = instance();
    running.push(services);
    const { callUp, keys } = await aCallUpWith('batch002', 2, 5);
    const [holderA, holderB, waiting, later, other] = keys as [string, string, string, string, string];
    for (const key of [holderA, holderB, waiting]) await services.answers.answer(key, callUp.id, 'yes', null);

    const [, dropped, laterYes] = await Promise.all([
      services.answers.answer(other, callUp.id, 'no', null),
      services.answers.answer(holderA, callUp.id, 'no', null),
      services.answers.answer(later, callUp.id, 'yes', null),
    ]);
    expect(dropped.kind).toBe('declined');
    expect(laterYes.kind).toBe('waiting');
    expect((await repositories.answers.get(callUp.id, waiting))?.answer).toBe('yes');
    expect((await repositories.callUps.seatHolders(callUp.id, 'gp')).size).toBe(2);
  });

  it('when two instances take answers for the same call-up at once, then no more seats are given than the need', async () => {
    const [a, b] = [instance(), instance()];
    running.push(a, b);
    const { callUp, keys } = await aCallUpWith('batch003', 7, 40);
    const outcomes = await Promise.all(
      keys.map((key, n) => (n % 2 === 0 ? a : b).answers.answer(key, callUp.id, n % 5 === 4 ? 'late' : 'yes', null)),
    );
    expect(outcomes.filter((o) => o.kind === 'confirmed')).toHaveLength(7);
    expect(outcomes.filter((o) => o.kind === 'waiting')).toHaveLength(33);
    const seated = (await repositories.answers.listByCallUp(callUp.id)).filter((i) => i.seat !== null);
    expect(seated.map((i) => i.seat).sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const holders = await repositories.callUps.seatHolders(callUp.id, 'gp');
    expect(new Set(holders.values())).toEqual(new Set(seated.map((i) => i.volunteerKey)));
  });
});

describe('unsent cards of a specialty that fills', () => {
  it('when more volunteers say yes after the seats of their specialty are taken, then its unsent cards are withdrawn once at the fill, not at every later answer', async () => {
    const cancelled: { campaignId: string; group?: string }[] = [];
    const services = instance(cancelled);
    running.push(services);
    // Another specialty still open keeps the call-up recruiting, so each later yes tries for a seat.
    const { callUp, keys } = await aCallUpWith('batch004', 2, 8, 5);
    const [first, second, ...later] = keys as [string, string, ...string[]];
    await services.answers.answer(first, callUp.id, 'yes', null);
    expect(cancelled).toEqual([]);
    await services.answers.answer(second, callUp.id, 'yes', null);
    await services.answers.settled();
    const atFill = cancelled.length;
    expect(atFill).toBeGreaterThan(0);
    expect(cancelled.every((scope) => scope.group === 'gp')).toBe(true);

    for (const key of later.slice(0, 4)) {
      expect((await services.answers.answer(key, callUp.id, 'yes', null)).kind).toBe('waiting');
    }
    await services.answers.settled();
    expect(cancelled).toHaveLength(atFill);

    // A seat given back goes to the first on the waiting list: full again, so cards queued meanwhile are withdrawn.
    await services.answers.answer(first, callUp.id, 'no', null);
    await services.answers.settled();
    expect((await repositories.answers.get(callUp.id, later[0]!))?.answer).toBe('yes');
    expect(cancelled).toHaveLength(2 * atFill);
  });
});

describe('a seat given back', () => {
  it('when a seat holder says no before the seats ever filled, then the seat is free again without reading the waiting list', async () => {
    const services = instance();
    running.push(services);
    const { callUp, keys } = await aCallUpWith('batch005', 3, 6);
    const [holder, other] = keys as [string, string];
    await services.answers.answer(holder, callUp.id, 'yes', null);
    await services.answers.answer(other, callUp.id, 'yes', null);
    const listed: string[] = [];
    mongoose.set('debug', (collection: string, method: string, query: Record<string, unknown>) => {
      if (collection === 'callup_answers' && method === 'find' && query.callUpId !== undefined) listed.push(method);
    });
    const outcome = await services.answers.answer(holder, callUp.id, 'no', null);
    mongoose.set('debug', false);

    expect(outcome.kind).toBe('declined');
    expect(new Set((await repositories.callUps.seatHolders(callUp.id, 'gp')).values())).toEqual(new Set([other]));
    expect(listed).toEqual([]);
  });
});

describe('invitations written in one batch (real database)', () => {
  it('when 150 invitations are changed at once, then all are written and the server keeps answering', async () => {
    const { callUp, keys } = await aCallUpWith('batch004', 1, 150);
    const answeredAt = new Date();
    const written = await repositories.answers.updateMany(
      callUp.id,
      keys,
      async (current) => new Map([...current.keys()].map((key) => [key, { answer: 'no' as const, answeredAt }])),
    );
    expect(written.size).toBe(150);
    const stored = await repositories.answers.listByCallUp(callUp.id);
    expect(stored.filter((i) => i.answer === 'no')).toHaveLength(150);
    expect(await database.models.documentLocks.countDocuments({ _id: { $regex: '^callup_answers:batch004' } })).toBe(0);
  }, 60_000);
});
