import { describe, expect, it } from 'vitest';
import { createCallUpRepository } from '../../../src/persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../../../src/persistence/repositories/callup-answer.repository.ts';
import { aCallUp, anInvitation } from '../../support/callup-fixtures.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const ROUNDS = 15;

const callUpNumber = (n: number) =>
  aCallUp({ id: `lost${String(n).padStart(4, '0')}`, crisisType: 'flood', title: 'آزمون', description: 'آزمون' });

const invitationTo = (callUpId: string) => anInvitation(callUpId, 'telegram:77');

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

describe('the cards a bare «۱/۲/۰» reply may answer', () => {
  const card = (callUpId: string, at: Date) => ({ callUpId, cardId: `callup:${callUpId}:x`, at });

  it('when two instances queue cards to the same volunteers at once, first cards and later ones alike, then none is lost', async () => {
    const [bot, job] = [createCallUpAnswerRepository(database.models), createCallUpAnswerRepository(database.models)];
    const known = 'telegram:cards-known';
    const earlier = card('cards0000', new Date(Date.now() - 60_000));
    await bot.rememberCards([{ volunteerKey: known, card: earlier }]);
    for (let n = 0; n < ROUNDS; n++) {
      const fresh = `telegram:cards-fresh-${n}`;
      const at = new Date();
      const [a, b] = [card(`cardsA${n}`, at), card(`cardsB${n}`, at)];
      await Promise.all([
        bot.rememberCards([fresh, known].map((volunteerKey) => ({ volunteerKey, card: a }))),
        job.rememberCards([fresh, known].map((volunteerKey) => ({ volunteerKey, card: b }))),
      ]);
      const ids = (await bot.recentCards(fresh)).map((c) => c.callUpId);
      expect(ids.sort(), `round ${n}`).toEqual([a.callUpId, b.callUpId].sort());
      expect(
        (await bot.recentCards(known))
          .slice(0, 2)
          .map((c) => c.callUpId)
          .sort(),
        `round ${n}`,
      ).toEqual([a.callUpId, b.callUpId].sort());
    }
  });

  it('when a wave resumed after a crash queues the same cards again, then each is remembered once', async () => {
    const answers = createCallUpAnswerRepository(database.models);
    const [first, second] = [card('again0', new Date(Date.now() - 1000)), card('again1', new Date())];
    const keys = ['telegram:again-a', 'telegram:again-b'];
    await answers.rememberCards(keys.map((volunteerKey) => ({ volunteerKey, card: first })));
    await answers.rememberCards(keys.map((volunteerKey) => ({ volunteerKey, card: second })));
    await answers.rememberCards(keys.map((volunteerKey) => ({ volunteerKey, card: second })));
    for (const key of keys) {
      expect((await answers.recentCards(key)).map((c) => c.callUpId)).toEqual(['again1', 'again0']);
    }
  });

  it('when more cards are queued than are kept, then the newest ones are kept, newest first', async () => {
    const answers = createCallUpAnswerRepository(database.models);
    const volunteerKey = 'telegram:cards-many';
    const callUpIds = Array.from({ length: 8 }, (_, n) => `many${n}`);
    for (const [n, callUpId] of callUpIds.entries()) {
      await answers.rememberCards([{ volunteerKey, card: card(callUpId, new Date(Date.now() + n)) }]);
    }
    const kept = (await answers.recentCards(volunteerKey)).map((c) => c.callUpId);
    expect(kept).toEqual(callUpIds.toReversed().slice(0, kept.length));
    expect(kept.length).toBeLessThan(callUpIds.length);
  });
});
