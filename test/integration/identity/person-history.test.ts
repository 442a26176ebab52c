import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { seatId } from '../../../src/domain/callups/answer-rules.ts';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import { createAuditRepository } from '../../../src/persistence/repositories/audit.repository.ts';
import { createCallUpReportRepository } from '../../../src/persistence/repositories/callup-report.repository.ts';
import { createIdentityRepository } from '../../../src/persistence/repositories/identity.repository.ts';
import { createPersonHistoryRepository } from '../../../src/persistence/repositories/person-history.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../../../src/persistence/repositories/volunteer.repository.ts';
import { createAuditLog } from '../../../src/services/audit/audit.service.ts';
import { createIdentityServices } from '../../../src/services/identity/identity-services.ts';
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';
import { aVolunteer, tehran } from '../../support/volunteer-fixtures.ts';

const database = await createTestDatabase();
const { models } = database;
const now = () => tehran('2026-11-23T12:00:00');
const repositories = {
  volunteers: createVolunteerRepository(models),
  users: createUserRepository(models),
  identity: createIdentityRepository(models),
  personHistory: createPersonHistoryRepository(models, () => {}),
};
const audit = createAuditLog({ entries: createAuditRepository(models), now });
/** Seats the merge gave back, as the call-ups' waiting list would hear of them. */
const givenBack: string[] = [];
const seats = {
  async givenBack(callUpId: string, specialty: string) {
    givenBack.push(`${callUpId}:${specialty}`);
  },
};
const identity = createIdentityServices({ repositories, audit, seats, logger: pino({ level: 'silent' }), now });
const reports = createCallUpReportRepository(models);

const created = tehran('2026-11-20T10:00:00');
const storedCallUp = (id: string) => {
  const { id: _id, ...rest } = aCallUp({
    id,
    province: 'tehran',
    needs: [{ specialty: 'gp', count: 2 }],
    startsAt: created,
    reachProvinces: ['tehran'],
    filledAt: null,
    createdAt: created,
    updatedAt: created,
  });
  return { _id, ...rest };
};
const storedInvitation = (callUpId: string, key: string, overrides: Partial<Invitation> = {}) => ({
  _id: `${callUpId}:${key}`,
  ...anInvitation(callUpId, key, { province: 'tehran', invitedAt: created, ...overrides }),
});
const answeredAt = (minutes: number) => new Date(created.getTime() + minutes * 60_000);

/**
 * Existing data from before accounts could be linked: the same person registered on Bale and on Telegram, and both
 * accounts were invited to the same call-ups. The start-up pass makes them one person, with one history.
 */
const mobile = { mobile: '+989120091000', mobileVerified: true };
const onBale = aVolunteer({ key: 'bale:91', platform: 'bale', chatId: '91', registeredAt: created, ...mobile });
const onTelegram = aVolunteer({ key: 'telegram:92', chatId: '92', registeredAt: answeredAt(1), ...mobile });
expect(await repositories.volunteers.create(onBale)).toBe(true);
expect(await repositories.volunteers.create(onTelegram)).toBe(true);
await models.callUps.create([storedCallUp('both'), storedCallUp('one'), storedCallUp('twice')] as never);
await models.callUpAnswers.create([
  // Invited on both accounts: "no" on Bale, then "yes" (seat 1) on Telegram.
  storedInvitation('both', onBale.key, { answer: 'no', answeredAt: answeredAt(5) }),
  storedInvitation('both', onTelegram.key, { answer: 'yes', seat: 1, answeredAt: answeredAt(9) }),
  storedInvitation('one', onTelegram.key),
  // "Yes" on both accounts: the person held two seats.
  storedInvitation('twice', onBale.key, { answer: 'yes', seat: 1, answeredAt: answeredAt(3) }),
  storedInvitation('twice', onTelegram.key, { answer: 'yes', seat: 2, answeredAt: answeredAt(4) }),
] as never);
const seat = (callUpId: string, n: number, volunteerKey: string) => ({
  _id: seatId(callUpId, 'gp', n),
  callUpId,
  specialty: 'gp',
  volunteerKey,
  takenAt: answeredAt(9),
});
await models.callUpSeats.create([
  seat('both', 1, onTelegram.key),
  seat('twice', 1, onBale.key),
  seat('twice', 2, onTelegram.key),
]);
await models.servedHours.create({
  _id: `1405-08:${onTelegram.key}`,
  month: '1405-08',
  volunteerKey: onTelegram.key,
  hours: 6,
});
await models.callUpLastCards.create({
  _id: onTelegram.key,
  cards: [{ callUpId: 'one', cardId: 'callup:one:telegram:92', at: created }],
});

describe('one person, one history: call-ups of two accounts merged (real database)', () => {
  it('when the start-up pass merges two accounts both invited to one call-up, then one invitation stays and every figure counts the person once', async () => {
    expect(await identity.migrate()).toEqual({ merged: 1, flagged: 0 });

    const invitations = await models.callUpAnswers.find({ callUpId: 'both' }).lean();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ volunteerKey: onBale.key, answer: 'yes', seat: 1, chatId: '92' });
    expect(await models.callUpSeats.findById(seatId('both', 'gp', 1)).lean()).toMatchObject({
      volunteerKey: onBale.key,
    });
    // Invited only on the other account: the invitation is the person's now, so no later wave asks them again.
    expect(await models.callUpAnswers.findById(`one:${onBale.key}`).lean()).toMatchObject({ platform: 'telegram' });
    expect(await models.callUpAnswers.countDocuments({ volunteerKey: onTelegram.key })).toBe(0);

    const [figures] = (await reports.recent({ kind: 'provinces', provinces: ['tehran'] }, created)).filter(
      (c) => c.id === 'both',
    );
    expect(figures).toMatchObject({ invited: 1, answered: 1, confirmed: 1 });
    expect((await reports.find('both'))?.answers.map((a) => a.answer)).toEqual(['yes']);

    // Two seats of one person: the later answer's goes back, for the waiting list.
    expect(await models.callUpAnswers.find({ callUpId: 'twice' }).lean()).toMatchObject([
      { volunteerKey: onBale.key, seat: 2, chatId: '92' },
    ]);
    expect((await models.callUpSeats.find({ callUpId: 'twice' }).lean()).map((s) => s._id)).toEqual([
      seatId('twice', 'gp', 2),
    ]);
    expect(givenBack).toEqual(['twice:gp']);

    expect(await models.servedHours.findById(`1405-08:${onBale.key}`).lean()).toMatchObject({ hours: 6 });
    expect(await models.callUpLastCards.findById(onBale.key).lean()).toMatchObject({
      cards: [{ callUpId: 'one' }],
    });
    expect(await models.callUpLastCards.findById(onTelegram.key).lean()).toBeNull();
  });

  it('when the start-up pass runs again, then nothing moves twice', async () => {
    expect(await identity.migrate()).toEqual({ merged: 0, flagged: 0 });
    expect(await models.callUpAnswers.countDocuments({ callUpId: 'both' })).toBe(1);
    expect(givenBack).toEqual(['twice:gp']);
    expect(await models.servedHours.findById(`1405-08:${onBale.key}`).lean()).toMatchObject({ hours: 6 });
  });
});
