import { collectionSchema, required } from './fields.ts';

/** One occurrence of a scheduled job; `_id` is `"<job>@<slot>"`, so inserting it lets exactly one instance run it. */
export interface JobRunDocument {
  _id: string;
  job: string;
  slot: string;
  owner: string;
  startedAt: Date;
  finishedAt?: Date;
}

export const jobRunSchema = collectionSchema<JobRunDocument>('job_runs', {
  ...required({ _id: String, job: String, slot: String, owner: String, startedAt: Date }),
  finishedAt: { type: Date },
});
