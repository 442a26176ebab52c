/**
 * Invitation waves: find who matches, rank them fairly, store one invitation each (the unique `_id` makes a
 * concurrent second wave skip them), record the invitation time for rotation, and queue the cards in the outbox.
 * Someone whose card was withdrawn unsent (their specialty had filled) may be invited again when it reopens.
 */
import { type CallUp, isRecruiting } from '../../domain/callups/callup.ts';
import { awaitsAnswer, holdsSeat, type Invitation, isWithdrawn } from '../../domain/callups/invitation.ts';
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import { rankCandidates } from '../../domain/callups/ranking.ts';
import { isFresh, nextWaveSize } from '../../domain/callups/waves.ts';
import type { NewDelivery } from '../../persistence/repositories/delivery.repository.ts';
import { type CallUpContext, campaigns, cardIdOf, monthKey, priorityOf } from './callup-context.ts';
import { cardMessage } from './callup-texts.ts';
import type { ChatMessage } from './ports.ts';
import { createInvitationRotation } from './rotation.ts';

export interface Waves {
  /**
   * Invites the next wave where the need is not met: three per open seat, minus those still expected to answer.
   * `allLagging` (the wave timer ran out) counts every unanswered invitation as lagging. Returns how many were invited.
   */
  send(callUp: CallUp, options?: { allLagging?: boolean }): Promise<number>;
  /** How many would be invited per specialty right now, before anyone is asked (the creation preview). */
  matchCounts(criteria: MatchCriteria): Promise<Map<string, number>>;
}

export function toReplyMarkup(message: ChatMessage): NewDelivery['message'] {
  return {
    text: message.text,
    ...(message.buttons
      ? {
          replyMarkup: {
            inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))),
          },
        }
      : {}),
  };
}

export function criteriaOf(callUp: CallUp, specialties?: readonly string[]): MatchCriteria {
  return {
    specialties: specialties ?? callUp.needs.map((n) => n.specialty),
    provinces: callUp.reachProvinces,
    urgency: callUp.urgency,
    startsAt: callUp.startsAt,
  };
}

export function createWaves(ctx: CallUpContext, onInvited: (callUpId: string) => void): Waves {
  const rotation = createInvitationRotation(ctx.answers, ctx.now);
  const choose = async (callUp: CallUp, sizes: Map<string, number>, invited: Set<string>, now: Date) => {
    const criteria = criteriaOf(callUp, [...sizes.keys()]);
    const found = (await ctx.candidates.find(criteria, now)).filter((v) => !invited.has(v.key));
    const served = await ctx.answers.servedInMonth(monthKey(now));
    await rotation.sync();
    const ranked = rankCandidates(
      found.map((v) => ({
        ...v,
        verified: v.licence?.status === 'verified',
        lastInvitedAt: rotation.lastInvitedAt(v.key),
        servedThisMonth: served.get(v.key) ?? 0,
      })),
    );
    const chosen: MatchFields[] = [];
    for (const [specialty, size] of sizes) {
      chosen.push(...ranked.filter((v) => v.specialty === specialty).slice(0, size));
    }
    return ctx.candidates.confirm ? ctx.candidates.confirm(chosen, criteria, now) : chosen;
  };

  /** The invitation a chosen volunteer gets in this wave; a second one after a withdrawn card has its own card id. */
  const invitationOf = (callUp: CallUp, v: MatchFields, wave: number, now: Date, again: boolean): Invitation => ({
    callUpId: callUp.id,
    volunteerKey: v.key,
    platform: v.platform,
    chatId: v.chatId,
    locale: v.locale,
    specialty: v.specialty,
    province: v.province,
    verified: v.licence?.status === 'verified',
    wave,
    invitedAt: now,
    cardId: cardIdOf(callUp.id, v.key, again ? wave : undefined),
    // A card sent again in a later wave is a new card: one withdrawn but already on its way is then the older.
    card: again ? wave : 0,
    cardMessageId: null,
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

  /** Invites again those whose earlier card was withdrawn unsent; only the call that finds them withdrawn does. */
  const inviteAgain = async (invitations: readonly Invitation[]) => {
    const stored: Invitation[] = [];
    for (const { callUpId, volunteerKey, ...fresh } of invitations) {
      let renewed = false;
      await ctx.answers.update(callUpId, volunteerKey, (current) => {
        renewed = current.withdrawnAt !== null && current.answer === 'none';
        return renewed ? fresh : {};
      });
      if (renewed) stored.push({ callUpId, volunteerKey, ...fresh });
    }
    return stored;
  };

  return {
    async send(given, options = {}) {
      // Read again: the caller's copy may be from before it was filled, closed or cancelled (a job's list).
      const callUp = await ctx.callUps.get(given.id);
      if (!callUp || !isRecruiting(callUp)) return 0;
      const now = ctx.now();
      const existing = await ctx.answers.listByCallUp(callUp.id);
      const sizes = new Map<string, number>();
      for (const need of callUp.needs) {
        const mine = existing.filter((i) => i.specialty === need.specialty);
        const pending = options.allLagging
          ? 0
          : mine.filter((i) => awaitsAnswer(i) && isFresh(i.invitedAt, callUp.urgency, now, ctx.timings)).length;
        const size = nextWaveSize({ need: need.count, confirmed: mine.filter(holdsSeat).length, pending });
        if (size > 0) sizes.set(need.specialty, size);
      }
      if (sizes.size === 0) return 0;

      const withdrawn = new Set(existing.filter(isWithdrawn).map((i) => i.volunteerKey));
      const asked = new Set(existing.filter((i) => !isWithdrawn(i)).map((i) => i.volunteerKey));
      const chosen = await choose(callUp, sizes, asked, now);
      const wave = callUp.waves + 1;
      const stored = [
        ...(await ctx.answers.invite(
          chosen.filter((v) => !withdrawn.has(v.key)).map((v) => invitationOf(callUp, v, wave, now, false)),
        )),
        ...(await inviteAgain(
          chosen.filter((v) => withdrawn.has(v.key)).map((v) => invitationOf(callUp, v, wave, now, true)),
        )),
      ];
      await ctx.callUps.update(callUp.id, (current) => ({
        waves: Math.max(current.waves, wave),
        lastWaveAt: now,
        updatedAt: now,
      }));
      if (stored.length === 0) return 0;

      // The outbox first: a crash after this point loses at most the remembered cards, never a card.
      await ctx.outbox.enqueue(
        stored.map((i) => ({
          id: i.cardId,
          campaignId: campaigns.cards(callUp.id),
          campaignKind: 'callup',
          priority: priorityOf(callUp),
          platform: i.platform,
          chatId: i.chatId,
          recipientKey: i.volunteerKey,
          group: i.specialty,
          message: toReplyMarkup(cardMessage(ctx.tr(i.locale), i.locale, callUp, i.specialty, i.card)),
        })),
      );
      rotation.noteInvited(
        stored.map((i) => i.volunteerKey),
        now,
      );
      await ctx.answers.rememberCards(
        stored.map((i) => ({ volunteerKey: i.volunteerKey, card: { callUpId: callUp.id, cardId: i.cardId, at: now } })),
      );
      ctx.logger.info({ callUpId: callUp.id, wave, invited: stored.length }, 'call-up wave queued');
      onInvited(callUp.id);
      return stored.length;
    },

    async matchCounts(criteria) {
      const found = await ctx.candidates.find(criteria, ctx.now());
      const counts = new Map<string, number>(criteria.specialties.map((s) => [s, 0]));
      for (const v of found) counts.set(v.specialty, (counts.get(v.specialty) ?? 0) + 1);
      return counts;
    },
  };
}
