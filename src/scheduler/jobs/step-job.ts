import type { Job } from '../scheduler.ts';

/** A job that runs one use-case step with the time it fires at; what the step returns (e.g. a count) is not kept. */
export function stepJob(name: string, schedule: string, step: (now: Date) => Promise<unknown>): Job {
  return {
    name,
    schedule,
    async run(now) {
      await step(now);
    },
  };
}
