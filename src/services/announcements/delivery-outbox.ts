import type { Locale } from '../../domain/locale.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Outbox } from '../../messaging/outbox/outbox-sender.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import type { AnnouncementOutbox } from './announcement.service.ts';

/**
 * Announcements go after every call-up: the outbox sends lower priority numbers first (urgent call-ups are 0), so
 * routine news never holds back a call for help.
 */
export const ANNOUNCEMENT_PRIORITY = 100;

/**
 * Where announcements queue: the call-ups' persistent outbox, as `announcement` deliveries (which the sender holds
 * back during the quiet hours), with a status message in the sender's chat.
 */
export function createAnnouncementOutbox(deps: {
  outbox: Pick<Outbox, 'enqueue'>;
  /** Posts the broadcast's progress message in this chat and keeps it current (the call-ups' kind of status). */
  followProgress: (campaignId: string, chat: { platform: Platform; chatId: string; locale: Locale }) => Promise<void>;
}): AnnouncementOutbox {
  return {
    async enqueue(batch) {
      await deps.outbox.enqueue(
        batch.deliveries.map((d) => ({
          campaignId: batch.campaignId,
          campaignKind: 'announcement',
          priority: ANNOUNCEMENT_PRIORITY,
          platform: d.platform,
          chatId: d.chatId,
          recipientKey: d.userKey,
          message: outboxMessageOf({ text: d.text, silent: true }),
          notBefore: batch.notBefore,
        })),
      );
      await deps.followProgress(batch.campaignId, batch.progress);
    },
  };
}
