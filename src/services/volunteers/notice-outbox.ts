import type { Outbox } from '../../messaging/outbox/outbox-sender.ts';
import type { NoticeOutbox } from './notifier.ts';

/** After urgent, urgent-but-later and scheduled call-ups and drills (0–30), before announcements (100). */
export const NOTICE_PRIORITY = 50;

/**
 * Notices as deliveries of the persistent outbox: routine ones (`notice`) are held back during the quiet hours like
 * news; staff notices that ask for an action (`staff-notice`) go at any hour.
 */
export function createNoticeOutbox(deps: {
  outbox: Pick<Outbox, 'enqueue'>;
  kind?: 'notice' | 'staff-notice';
}): NoticeOutbox {
  const campaignKind = deps.kind ?? 'notice';
  return {
    async enqueue(campaignId, notices) {
      if (notices.length === 0) return;
      await deps.outbox.enqueue(
        notices.map(({ id, to, userKey, notice }) => ({
          id,
          campaignId,
          campaignKind,
          priority: NOTICE_PRIORITY,
          platform: to.platform,
          chatId: to.chatId,
          recipientKey: userKey,
          message: {
            text: notice.text,
            ...(notice.buttons && {
              replyMarkup: {
                inline_keyboard: notice.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))),
              },
            }),
          },
        })),
      );
    },
  };
}
