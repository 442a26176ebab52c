/**
 * What every invitation wave shares: choosing whom to ask (fairly ranked), and queuing their cards chunk by chunk —
 * invitations stored (the unique `_id` makes a concurrent second wave skip them), cards in the outbox, cards
 * remembered for a numbered reply — so the first cards go out while the rest of a large wave is still being written.
 */
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import { rankCandidates } from '../../domain/callups/ranking.ts';
import type { NewDelivery } from '../../persistence/repositories/delivery.repository.ts';
import { type CallUpContext, campaigns, cardIdOf, monthKey, priorityOf } from './callup-context.ts';
import { cardMessage } from './callup-texts.ts';
import type { ChatMessage, ConfirmOptions } from './ports.ts';
import { createInvitationRotation } from './rotation.ts';

/** The first chunk is small, so its cards reach the sender within a second of the confirm. */
const FIRST_CHUNK = 50;
/** The largest chunk: what FerretDB inserts in one go (see insert-unordered.ts). */
const CHUNK = 500;

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

export interface WaveQueue {
  /**
   * Up to `sizes` per specialty of the best-ranked matching volunteers, leaving out those in `asked`; from the
   * candidate source as it is, so they are re-read (`confirm`, or inside `queue`) before anyone is invited.
   */
  choose(callUp: CallUp, sizes: Map<string, number>, asked: Set<string>, now: Date): Promise<MatchFields[]>;
  /** Keeps the candidates whose record still matches (the in-process index may be stale). */
  confirm(callUp: CallUp, candidates: readonly MatchFields[], now: Date): Promise<MatchFields[]>;
  /** The invitation a chosen volunteer gets in this wave; a second one after a withdrawn card has its own card id. */
  invitationOf(callUp: CallUp, v: MatchFields, wave: number, now: Date, again: boolean): Invitation;
  /**
   * Confirms the chosen and invites them chunk by chunk, queuing the card of each invitation this call stored; the
   * first chunk is confirmed on its own, so its cards do not wait for the rest to be re-read. `onChunk` runs after
   * each chunk, and no further chunk is queued once it returns false. Returns how many were invited.
   */
  queue(
    callUp: CallUp,
    chosen: readonly MatchFields[],
    invitationOf: (v: MatchFields) => Invitation,
    now: Date,
    onChunk?: () => boolean,
  ): Promise<number>;
  /** Queues the cards of invitations stored already; the outbox keeps one delivery per card id. */
  queueCards(callUp: CallUp, invitations: readonly Invitation[], now: Date): Promise<void>;
}

export function createWaveQueue(ctx: CallUpContext): WaveQueue {
  const rotation = createInvitationRotation(ctx.answers, ctx.now);

  const confirm = async (callUp: CallUp, candidates: readonly MatchFields[], now: Date, options?: ConfirmOptions) => {
    if (!ctx.candidates.confirm || candidates.length === 0) return [...candidates];
    const specialties = [...new Set(candidates.map((v) => v.specialty))];
    return ctx.candidates.confirm(candidates, criteriaOf(callUp, specialties), now, options);
  };

  const queueCards = async (callUp: CallUp, invitations: readonly Invitation[], now: Date) => {
    if (invitations.length === 0) return;
    // The outbox first: a crash after this point loses at most the remembered cards, never a card.
    await ctx.outbox.enqueue(
      invitations.map((i) => ({
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
      invitations.map((i) => i.volunteerKey),
      now,
    );
    await ctx.answers.rememberCards(
      invitations.map((i) => ({
        volunteerKey: i.volunteerKey,
        card: { callUpId: callUp.id, cardId: i.cardId, at: now },
      })),
    );
  };

  return {
    async choose(callUp, sizes, asked, now) {
      const criteria = criteriaOf(callUp, [...sizes.keys()]);
      const found = (await ctx.candidates.find(criteria, now)).filter((v) => !asked.has(v.key));
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
      return chosen;
    },

    invitationOf: (callUp, v, wave, now, again) => ({
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
    }),

    async queue(callUp, chosen, invitationOf, now, onChunk) {
      const store = async (candidates: readonly MatchFields[]) => {
        const mine = await ctx.answers.invite(candidates.map(invitationOf));
        await queueCards(callUp, mine, now);
        return mine.length;
      };
      // The first few by `_id` (a scan costs more than their latency), the rest with one query while they are written.
      const first = await confirm(callUp, chosen.slice(0, FIRST_CHUNK), now, { byId: true });
      const confirming = confirm(callUp, chosen.slice(FIRST_CHUNK), now);
      confirming.catch(() => {});
      let invited = await store(first);
      if (onChunk && !onChunk()) return invited;
      const rest = await confirming;
      // Chunks double up to CHUNK, so the next cards are ready before the sender has sent the ones before them.
      for (
        let start = 0, size = 2 * FIRST_CHUNK;
        start < rest.length;
        start += size, size = Math.min(CHUNK, 2 * size)
      ) {
        invited += await store(rest.slice(start, start + size));
        if (onChunk && !onChunk()) break;
      }
      return invited;
    },

    confirm,
    queueCards,
  };
}
