/**
 * "Send through the outbox": notices to many people (check-ins, pledge ends, staff notices) queued as deliveries of
 * the persistent outbox, which keeps the platforms' rate limits, holds routine ones through Tehran's night, retries
 * failures, marks blocked chats unreachable and survives a crash. Call-up cards and announcements queue in the same
 * outbox with their own priorities, their messages converted by the same `outboxMessageOf`.
 */

import type { ChatAddress } from '../domain/callups/callup.ts';
import type { Platform } from '../domain/platform.ts';
import type { Outbox, OutboxSender } from './outbox/outbox-sender.ts';
import type { OutgoingMessage } from './outgoing-message.ts';
import { outboxMessageOf } from './reply-markup.ts';

/** After urgent, urgent-but-later and scheduled call-ups and drills (0–30), before announcements (100). */
export const NOTICE_PRIORITY = 50;
/** Before every call-up's cards: the rest of an answer to someone who just pressed a button. */
export const REPLY_PRIORITY = -10;

/** A message for one person among many. */
export interface QueuedMessage {
  /** Names the occurrence (e.g. this volunteer's check-in due at this time), so queuing it again stores it once. */
  id: string;
  to: ChatAddress;
  userKey: string;
  message: OutgoingMessage;
}

export interface SendThroughOutbox {
  /**
   * Queues messages under one campaign; one already queued under the same id is kept as it is. `urgent` ones (staff
   * asked to act) go at any hour; the others wait for the end of the quiet hours, like news.
   */
  enqueue(campaignId: string, messages: readonly QueuedMessage[], options?: { urgent?: boolean }): Promise<void>;
}

/**
 * The rest of a reply already given (an answer's details and its map pin, after the toast and the edited card),
 * queued rather than sent on an instance that is not the platform's sender: no one waits on it as on those, and the
 * one sender then keeps the fleet's rate with no slots kept back for this instance's direct sends (see FleetBudget;
 * `npm run bench -- instances`). It goes before any card, at any hour, in order. The sender itself sends it directly
 * from its own share, at no cost to the others and with no writes to the outbox.
 */
export interface QueuedReplies {
  /** Whether the rest of a reply on this platform is queued: while another instance is the platform's sender. */
  queues(platform: Platform): boolean;
  /** `update` names the update answered (its id; with the chat), so a redelivered update queues them once. */
  send(update: string, to: ChatAddress, userKey: string, messages: readonly OutgoingMessage[]): Promise<void>;
}

export function createQueuedReplies(outbox: Pick<OutboxSender, 'enqueue' | 'standsBy'>): QueuedReplies {
  return {
    queues: (platform) => outbox.standsBy(platform),
    async send(update, to, userKey, messages) {
      if (messages.length === 0) return;
      await outbox.enqueue(
        messages.map((message, n) => ({
          id: `reply:${to.platform}:${to.chatId}:${update}:${n}`,
          campaignId: 'replies',
          campaignKind: 'reply',
          priority: REPLY_PRIORITY,
          platform: to.platform,
          chatId: to.chatId,
          recipientKey: userKey,
          message: outboxMessageOf(message),
        })),
      );
    },
  };
}

export function createSendThroughOutbox(outbox: Pick<Outbox, 'enqueue'>): SendThroughOutbox {
  return {
    async enqueue(campaignId, messages, options) {
      if (messages.length === 0) return;
      const campaignKind = options?.urgent ? 'staff-notice' : 'notice';
      await outbox.enqueue(
        messages.map(({ id, to, userKey, message }) => ({
          id,
          campaignId,
          campaignKind,
          priority: NOTICE_PRIORITY,
          platform: to.platform,
          chatId: to.chatId,
          recipientKey: userKey,
          message: outboxMessageOf(message),
        })),
      );
    },
  };
}
