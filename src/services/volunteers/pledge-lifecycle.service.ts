import type { ChatAddress } from '../../domain/callups/callup.ts';
import type { Locale } from '../../domain/locale.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import { isQuietHours } from '../../domain/text/tehran-clock.ts';
import { lastDayOf, nextCheckInAfter } from '../../domain/volunteers/pledge.ts';
import { effectiveStatus, hasEnded } from '../../domain/volunteers/pledge-state.ts';
import type { RegistrationDraft, Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { Translate } from '../../i18n/index.ts';
import type { OutgoingMessage } from '../../messaging/outgoing-message.ts';
import type { SendThroughOutbox } from '../../messaging/send-through-outbox.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import { NOTICE_ACTIONS } from './notice-actions.ts';

/** When the registration flow of a user was last answered; undefined when they are not registering any more. */
export type RegistrationActivity = (draft: RegistrationDraft) => Promise<Date | undefined>;

export interface PledgeLifecycleDeps {
  volunteers: VolunteerRepository;
  users: Pick<UserRepository, 'get'>;
  /** Where the notices queue (the outbox: rate limits, quiet hours, retries, blocked chats, crash safety). */
  notices: SendThroughOutbox;
  t: Translate;
  registrationActivity: RegistrationActivity;
  /** Messages per run at most; the rest wait for the next run (keeps one run short and within send limits). */
  batchSize?: number;
}

export interface RunReport {
  /** Notices queued in the outbox by this run. */
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

/** One message the run decided on: its message (none when the chat is unreachable) and the claim on the record. */
interface Occurrence {
  id: string;
  to: ChatAddress;
  userKey: string;
  message: OutgoingMessage | undefined;
  /** Marks the occurrence done on the record; false when another run (or a change) got there first. */
  claim: () => Promise<boolean>;
}

/** The run's campaign in the outbox: one per kind and day. */
const campaignOf = (kind: string, now: Date) => `${kind}:${now.toISOString().slice(0, 10)}`;

/**
 * The scheduled side of a pledge. Each run queues its notices in the outbox, then claims each occurrence on the
 * volunteer's record (a marker per volunteer and occurrence). A notice's id names its occurrence, so a run that
 * crashed between the two, re-run, or a second instance queues nothing twice, and nothing queued is lost. Nothing
 * routine is queued during Tehran's quiet hours (and the outbox holds back what is still queued at 22:00).
 */
export function createPledgeLifecycle(deps: PledgeLifecycleDeps): PledgeLifecycle {
  const { volunteers, t } = deps;
  const batch = deps.batchSize ?? DEFAULT_BATCH;

  const localeOf = async (v: { key: string; locale: Locale }) => (await deps.users.get(v.key))?.locale ?? v.locale;

  /** Applies `claim` to the record and reports whether it changed, so exactly one run counts the message. */
  const claim = (key: string, decide: (current: Volunteer) => Partial<Volunteer> | undefined) => async () => {
    let claimed = false;
    await volunteers.update(key, (current) => {
      const changes = decide(current);
      claimed = changes !== undefined;
      return changes ?? {};
    });
    return claimed;
  };

  const queueThenClaim = async (campaignId: string, occurrences: readonly Occurrence[], report: RunReport) => {
    await deps.notices.enqueue(
      campaignId,
      occurrences.flatMap(({ id, to, userKey, message }) => (message ? [{ id, to, userKey, message }] : [])),
    );
    for (const occurrence of occurrences) {
      const claimed = await occurrence.claim();
      report[claimed && occurrence.message ? 'sent' : 'skipped'] += 1;
    }
  };

  const recipientOf = (v: Volunteer | RegistrationDraft) => ({
    to: { platform: v.platform, chatId: v.chatId },
    userKey: v.key,
  });

  return {
    async sendCheckIns(now) {
      const report = { sent: 0, skipped: 0 };
      if (isQuietHours(now)) return report;
      const occurrences: Occurrence[] = [];
      for (const v of await volunteers.findDueForCheckIn(now, batch)) {
        const due = v.nextCheckInAt.getTime();
        const locale = await localeOf(v);
        occurrences.push({
          id: `checkin:${v.key}:${due}`,
          ...recipientOf(v),
          // Unreachable chats still move their due date on, so they are not retried every day.
          message:
            v.reachable && effectiveStatus(v, now) === 'active'
              ? {
                  text: t(locale, 'pledge:checkin.text', { name: isolate(v.name) }),
                  buttons: [
                    [{ text: t(locale, 'pledge:checkin.still_valid'), data: NOTICE_ACTIONS.stillValid }],
                    [
                      { text: t(locale, 'pledge:checkin.change'), data: NOTICE_ACTIONS.change },
                      { text: t(locale, 'pledge:checkin.pause'), data: NOTICE_ACTIONS.pause },
                    ],
                  ],
                }
              : undefined,
          claim: claim(v.key, (current) =>
            current.status === 'active' && current.nextCheckInAt.getTime() === due
              ? { nextCheckInAt: nextCheckInAfter(now), lastCheckInAt: now }
              : undefined,
          ),
        });
      }
      await queueThenClaim(campaignOf('pledge-checkin', now), occurrences, report);
      return report;
    },

    async closeEndedPledges(now) {
      const report = { sent: 0, skipped: 0 };
      if (isQuietHours(now)) return report;
      const ended: Occurrence[] = [];
      for (const v of await volunteers.findEnded(now, batch)) {
        const locale = await localeOf(v);
        ended.push({
          id: `pledge-end:${v.key}:${v.validUntil?.getTime()}`,
          ...recipientOf(v),
          message:
            v.validUntil && v.reachable
              ? {
                  text: t(locale, 'pledge:expiry.text', { date: lastDayOf(v.validUntil) }),
                  buttons: [[{ text: t(locale, 'pledge:expiry.renew'), data: NOTICE_ACTIONS.renew }]],
                }
              : undefined,
          claim: claim(v.key, (current) =>
            (current.status === 'active' || current.status === 'paused') && hasEnded(current, now)
              ? { status: 'expired', pausedUntil: null, updatedAt: now }
              : undefined,
          ),
        });
      }
      await queueThenClaim(campaignOf('pledge-end', now), ended, report);
      const resumed: Occurrence[] = [];
      for (const v of await volunteers.findPauseOver(now, batch)) {
        const locale = await localeOf(v);
        resumed.push({
          id: `pause-over:${v.key}:${v.pausedUntil?.getTime()}`,
          ...recipientOf(v),
          message: v.reachable ? { text: t(locale, 'pledge:pause_over.text') } : undefined,
          claim: claim(v.key, (current) =>
            current.status === 'paused' &&
            current.pausedUntil !== null &&
            current.pausedUntil.getTime() <= now.getTime()
              ? { status: 'active', pausedUntil: null, updatedAt: now }
              : undefined,
          ),
        });
      }
      await queueThenClaim(campaignOf('pause-over', now), resumed, report);
      return report;
    },

    async remindAbandonedRegistrations(now) {
      const report = { sent: 0, skipped: 0 };
      if (isQuietHours(now)) return report;
      const cutoff = new Date(now.getTime() - REMINDER_AFTER_MS);
      const reminders: Occurrence[] = [];
      for (const draft of await volunteers.findDraftsToRemind(cutoff, batch)) {
        const lastActivity = await deps.registrationActivity(draft);
        if (lastActivity === undefined) {
          // They cancelled (or the flow is gone): a reminder would be unwelcome, and the draft has no purpose.
          await volunteers.deleteDraft(draft.key);
          report.skipped += 1;
          continue;
        }
        if (lastActivity.getTime() > cutoff.getTime()) {
          report.skipped += 1;
          continue;
        }
        const locale = await localeOf(draft);
        reminders.push({
          id: `registration-reminder:${draft.key}:${draft.startedAt.getTime()}`,
          ...recipientOf(draft),
          message: {
            text: t(locale, 'registration:reminder.text'),
            buttons: [
              [{ text: t(locale, 'registration:reminder.continue'), data: NOTICE_ACTIONS.continueRegistration }],
            ],
          },
          claim: () => volunteers.markDraftReminded(draft.key, now),
        });
      }
      await queueThenClaim(campaignOf('registration-reminder', now), reminders, report);
      return report;
    },
  };
}
