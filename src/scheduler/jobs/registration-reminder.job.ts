import type { PledgeLifecycle } from '../../services/volunteers/pledge-lifecycle.service.ts';
import type { Job } from '../scheduler.ts';

/** One reminder for a registration left a day unanswered. Hourly in the daytime only (Tehran), never at night. */
export function registrationReminderJob(lifecycle: Pick<PledgeLifecycle, 'remindAbandonedRegistrations'>): Job {
  return {
    name: 'registration-reminder',
    schedule: '15 8-21 * * *',
    async run(now) {
      await lifecycle.remindAbandonedRegistrations(now);
    },
  };
}
