import type { Connection } from 'mongoose';
import { registerJobRunModel } from './job-run.model.ts';
import { registerMessageModel } from './message.model.ts';
import { registerProcessedUpdateModel } from './processed-update.model.ts';
import { registerSessionModel } from './session.model.ts';
import { registerUserModel } from './user.model.ts';
import { registerVolunteerModel } from './volunteer.model.ts';

// A feature adds its model with one line here (plus its import); `Models` follows.
const registrars = {
  users: registerUserModel,
  sessions: registerSessionModel,
  processedUpdates: registerProcessedUpdateModel,
  messages: registerMessageModel,
  jobRuns: registerJobRunModel,
  volunteers: registerVolunteerModel,
};

export type Models = { readonly [K in keyof typeof registrars]: ReturnType<(typeof registrars)[K]> };

/** Registers every model on the given connection (not mongoose's global one, so tests can open several). */
export function registerModels(connection: Connection): Models {
  const entries = Object.entries(registrars).map(([name, register]) => [name, register(connection)]);
  return Object.fromEntries(entries) as Models;
}
