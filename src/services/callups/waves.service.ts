/**
 * Invitation waves: find who matches, rank them fairly, store one invitation each (the unique `_id` makes a
 * concurrent second wave skip them), record the invitation time for rotation, and queue the cards in the outbox.
 */
import { type CallUp, isRecruiting } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import { holdsSeat } from '../../domain/callups/invitation.ts';
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import { rankCandidates } from '../../domain/callups/ranking.ts';
import { isFresh, nextWaveSize } from '../../domain/callups/waves.ts';
import type { NewDelivery } from '../../persistence/repositories/delivery.repository.ts';
import { type CallUpContext, campaigns, monthKey, priorityOf } from './callup-context.ts';
import { cardMessage } from './callup-texts.ts';
import type { ChatMessage } from './ports.ts';

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
  const choose = async (callUp: CallUp, sizes: Map<string, number>, invited: Set<string>, now: Date) => {
    const criteria = criteriaOf(callUp, [...sizes.keys()]);
    const found = (await ctx.candidates.find(criteria, now)).filter((v) => !invited.has(v.key));
    const served = await ctx.answers.servedInMonth(monthKey(now));
    const ranked = rankCandidates(
      found.map((v) => ({
        ...v,
        verified: v.licence?.status === 'verified',
        servedThisMonth: served.get(v.key) ?? 0,
      })),
    );
    const chosen: MatchFields[] = [];
    for (const [specialty, size] of sizes) {
      chosen.push(...ranked.filter((v) => v.specialty === specialty).slice(0, size));
    }
    return ctx.candidates.confirm ? ctx.candidates.confirm(chosen, criteria, now) : chosen;
  };

  return {
    async send(callUp, options = {}) {
      if (!isRecruiting(callUp)) return 0;
      const now = ctx.now();
      const existing = await ctx.answers.listByCallUp(callUp.id);
      const sizes = new Map<string, number>();
      for (const need of callUp.needs) {
        const mine = existing.filter((i) => i.specialty === need.specialty);
        const pending = options.allLagging
          ? 0
          : mine.filter((i) => i.answer === 'none' && isFresh(i.invitedAt, callUp.urgency, now, ctx.timings)).length;
        const size = nextWaveSize({ need: need.count, confirmed: mine.filter(holdsSeat).length, pending });
        if (size > 0) sizes.set(need.specialty, size);
      }
      if (sizes.size === 0) return 0;

      const chosen = await choose(callUp, sizes, new Set(existing.map((i) => i.volunteerKey)), now);
      const wave = callUp.waves + 1;
      const stored = await ctx.answers.invite(
        chosen.map(
          (v): Invitation => ({
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
            answer: 'none',
            etaMinutes: null,
            answeredAt: null,
            seat: null,
            waitingSince: null,
            remindedAt: null,
            reconfirm: null,
            attended: false,
            hoursCredited: 0,
          }),
        ),
      );
      await ctx.callUps.update(callUp.id, (current) => ({
        waves: Math.max(current.waves, wave),
        lastWaveAt: now,
        updatedAt: now,
      }));
      if (stored.length === 0) return 0;

      // The outbox first: a crash after this point loses at most the rotation stamps, never a card.
      await ctx.outbox.enqueue(
        stored.map((i) => ({
          campaignId: campaigns.cards(callUp.id),
          campaignKind: 'callup',
          priority: priorityOf(callUp),
          platform: i.platform,
          chatId: i.chatId,
          recipientKey: i.volunteerKey,
          group: i.specialty,
          message: toReplyMarkup(cardMessage(ctx.tr(i.locale), i.locale, callUp, i.specialty)),
        })),
      );
      await ctx.volunteers.markInvited(
        stored.map((i) => i.volunteerKey),
        now,
      );
      for (const i of stored) await ctx.answers.setLastCard(i.volunteerKey, callUp.id, now);
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
