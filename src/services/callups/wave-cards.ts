/** A wave's invitations and their cards: what a chosen volunteer is stored as, and how their card is queued. */

import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { MatchFields } from '../../domain/callups/matching.ts';
import { circleOf } from '../../domain/callups/radius.ts';
import { bandOf } from '../../domain/geo/bands.ts';
import { distanceKm } from '../../domain/geo/distance.ts';
import { locationOf } from '../../domain/geo/location-of.ts';
import type { EnqueueOptions } from '../../messaging/outbox/outbox-sender.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import { type CallUpContext, campaigns, cardIdOf, priorityOf } from './callup-context.ts';
import { cardMessage } from './callup-texts.ts';
import type { InvitationRotation } from './rotation.ts';

/** An invitation's state before its card is sent: nothing answered, held, reminded or credited yet. */
export const UNANSWERED = {
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
} as const satisfies Partial<Invitation>;

/** The invitation a chosen volunteer gets in a wave; a second one after a withdrawn card has its own card id. */
export function invitationOf(callUp: CallUp, v: MatchFields, wave: number, now: Date, again: boolean): Invitation {
  const circle = circleOf(callUp);
  const at = circle && locationOf(v);
  return {
    ...(circle && at ? { distanceBand: bandOf(distanceKm(at, circle.center)) } : {}),
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
    ...UNANSWERED,
  };
}

/** Queues the cards of stored invitations; the outbox keeps one delivery per card id, so queuing one again is a no-op. */
export function createCardQueuing(ctx: CallUpContext, rotation: InvitationRotation) {
  return async (callUp: CallUp, invitations: readonly Invitation[], now: Date, options?: EnqueueOptions) => {
    if (invitations.length === 0) return;
    // One text per language, specialty and card version: a wave's thousands of cards share a handful.
    const messages = new Map<string, ReturnType<typeof outboxMessageOf>>();
    const messageOf = (i: Invitation) => {
      const key = `${i.locale}|${i.specialty}|${i.card}`;
      let message = messages.get(key);
      if (!message) {
        message = outboxMessageOf(cardMessage(ctx.tr(i.locale), i.locale, callUp, i.specialty, i.card));
        messages.set(key, message);
      }
      return message;
    };
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
        message: messageOf(i),
      })),
      options,
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
}
