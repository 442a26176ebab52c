import type { PledgeLifecycle } from '../../services/volunteers/pledge-lifecycle.service.ts';
import type { Job } from '../scheduler.ts';
import { stepJob } from './step-job.ts';

/** One reminder for a registration left a day unanswered. Hourly in the daytime only (Tehran), never at night. */
export const registrationReminderJob = (lifecycle: Pick<PledgeLifecycle, 'remindAbandonedRegistrations'>): Job =>
  stepJob('registration-reminder', '15 8-21 * * *', (now) => lifecycle.remindAbandonedRegistrations(now));
