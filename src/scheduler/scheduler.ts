import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';
import type { JobRunRepository } from '../persistence/repositories/job-run.repository.ts';

export const SCHEDULE_TIME_ZONE = 'Asia/Tehran';

/** A recurring job; `run` takes the time explicitly so tests can drive it with any clock. */
export interface Job {
  name: string;
  /** Cron expression in Tehran time. */
  schedule: string;
  run(now: Date): Promise<void>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Runs each job on its schedule. Several bot instances may run at once: each occurrence is claimed with a unique
 * insert (`job@slot`), so exactly one instance runs it, on MongoDB and FerretDB alike.
 */
export function startScheduler(
  jobs: readonly Job[],
  jobRuns: JobRunRepository,
  owner: string,
  logger: Logger,
): Scheduler {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      async (context) => {
        const started = Date.now();
        try {
          await job.run(context.date);
          logger.info({ job: job.name, ms: Date.now() - started }, 'job finished');
        } catch (error) {
          logger.error({ err: error, job: job.name }, 'job failed');
        }
      },
      {
        name: job.name,
        timezone: SCHEDULE_TIME_ZONE,
        noOverlap: true,
        distributed: true,
        runCoordinator: {
          shouldRun: (key) => {
            const slot = key.slice(job.name.length + 1);
            return jobRuns.claim(job.name, slot, owner);
          },
        },
      },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
    },
  };
}
