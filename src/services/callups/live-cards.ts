/**
 * One live card per person and call-up. Every card carries its version in its buttons; the invitation keeps the
 * live one's. A new card (the reply to a typed answer, a reminder, a later wave) takes the next version, so a press
 * on any older copy, or forged data, is refused.
 */
import type { CallUp, ChatAddress } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import { deliveryId } from '../../persistence/repositories/delivery.repository.ts';
import { type CallUpContext, campaigns } from './callup-context.ts';

export interface LiveCards {
  /** Throws `CallUpError('superseded')` unless `card` (the version pressed; undefined when typed) is the live one. */
  ensureLive(callUp: CallUp, invitation: Invitation, card: number | undefined): Promise<void>;
  /**
   * A new card is about to be sent (the reply to a typed answer): it becomes the live one. Returns its version and
   * the chat and message of the card it replaces, when known, so that card's buttons can be taken away (the chat
   * may be another of the person's accounts: see domain/identity).
   */
  replace(
    userKey: string,
    callUpId: string,
  ): Promise<{ card: number; previousMessageId: number | undefined; previousChat: ChatAddress }>;
  /**
   * Notes the chat and message of a card sent in reply, unless a newer card has replaced it meanwhile: the person's
   * call-up messages follow the chat they answered in.
   */
  sent(userKey: string, callUpId: string, card: number, messageId: number, chat: ChatAddress): Promise<void>;
}

export function createLiveCards(ctx: CallUpContext): LiveCards {
  const reminderOf = (invitation: Invitation) =>
    deliveryId(campaigns.reminder(invitation.callUpId), invitation.volunteerKey);

  /** The message of the live card: sent in reply, else the reminder once sent, else the card the outbox sent. */
  const liveMessage = async (invitation: Invitation) => {
    if (invitation.cardMessageId !== null) return invitation.cardMessageId;
    const reminder = invitation.remindedAt
      ? (await ctx.deliveries.get(reminderOf(invitation)))?.sentMessageId
      : undefined;
    return reminder ?? (await ctx.deliveries.get(invitation.cardId))?.sentMessageId;
  };

  return {
    async ensureLive(callUp, invitation, card) {
      if (card === undefined || card === invitation.card) return;
      // A reminder takes the next version when it is queued, but replaces the card only once it has gone out: until
      // then (queued, held, or cancelled because the specialty filled) the card before it is the one in the chat.
      const reminderPending =
        card === invitation.card - 1 &&
        invitation.remindedAt !== null &&
        invitation.cardMessageId === null &&
        (await ctx.deliveries.sentAt(reminderOf(invitation))) === undefined;
      if (!reminderPending) throw new CallUpError('superseded', callUp);
    },

    async replace(userKey, callUpId) {
      let previous: Invitation | undefined;
      const updated = await ctx.answers.update(callUpId, userKey, (current) => {
        previous = current;
        return { card: current.card + 1, cardMessageId: null };
      });
      if (!updated || !previous) throw new CallUpError('not_invited');
      const previousChat = { platform: previous.platform, chatId: previous.chatId };
      return { card: updated.card, previousMessageId: await liveMessage(previous), previousChat };
    },

    async sent(userKey, callUpId, card, messageId, chat) {
      await ctx.answers.update(callUpId, userKey, (current) =>
        current.card === card ? { cardMessageId: messageId, platform: chat.platform, chatId: chat.chatId } : {},
      );
    },
  };
}
