import { progressBar } from '../../domain/callups/figures.ts';
import type { Locale } from '../../domain/locale.ts';
import type { Platform } from '../../domain/platform.ts';
import { isQuietHours } from '../../domain/text/tehran-clock.ts';
import type { Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logger.ts';
import type { Outbox } from '../../messaging/outbox/outbox-sender.ts';
import type { OutgoingMessage } from '../../messaging/outgoing-message.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { AnnouncementProgressRepository } from '../../persistence/repositories/announcement-progress.repository.ts';
import type { CampaignProgress } from '../../persistence/repositories/delivery.repository.ts';

/** Where an announcement's status message goes: the coordinator's chat, in their language. */
export interface ProgressChat {
  platform: Platform;
  chatId: string;
  locale: Locale;
}

export interface AnnouncementProgressDeps {
  outbox: Pick<Outbox, 'campaignProgress' | 'onProgress'>;
  /** Single messages to one chat, as the call-up board posts and edits its own. */
  chat: SendNow;
  /** Where each followed status message is, so that a later start goes on with it. */
  records: AnnouncementProgressRepository;
  t: Translate;
  now: () => Date;
  logger: Logger;
}

const hasEnded = (p: CampaignProgress) => p.counts.queued + p.counts.sending === 0;
/** A start follows again the announcements queued this recently (a night's quiet hours hold them back). */
const RESUME_DAYS = 7;

export interface AnnouncementProgress {
  /** Posts the status message of a queued announcement and keeps it current. */
  follow(campaignId: string, to: ProgressChat): Promise<void>;
  /** At start: goes on editing the status messages of announcements still sending when the app last stopped. */
  resume(): Promise<void>;
}

/**
 * The coordinator's status message for an announcement, like a call-up's board: posted when it is queued, then edited
 * whenever the outbox reports progress (at most once per progress interval) until every delivery has ended. Where it
 * is stays in the database, so after a restart the same message goes on filling in.
 */
export function createAnnouncementProgress(deps: AnnouncementProgressDeps): AnnouncementProgress {
  const render = (to: ProgressChat, p: CampaignProgress): OutgoingMessage => {
    const t = (key: string, vars?: Record<string, unknown>) => deps.t(to.locale, key, vars);
    // Cancelled deliveries were never going to go out: the bar counts what is still due.
    const total = Math.max(p.total - p.counts.cancelled, p.counts.sent);
    const lines = [
      t('coordinator:announce.progress_title'),
      t('callup:board.sending', { bar: progressBar(p.counts.sent, total), sent: p.counts.sent, total }),
    ];
    if (p.counts.blocked + p.counts.failed > 0) {
      lines.push(t('callup:board.undelivered', { blocked: p.counts.blocked, failed: p.counts.failed }));
    }
    if (hasEnded(p)) lines.push(t('coordinator:announce.progress_done'));
    else if (isQuietHours(deps.now())) lines.push(t('coordinator:announce.progress_night'));
    return { text: lines.join('\n') };
  };

  const keepCurrent = async (campaignId: string, to: ProgressChat, posted: number | null): Promise<void> => {
    let messageId = posted ?? undefined;
    let ended = false;
    const show = async (progress: CampaignProgress) => {
      if (ended) return;
      ended = hasEnded(progress);
      if (ended) unsubscribe();
      const message = render(to, progress);
      if (messageId === undefined || !(await deps.chat.edit(to, messageId, message))) {
        // Not posted yet, or it can no longer be edited (deleted, too old): post it anew and follow that one.
        messageId = await deps.chat.send(to, message);
        if (messageId !== undefined) await deps.records.posted(campaignId, messageId);
      }
      if (ended) await deps.records.ended(campaignId, deps.now());
    };
    // Updates run one after another, the first post first; subscribed before it, so no report is missed meanwhile.
    let shown = Promise.resolve();
    const update = (load: () => Promise<CampaignProgress>) => {
      shown = shown.then(async () => {
        try {
          await show(await load());
        } catch (error) {
          deps.logger.warn({ err: error, campaignId }, 'could not show an announcement’s progress');
        }
      });
      return shown;
    };
    const unsubscribe = deps.outbox.onProgress(campaignId, (progress) => update(async () => progress));
    await update(() => deps.outbox.campaignProgress(campaignId));
  };

  return {
    async follow(campaignId, to) {
      await deps.records.follow({ campaignId, ...to }, deps.now());
      await keepCurrent(campaignId, to, null);
    },
    async resume() {
      const since = new Date(deps.now().getTime() - RESUME_DAYS * 86_400_000);
      for (const { campaignId, messageId, ...to } of await deps.records.listFollowed(since)) {
        await keepCurrent(campaignId, to, messageId);
      }
    },
  };
}
