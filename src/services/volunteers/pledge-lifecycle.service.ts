import { isolate } from '../../domain/text/persian-text.ts';
import { isQuietHours } from '../../domain/text/tehran-clock.ts';
import { nextCheckInAfter } from '../../domain/volunteers/pledge.ts';
import { effectiveStatus, hasEnded } from '../../domain/volunteers/pledge-state.ts';
import { lastDayOf } from '../../domain/volunteers/summary-card.ts';
import type { RegistrationDraft, Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { NOTICE_ACTIONS } from './notice-actions.ts';
import type { Notice, NoticeResult, Notifier, Translate } from './notifier.ts';
import { markUnreachable } from './reachability.ts';

/** When the registration flow of a user was last answered; undefined when they are not registering any more. */
export type RegistrationActivity = (draft: RegistrationDraft) => Promise<Date | undefined>;

export interface PledgeLifecycleDeps {
  volunteers: VolunteerRepository;
  users: Pick<UserRepository, 'get' | 'markBlockedBot'>;
  notifier: Notifier;
  t: Translate;
  registrationActivity: RegistrationActivity;
  /** Messages per run at most; the rest wait for the next run (keeps one run short and within send limits). */
  batchSize?: number;
}

export interface RunReport {
  sent: number;
  skipped: number;
}

export interface PledgeLifecycle {
  /** Asks each active volunteer whose check-in is due whether the pledge still stands. */
  sendCheckIns(now: Date): Promise<RunReport>;
  /** Marks pledges past their end date inactive, with one message each; then resumes pauses that are over. */
  closeEndedPledges(now: Date): Promise<RunReport>;
  /** One reminder for a registration left unanswered for a day, then nothing. */
  remindAbandonedRegistrations(now: Date): Promise<RunReport>;
}

const DAY_MS = 86_400_000;
export const REMINDER_AFTER_MS = DAY_MS;
const DEFAULT_BATCH = 500;

/**
 * The scheduled side of a pledge. Each message is claimed on the volunteer's record before it is sent (a marker
 * per volunteer and occurrence), so a re-run or a second instance never sends it twice: missing one routine
 * message is better than repeating it. Nothing routine is sent during Tehran's quiet hours.
 */
export function createPledgeLifecycle(deps: PledgeLifecycleDeps): PledgeLifecycle {
  const { volunteers, notifier, t } = deps;
  const batch = deps.batchSize ?? DEFAULT_BATCH;

  const localeOf = async (v: { key: string; locale: 'fa' | 'en' }) => (await deps.users.get(v.key))?.locale ?? v.locale;

  const deliver = async (v: Volunteer | RegistrationDraft, notice: Notice): Promise<NoticeResult> => {
    const result = await notifier.send({ platform: v.platform, chatId: v.chatId }, notice);
    if (result === 'unreachable' && 'status' in v) await markUnreachable(deps, v.key);
    return result;
  };

  /** Applies `claim` to the record and reports whether it changed, so exactly one run sends the message. */
  const claim = async (key: string, decide: (current: Volunteer) => Partial<Volunteer> | undefined) => {
    let claimed = false;
    const updated = await volunteers.update(key, (current) => {
      const changes = decide(current);
      claimed = changes !== undefined;
      return changes ?? {};
    });
    return claimed ? updated : undefined;
  };

  return {
    async sendCheckIns(now) {
      const report = { sent: 0, skipped: 0 };
      if (isQuietHours(now)) return report;
      for (const due of await volunteers.findDueForCheckIn(now, batch)) {
        const v = await claim(due.key, (current) =>
          current.status === 'active' && current.nextCheckInAt.getTime() <= now.getTime()
            ? { nextCheckInAt: nextCheckInAfter(now), lastCheckInAt: now }
            : undefined,
        );
        // Unreachable chats still move their due date on, so they are not retried every day.
        if (!v?.reachable || effectiveStatus(v, now) !== 'active') {
          report.skipped += 1;
          continue;
        }
        const locale = await localeOf(v);
        const result = await deliver(v, {
          text: t(locale, 'pledge:checkin.text', { name: isolate(v.name) }),
          buttons: [
            [{ text: t(locale, 'pledge:checkin.still_valid'), data: NOTICE_ACTIONS.stillValid }],
            [
              { text: t(locale, 'pledge:checkin.change'), data: NOTICE_ACTIONS.change },
              { text: t(locale, 'pledge:checkin.pause'), data: NOTICE_ACTIONS.pause },
            ],
          ],
        });
        report[result === 'sent' ? 'sent' : 'skipped'] += 1;
      }
      return report;
    },

    async closeEndedPledges(now) {
      const report = { sent: 0, skipped: 0 };
      if (isQuietHours(now)) return report;
      for (const ended of await volunteers.findEnded(now, batch)) {
        const v = await claim(ended.key, (current) =>
          (current.status === 'active' || current.status === 'paused') && hasEnded(current, now)
            ? { status: 'expired', pausedUntil: null, updatedAt: now }
            : undefined,
        );
        if (!v?.validUntil || !v.reachable) {
          report.skipped += 1;
          continue;
        }
        const locale = await localeOf(v);
        const result = await deliver(v, {
          text: t(locale, 'pledge:expiry.text', { date: lastDayOf(v.validUntil) }),
          buttons: [[{ text: t(locale, 'pledge:expiry.renew'), data: NOTICE_ACTIONS.renew }]],
        });
        report[result === 'sent' ? 'sent' : 'skipped'] += 1;
      }
      for (const over of await volunteers.findPauseOver(now, batch)) {
        const v = await claim(over.key, (current) =>
          current.status === 'paused' && current.pausedUntil !== null && current.pausedUntil.getTime() <= now.getTime()
            ? { status: 'active', pausedUntil: null, updatedAt: now }
            : undefined,
        );
        if (!v?.reachable) {
          report.skipped += 1;
          continue;
        }
        const locale = await localeOf(v);
        const result = await deliver(v, { text: t(locale, 'pledge:pause_over.text') });
        report[result === 'sent' ? 'sent' : 'skipped'] += 1;
      }
      return report;
    },

    async remindAbandonedRegistrations(now) {
      const report = { sent: 0, skipped: 0 };
      if (isQuietHours(now)) return report;
      const cutoff = new Date(now.getTime() - REMINDER_AFTER_MS);
      for (const draft of await volunteers.findDraftsToRemind(cutoff, batch)) {
        const lastActivity = await deps.registrationActivity(draft);
        if (lastActivity === undefined) {
          // They cancelled (or the flow is gone): a reminder would be unwelcome, and the draft has no purpose.
          await volunteers.deleteDraft(draft.key);
          report.skipped += 1;
          continue;
        }
        if (lastActivity.getTime() > cutoff.getTime() || !(await volunteers.markDraftReminded(draft.key, now))) {
          report.skipped += 1;
          continue;
        }
        const locale = await localeOf(draft);
        const result = await deliver(draft, {
          text: t(locale, 'registration:reminder.text'),
          buttons: [[{ text: t(locale, 'registration:reminder.continue'), data: NOTICE_ACTIONS.continueRegistration }]],
        });
        report[result === 'sent' ? 'sent' : 'skipped'] += 1;
      }
      return report;
    },
  };
}
