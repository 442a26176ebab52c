import { isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../models/index.ts';
import type { JobRunDocument } from '../models/job-run.model.ts';

export interface JobRun {
  job: string;
  slot: string;
  owner: string;
  startedAt: Date;
  finishedAt?: Date;
}

export interface JobRunRepository {
  /** True for the one instance that gets to run this occurrence (`slot`) of the job; false for every other. */
  claim(job: string, slot: string, owner: string): Promise<boolean>;
  /** Records that the occurrence finished. */
  finish(job: string, slot: string): Promise<void>;
  get(job: string, slot: string): Promise<JobRun | undefined>;
  /** Forgets occurrences started before `date`; returns how many. */
  purgeOlderThan(date: Date): Promise<number>;
}

const runId = (job: string, slot: string) => `${job}@${slot}`;

export function createJobRunRepository(models: Models, options: { now?: () => Date } = {}): JobRunRepository {
  const { jobRuns } = models;
  const now = options.now ?? (() => new Date());
  return {
    async claim(job, slot, owner) {
      try {
        await jobRuns.create({ _id: runId(job, slot), job, slot, owner, startedAt: now() });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async finish(job, slot) {
      await jobRuns.updateOne({ _id: runId(job, slot) }, { $set: { finishedAt: now() } });
    },
    async get(job, slot) {
      const doc = await jobRuns.findById(runId(job, slot)).lean<JobRunDocument>();
      if (!doc) return undefined;
      const { _id, ...run } = doc;
      return run;
    },
    async purgeOlderThan(date) {
      const { deletedCount } = await jobRuns.deleteMany({ startedAt: { $lt: date } });
      return deletedCount;
    },
  };
}
