import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { JobRunRepository } from '../persistence/repositories/job-run.repository.ts';
import { callUpFailoverJob } from '../scheduler/jobs/callup-failover.job.ts';
import { callUpReconfirmJob } from '../scheduler/jobs/callup-reconfirm.job.ts';
import { callUpWavesJob } from '../scheduler/jobs/callup-waves.job.ts';
import { callUpWrapUpJob } from '../scheduler/jobs/callup-wrap-up.job.ts';
import { missionHoursJob, missionRemindersJob } from '../scheduler/jobs/mission-reminders.job.ts';
import { pledgeCheckInJob } from '../scheduler/jobs/pledge-check-in.job.ts';
import { pledgeExpiryJob } from '../scheduler/jobs/pledge-expiry.job.ts';
import { purgeLogsJob } from '../scheduler/jobs/purge-logs.job.ts';
import { registrationReminderJob } from '../scheduler/jobs/registration-reminder.job.ts';
import { type Job, startScheduler } from '../scheduler/scheduler.ts';
import type { CallUpServices } from '../services/callups/callup-services.ts';
import type { MatchIndex } from '../services/callups/match-index.ts';
import type { Failover } from '../services/reach/failover.service.ts';
import type { PledgeLifecycle } from '../services/volunteers/pledge-lifecycle.service.ts';

/** How often the in-process match index rereads every pledge, to see other instances' changes (FerretDB only). */
const MATCH_INDEX_RELOAD_MS = 15 * 60_000;

export interface BackgroundWorkOptions {
  purge: Parameters<typeof purgeLogsJob>[0];
  messageLogDays: number;
  pledges: PledgeLifecycle;
  missionReminders: Parameters<typeof missionRemindersJob>[0];
  missionHours: Parameters<typeof missionHoursJob>[0];
  callUps: CallUpServices;
  jobRuns: JobRunRepository;
  matchIndex: MatchIndex | undefined;
  /** Announcements whose status message keeps filling in after a restart. */
  resumeAnnouncements(): Promise<void>;
  /** False in tests, which run the jobs by hand with their own clock. */
  scheduler: boolean;
  /** Moves call-up cards to a person's next reach point (services/reach). */
  failover: Failover;
  logger: Logger;
}

/** The composed services the jobs run: pledges, missions, call-ups, failover and the announcements to resume. */
export const servicesForJobs = (
  services: Pick<BackgroundWorkOptions, 'pledges' | 'missionReminders' | 'missionHours' | 'callUps'> & {
    announcementProgress: { resume(): Promise<void> };
    reach: { failover: Failover };
  },
) => ({
  pledges: services.pledges,
  missionReminders: services.missionReminders,
  missionHours: services.missionHours,
  callUps: services.callUps,
  resumeAnnouncements: () => services.announcementProgress.resume(),
  failover: services.reach.failover,
});

export interface BackgroundWork {
  /** Every scheduled job, so tests can run one with their own clock. */
  jobs: readonly Job[];
  stop(): Promise<void>;
}

/** What runs without an update: the scheduled jobs, and the work a restart picks up where it was. */
export function startBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const { callUps, matchIndex, logger } = options;
  const jobs: Job[] = [
    purgeLogsJob(options.purge, options.messageLogDays),
    pledgeCheckInJob(options.pledges),
    pledgeExpiryJob(options.pledges),
    registrationReminderJob(options.pledges),
    missionRemindersJob(options.missionReminders),
    missionHoursJob(options.missionHours),
    callUpWavesJob(callUps.followUp),
    callUpReconfirmJob(callUps.followUp),
    callUpWrapUpJob(callUps.followUp),
    callUpFailoverJob(options.failover),
  ];
  const scheduler = options.scheduler ? startScheduler(jobs, options.jobRuns, randomUUID(), logger) : undefined;
  const warn = (what: string) => (error: unknown) => logger.warn({ err: error }, what);
  // First waves a crashed instance left half queued are finished within seconds, not after the wave lag.
  callUps.firstWave.watch();
  options.resumeAnnouncements().catch(warn('could not follow running announcements'));
  // Both scan a collection: after any resumed first wave is queued, whose cards they would hold back.
  let stopped = false;
  void callUps.firstWave.firstLook().then(() => {
    if (stopped) return;
    // Boards of call-ups still sending (since before a restart, or by another instance) keep moving.
    callUps.board.resume().catch(warn('could not follow running call-ups'));
    // Loaded in the background, so the first call-up after a start does not wait for the scan.
    matchIndex?.load().catch(warn('could not load the match index'));
  });
  const reloadMatchIndex = matchIndex
    ? setInterval(
        () => matchIndex.load().catch(warn('could not reload the match index')),
        MATCH_INDEX_RELOAD_MS,
      ).unref()
    : undefined;
  return {
    jobs,
    async stop() {
      stopped = true;
      await scheduler?.stop();
      clearInterval(reloadMatchIndex);
    },
  };
}
