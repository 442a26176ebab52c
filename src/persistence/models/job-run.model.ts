import { Schema } from 'mongoose';

/** One occurrence of a scheduled job; `_id` is `"<job>@<slot>"`, so inserting it lets exactly one instance run it. */
export interface JobRunDocument {
  _id: string;
  job: string;
  slot: string;
  owner: string;
  startedAt: Date;
  finishedAt?: Date;
}

export const jobRunSchema = new Schema<JobRunDocument>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    slot: { type: String, required: true },
    owner: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date },
  },
  { collection: 'job_runs', versionKey: false },
);
