/**
 * "Send through the outbox": notices to many people (check-ins, pledge ends, staff notices) queued as deliveries of
 * the persistent outbox, which keeps the platforms' rate limits, holds routine ones through Tehran's night, retries
 * failures, marks blocked chats unreachable and survives a crash. Call-up cards and announcements queue in the same
 * outbox with their own priorities, their messages converted by the same `outboxMessageOf`.
 */

import type { ChatAddress } from '../domain/callups/callup.ts';
import type { Outbox } from './outbox/outbox-sender.ts';
import type { OutgoingMessage } from './outgoing-message.ts';
import { outboxMessageOf } from './reply-markup.ts';

/** After urgent, urgent-but-later and scheduled call-ups and drills (0–30), before announcements (100). */
export const NOTICE_PRIORITY = 50;

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
