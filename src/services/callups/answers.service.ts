/**
 * A volunteer's answer to a card, checked against their invitation: seats are taken with a unique insert per seat,
 * one batch of answers at a time per call-up in this process (answer-batch.ts), so two people confirming at once
 * never overfill a need. A "yes" without a free seat waits on the list; a drop-out moves the list up.
 */
import { planAnswer } from '../../domain/callups/answer-rules.ts';
import { acceptsAnswers, type CallUp, type ChatAddress, takesReconfirmation } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import { type Choice, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import type { OutgoingMessage } from '../../messaging/outgoing-message.ts';
import { createGroupCommit, STREAM_GATHER } from '../../persistence/group-commit.ts';
import { type AnswerRequest, applyAnswerBatch } from './answer-batch.ts';
import type { CallUpContext } from './callup-context.ts';
import { createLiveCards, type LiveCards } from './live-cards.ts';
import { afterSeats, decline, seatGivenBack, takeFreeSeat } from './seats.ts';
import { createTopUps } from './top-ups.ts';

export type AnswerOutcome =
  | { kind: 'confirmed'; callUp: CallUp; invitation: Invitation; newSeat: boolean }
  | { kind: 'waiting'; callUp: CallUp; invitation: Invitation }
  | { kind: 'declined'; callUp: CallUp; invitation: Invitation };

export interface Answers {
  /**
   * Records an answer from the invited volunteer; throws `CallUpError` for forged, foreign or stale taps. `card`: the
   * version of the card pressed (only the live card answers); undefined for a typed answer.
   */
  answer(
    userKey: string,
    callUpId: string,
    choice: Choice,
    etaMinutes: number | null,
    card?: number,
  ): Promise<AnswerOutcome>;
  /** The invitation, for showing the answer buttons again; throws like `answer`. */
  check(userKey: string, callUpId: string, card?: number): Promise<{ callUp: CallUp; invitation: Invitation }>;
  /** A card is about to be sent in reply to a typed answer: it becomes the one live card (see `LiveCards`). */
  replaceCard: LiveCards['replace'];
  /** The message of that card, to take its buttons away when it is replaced in turn. */
  cardSent: LiveCards['sent'];
  /** Shows the answer on a card left in another chat of the person (their other messenger), without buttons. */
  retireElsewhere(chat: ChatAddress, messageId: number, card: OutgoingMessage): Promise<void>;
  /** The day-before answer of a planned call-up; "not coming" frees the seat for the waiting list. */
  reconfirm(userKey: string, callUpId: string, coming: boolean): Promise<AnswerOutcome>;
  /** The call-up a bare «۱/۲/۰» reply answers: the card that reached the volunteer last, if recently. */
  lastCard(userKey: string): Promise<string | undefined>;
  /** A seat freed outside an answer (see seatGivenBack): the waiting list moves up, the board follows. */
  seatGivenBack(callUpId: string, specialty: string): Promise<void>;
  /** Background work started by answers (top-up waves), for a clean stop. */
  settled(): Promise<void>;
}

/** A numbered reply answers a card only this soon after it arrived; later a bare number likely means something else. */
const NUMBERED_REPLY_MS = 6 * 3_600_000;

/** Most answers applied together: a bigger batch would make its first answers wait for its last. */
const ANSWER_BATCH = 200;

/** Volunteers' answers to their cards; `hooks.touch` refreshes the board, `hooks.topUp` invites more after a "can't". */
export function createAnswers(
  ctx: CallUpContext,
  hooks: { touch: (callUpId: string) => void; topUp: (callUp: CallUp, declinedAt: number) => Promise<unknown> },
): Answers {
  const liveCards = createLiveCards(ctx);
  const topUps = createTopUps((callUp, declinedAt) => ctx.later(hooks.topUp(callUp, declinedAt)));

  // Answers that arrive while a batch of the same call-up is applied go together in the next one.
  const submit = createGroupCommit<AnswerRequest, AnswerOutcome>(
    (callUpId, requests) =>
      ctx.lock(callUpId, async () => {
        const started = Date.now();
        const deps = {
          liveCards,
          answerOne: (request: AnswerRequest) => answerAlone(ctx, liveCards, callUpId, request),
        };
        const settled = await applyAnswerBatch(ctx, deps, callUpId, requests);
        ctx.logger.debug({ callUpId, answers: requests.length, ms: Date.now() - started }, 'answer batch applied');
        return settled;
      }),
    ANSWER_BATCH,
    STREAM_GATHER,
  );

  return {
    async answer(userKey, callUpId, choice, etaMinutes, card) {
      const outcome = await submit(callUpId, { userKey, choice, etaMinutes, card, arrivedAt: ctx.now() });
      hooks.touch(callUpId);
      if (outcome.kind === 'declined' && outcome.callUp.status === 'open') topUps.soon(outcome.callUp);
      if (ctx.afterAnswer) ctx.later(ctx.afterAnswer(outcome));
      return outcome;
    },

    async check(userKey, callUpId, card) {
      const loaded = await loadInvitation(ctx, userKey, callUpId);
      if (loaded.callUp.status === 'cancelled') throw new CallUpError('cancelled', loaded.callUp);
      if (!acceptsAnswers(loaded.callUp, ctx.now())) throw new CallUpError('ended', loaded.callUp);
      await liveCards.ensureLive(loaded.callUp, loaded.invitation, card);
      return loaded;
    },

    replaceCard: liveCards.replace,
    cardSent: liveCards.sent,
    async retireElsewhere(chat, messageId, card) {
      await ctx.chat.edit(chat, messageId, { text: card.text });
    },

    async reconfirm(userKey, callUpId, coming) {
      const outcome = await ctx.lock(callUpId, () => reconfirmSeat(ctx, userKey, callUpId, coming));
      hooks.touch(callUpId);
      return outcome;
    },

    lastCard: (userKey) => lastCardSent(ctx, userKey),

    async seatGivenBack(callUpId, specialty) {
      await seatGivenBack(ctx, callUpId, specialty);
      hooks.touch(callUpId);
    },

    async settled() {
      topUps.flush();
      await ctx.settled();
    },
  };
}

/** The call-up and the volunteer's invitation to it; throws `CallUpError` when there is none to answer. */
async function loadInvitation(ctx: CallUpContext, userKey: string, callUpId: string) {
  const callUp = await ctx.callUps.get(callUpId);
  if (!callUp) throw new CallUpError('unknown');
  const invitation = await ctx.answers.get(callUpId, userKey);
  if (!invitation) throw new CallUpError('not_invited', callUp);
  if (invitation.withdrawnAt === null) return { callUp, invitation };
  // Withdrawn while a sender already had the card in hand: if it did arrive, the answer counts after all.
  if ((await ctx.deliveries.sentAt(invitation.cardId)) === undefined) throw new CallUpError('not_invited', callUp);
  const restored = await ctx.answers.update(callUpId, userKey, () => ({ withdrawnAt: null }));
  return { callUp, invitation: restored ?? { ...invitation, withdrawnAt: null } };
}

/** One answer on its own, under the call-up's lock: what a batch cannot take as it is. */
async function answerAlone(
  ctx: CallUpContext,
  liveCards: LiveCards,
  callUpId: string,
  request: AnswerRequest,
): Promise<AnswerOutcome> {
  const { userKey, choice, etaMinutes, card, arrivedAt } = request;
  const { callUp, invitation } = await loadInvitation(ctx, userKey, callUpId);
  const at = ctx.now();
  const plan = planAnswer(callUp, invitation, choice, at);
  if (plan.kind === 'refuse') throw new CallUpError(plan.reason, callUp);
  await liveCards.ensureLive(callUp, invitation, card);
  const eta = choice === 'late' ? etaMinutes : null;
  switch (plan.kind) {
    case 'decline': {
      const { current, updated } = await decline(ctx, callUp, invitation, at);
      return { kind: 'declined', callUp: current, invitation: updated };
    }
    case 'keep_seat': {
      const updated = await ctx.answers.update(callUpId, userKey, () => ({
        answer: plan.answer,
        etaMinutes: eta,
        answeredAt: at,
      }));
      return { kind: 'confirmed', callUp, invitation: updated ?? invitation, newSeat: false };
    }
    case 'claim_seat': {
      const seat = await takeFreeSeat(ctx, callUp, invitation.specialty, userKey, at);
      if (seat !== undefined) {
        const updated = await ctx.answers.update(callUpId, userKey, () => ({
          answer: plan.answer,
          etaMinutes: eta,
          seat,
          waitingSince: null,
          answeredAt: at,
        }));
        const current = await afterSeats(ctx, callUp, invitation.specialty, at, true);
        return { kind: 'confirmed', callUp: current, invitation: updated ?? invitation, newSeat: true };
      }
      // The last seat went to someone else a moment ago: the need is met after all.
      await afterSeats(ctx, callUp, invitation.specialty, at, false);
      break;
    }
    case 'wait':
      break;
  }
  const updated = await ctx.answers.update(callUpId, userKey, (current) => ({
    answer: 'waiting',
    etaMinutes: eta,
    waitingSince: current.waitingSince ?? arrivedAt,
    answeredAt: at,
  }));
  return { kind: 'waiting', callUp, invitation: updated ?? invitation };
}

/** The day-before answer, under the call-up's lock: "coming" keeps the seat, "not coming" gives it back. */
async function reconfirmSeat(
  ctx: CallUpContext,
  userKey: string,
  callUpId: string,
  coming: boolean,
): Promise<AnswerOutcome> {
  const { callUp, invitation } = await loadInvitation(ctx, userKey, callUpId);
  const at = ctx.now();
  if (callUp.status === 'cancelled') throw new CallUpError('cancelled', callUp);
  if (!takesReconfirmation(callUp, at)) throw new CallUpError('ended', callUp);
  if (invitation.reconfirm !== 'asked' || !holdsSeat(invitation)) throw new CallUpError('stale', callUp);
  if (!coming) {
    const { current, updated } = await decline(ctx, callUp, invitation, at, { reconfirm: 'no' });
    return { kind: 'declined', callUp: current, invitation: updated };
  }
  const updated = await ctx.answers.update(callUpId, userKey, () => ({ reconfirm: 'yes' }));
  return { kind: 'confirmed', callUp, invitation: updated ?? invitation, newSeat: false };
}

/** The call-up of the card the outbox sent the volunteer last, if within `NUMBERED_REPLY_MS`. */
async function lastCardSent(ctx: CallUpContext, userKey: string): Promise<string | undefined> {
  // Queued is not received: only a card the outbox recorded as sent, and sent recently, can be answered so.
  const now = ctx.now().getTime();
  let last: { callUpId: string; sentAt: number } | undefined;
  for (const card of await ctx.answers.recentCards(userKey)) {
    const sentAt = (await ctx.deliveries.sentAt(card.cardId))?.getTime();
    if (sentAt === undefined || now - sentAt > NUMBERED_REPLY_MS) continue;
    if (!last || sentAt > last.sentAt) last = { callUpId: card.callUpId, sentAt };
  }
  return last?.callUpId;
}
