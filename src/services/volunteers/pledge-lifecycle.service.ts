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

/** What a run works with: the dependencies, and how many messages it sends at most. */
interface Job extends Omit<PledgeLifecycleDeps, 'batchSize'> {
  batch: number;
}

/**
 * The scheduled side of a pledge. Each run queues its notices in the outbox, then claims each occurrence on the
 * volunteer's record (a marker per volunteer and occurrence). A notice's id names its occurrence, so a run that
 * crashed between the two, re-run, or a second instance queues nothing twice, and nothing queued is lost. Nothing
 * routine is queued during Tehran's quiet hours (and the outbox holds back what is still queued at 22:00).
 */
export function createPledgeLifecycle(deps: PledgeLifecycleDeps): PledgeLifecycle {
  const job: Job = { ...deps, batch: deps.batchSize ?? DEFAULT_BATCH };
  return {
    sendCheckIns: (now) => outsideQuietHours(now, (report) => queueCheckIns(job, now, report)),
    closeEndedPledges: (now) =>
      outsideQuietHours(now, async (report) => {
        await queuePledgeEnds(job, now, report);
        await queuePauseEnds(job, now, report);
      }),
    remindAbandonedRegistrations: (now) =>
      outsideQuietHours(now, (report) => queueRegistrationReminders(job, now, report)),
  };
}

/** A run's report; the run itself only outside quiet hours. */
async function outsideQuietHours(now: Date, run: (report: RunReport) => Promise<void>): Promise<RunReport> {
  const report = { sent: 0, skipped: 0 };
  if (!isQuietHours(now)) await run(report);
  return report;
}

const localeOf = async (job: Job, v: { key: string; locale: Locale }) =>
  (await job.users.get(v.key))?.locale ?? v.locale;

/** Applies `decide` to the record and reports whether it changed, so exactly one run counts the message. */
const claim = (job: Job, key: string, decide: (current: Volunteer) => Partial<Volunteer> | undefined) => async () => {
  let claimed = false;
  await job.volunteers.update(key, (current) => {
    const changes = decide(current);
    claimed = changes !== undefined;
    return changes ?? {};
  });
  return claimed;
};

async function queueThenClaim(job: Job, campaignId: string, occurrences: readonly Occurrence[], report: RunReport) {
  await job.notices.enqueue(
    campaignId,
    occurrences.flatMap(({ id, to, userKey, message }) => (message ? [{ id, to, userKey, message }] : [])),
  );
  for (const occurrence of occurrences) {
    const claimed = await occurrence.claim();
    report[claimed && occurrence.message ? 'sent' : 'skipped'] += 1;
  }
}

const recipientOf = (v: Volunteer | RegistrationDraft) => ({
  to: { platform: v.platform, chatId: v.chatId },
  userKey: v.key,
});

/** One occurrence per record, each built in its recipient's own language. */
async function occurrencesOf<R extends { key: string; locale: Locale }>(
  job: Job,
  records: readonly R[],
  build: (record: R, locale: Locale) => Occurrence,
): Promise<Occurrence[]> {
  const occurrences: Occurrence[] = [];
  for (const record of records) occurrences.push(build(record, await localeOf(job, record)));
  return occurrences;
}

/** Asks each active volunteer whose check-in is due whether the pledge still stands. */
async function queueCheckIns(job: Job, now: Date, report: RunReport) {
  const { t } = job;
  const due = await job.volunteers.findDueForCheckIn(now, job.batch);
  const occurrences = await occurrencesOf(job, due, (v, locale) => ({
    id: `checkin:${v.key}:${v.nextCheckInAt.getTime()}`,
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
    claim: claim(job, v.key, (current) =>
      current.status === 'active' && current.nextCheckInAt.getTime() === v.nextCheckInAt.getTime()
        ? { nextCheckInAt: nextCheckInAfter(now), lastCheckInAt: now }
        : undefined,
    ),
  }));
  await queueThenClaim(job, campaignOf('pledge-checkin', now), occurrences, report);
}

/** Marks pledges past their end date inactive, with one message each. */
async function queuePledgeEnds(job: Job, now: Date, report: RunReport) {
  const { t } = job;
  const ended = await occurrencesOf(job, await job.volunteers.findEnded(now, job.batch), (v, locale) => ({
    id: `pledge-end:${v.key}:${v.validUntil?.getTime()}`,
    ...recipientOf(v),
    message:
      v.validUntil && v.reachable
        ? {
            text: t(locale, 'pledge:expiry.text', { date: lastDayOf(v.validUntil) }),
            buttons: [[{ text: t(locale, 'pledge:expiry.renew'), data: NOTICE_ACTIONS.renew }]],
          }
        : undefined,
    claim: claim(job, v.key, (current) =>
      (current.status === 'active' || current.status === 'paused') && hasEnded(current, now)
        ? { status: 'expired', pausedUntil: null, updatedAt: now }
        : undefined,
    ),
  }));
  await queueThenClaim(job, campaignOf('pledge-end', now), ended, report);
}

/** Resumes pauses that are over, with one message each. */
async function queuePauseEnds(job: Job, now: Date, report: RunReport) {
  const resumed = await occurrencesOf(job, await job.volunteers.findPauseOver(now, job.batch), (v, locale) => ({
    id: `pause-over:${v.key}:${v.pausedUntil?.getTime()}`,
    ...recipientOf(v),
    message: v.reachable ? { text: job.t(locale, 'pledge:pause_over.text') } : undefined,
    claim: claim(job, v.key, (current) =>
      current.status === 'paused' && current.pausedUntil !== null && current.pausedUntil.getTime() <= now.getTime()
        ? { status: 'active', pausedUntil: null, updatedAt: now }
        : undefined,
    ),
  }));
  await queueThenClaim(job, campaignOf('pause-over', now), resumed, report);
}

/** One reminder for a registration left unanswered for a day, then nothing. */
async function queueRegistrationReminders(job: Job, now: Date, report: RunReport) {
  const cutoff = new Date(now.getTime() - REMINDER_AFTER_MS);
  const toRemind: RegistrationDraft[] = [];
  for (const draft of await job.volunteers.findDraftsToRemind(cutoff, job.batch)) {
    const lastActivity = await job.registrationActivity(draft);
    if (lastActivity === undefined) {
      // They cancelled (or the flow is gone): a reminder would be unwelcome, and the draft has no purpose.
      await job.volunteers.deleteDraft(draft.key);
      report.skipped += 1;
      continue;
    }
    if (lastActivity.getTime() > cutoff.getTime()) {
      report.skipped += 1;
      continue;
    }
    toRemind.push(draft);
  }
  const reminders = await occurrencesOf(job, toRemind, (draft, locale) => ({
    id: `registration-reminder:${draft.key}:${draft.startedAt.getTime()}`,
    ...recipientOf(draft),
    message: {
      text: job.t(locale, 'registration:reminder.text'),
      buttons: [[{ text: job.t(locale, 'registration:reminder.continue'), data: NOTICE_ACTIONS.continueRegistration }]],
    },
    claim: () => job.volunteers.markDraftReminded(draft.key, now),
  }));
  await queueThenClaim(job, campaignOf('registration-reminder', now), reminders, report);
}
