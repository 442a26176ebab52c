import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';
import type { JobRunRepository } from '../persistence/repositories/job-run.repository.ts';

export const SCHEDULE_TIME_ZONE = 'Asia/Tehran';

/** A recurring job; `run` takes the time explicitly so tests can drive it with any clock. */
export interface Job {
  name: string;
  /** Cron expression in Tehran time. */
  schedule: string;
  /** Runs every few seconds: its runs are logged at debug, or the log would be mostly this job. */
  frequent?: boolean;
  run(now: Date): Promise<void>;
}

export interface Scheduler {
  /** Stops scheduling and waits (up to `graceMs`) for the runs in progress, so none is cut off by the shutdown. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_STOP_GRACE_MS = 30_000;

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
  const running = new Set<Promise<void>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      (context) => {
        const started = Date.now();
        const run = (async () => {
          try {
            await job.run(context.date);
            // The claimed slot is the occurrence's time, which is `context.date`.
            await jobRuns.finish(job.name, context.date.toISOString());
            logger[job.frequent ? 'debug' : 'info']({ job: job.name, ms: Date.now() - started }, 'job finished');
          } catch (error) {
            logger.error({ err: error, job: job.name }, 'job failed');
          }
        })();
        running.add(run);
        return run.finally(() => running.delete(run));
      },
      {
        name: job.name,
        timezone: SCHEDULE_TIME_ZONE,
        noOverlap: true,
        distributed: true,
        runCoordinator: {
          shouldRun: (key) => jobRuns.claim(job.name, key.slice(job.name.length + 1), owner),
        },
      },
    ),
  );
  return {
    async stop(graceMs = DEFAULT_STOP_GRACE_MS) {
      await Promise.all(tasks.map((task) => task.stop()));
      if (running.size === 0) return;
      logger.info({ jobs: running.size }, 'waiting for running jobs');
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(running), grace]);
      clearTimeout(timer);
    },
  };
}
