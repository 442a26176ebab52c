import { describe, expect, it } from 'vitest';
import type { CallUp } from '../../../src/domain/callups/callup.ts';
import type { Invitation } from '../../../src/domain/callups/invitation.ts';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../../src/persistence/repositories/callup-answer.repository.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const ROUNDS = 15;

const callUpNumber = (n: number): CallUp => {
  const now = new Date();
  return {
    id: `lost${String(n).padStart(4, '0')}`,
    status: 'open',
    crisisType: 'flood',
    urgency: 'immediate',
    drill: false,
    title: 'آزمون',
    description: 'آزمون',
    province: 'tehran',
    city: 'تهران',
    location: null,
    needs: [{ specialty: 'gp', count: 1 }],
    startsAt: now,
    startsNow: true,
    durationHours: 4,
    meetingPoint: 'اینجا',
    contact: 'آن‌جا',
    coordinator: { key: 'telegram:1', platform: 'telegram', chatId: '1', locale: 'fa' },
    statusMessageId: 1,
    reachProvinces: ['tehran'],
    extendedAt: null,
    escalatedAt: null,
    lastWaveAt: now,
    waves: 1,
    specialtyFilledAt: [],
    filledAt: null,
    closedAt: null,
    cancelledAt: null,
    reconfirmAskedAt: null,
    wrapUpSentAt: null,
    attendanceSavedAt: null,
    notices: 0,
    createdAt: now,
    updatedAt: now,
  };
};

const invitationTo = (callUpId: string): Invitation => ({
  callUpId,
  volunteerKey: 'telegram:77',
  platform: 'telegram',
  chatId: '77',
  locale: 'fa',
  specialty: 'gp',
  province: 'tehran',
  verified: false,
  wave: 1,
  invitedAt: new Date(),
  cardId: `callup:${callUpId}:telegram:77`,
  withdrawnAt: null,
  answer: 'none',
  etaMinutes: null,
  answeredAt: null,
  seat: null,
  waitingSince: null,
  remindedAt: null,
  reconfirm: null,
  attended: false,
  hoursCredited: 0,
});

/**
 * Two instances (each with its own repositories, so nothing in one process orders their writes) changing different
 * fields of the same document at the same moment, as the bot and a job instance do. FerretDB v1 rewrites the whole
 * document on every update, so without a lease one of the two writes is regularly lost.
 */
describe('call-up documents written by two instances at once', () => {
  it('when the bot fills a call-up while a job records a wave, then neither change is lost', async () => {
    const [bot, job] = [createCallUpRepository(database.models), createCallUpRepository(database.models)];
    for (let n = 0; n < ROUNDS; n++) {
      const callUp = callUpNumber(n);
      await bot.create(callUp);
      const filledAt = new Date();
      await Promise.all([
        bot.update(callUp.id, () => ({ status: 'filled', filledAt })),
        job.update(callUp.id, (current) => ({ waves: current.waves + 1, lastWaveAt: filledAt })),
      ]);
      expect(await bot.get(callUp.id), `round ${n}`).toMatchObject({ status: 'filled', filledAt, waves: 2 });
    }
  });

  it('when a volunteer answers while the escalation job stamps a reminder, then both are kept', async () => {
    const [bot, job] = [createCallUpAnswerRepository(database.models), createCallUpAnswerRepository(database.models)];
    for (let n = 0; n < ROUNDS; n++) {
      const invitation = invitationTo(`ans${String(n).padStart(5, '0')}`);
      await bot.invite([invitation]);
      const at = new Date();
      await Promise.all([
        bot.update(invitation.callUpId, invitation.volunteerKey, () => ({ answer: 'yes', seat: 1, answeredAt: at })),
        job.update(invitation.callUpId, invitation.volunteerKey, () => ({ remindedAt: at })),
      ]);
      expect(await bot.get(invitation.callUpId, invitation.volunteerKey), `round ${n}`).toMatchObject({
        answer: 'yes',
        seat: 1,
        remindedAt: at,
      });
    }
  });
});
