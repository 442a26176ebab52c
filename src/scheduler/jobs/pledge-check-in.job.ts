import type { PledgeLifecycle } from '../../services/volunteers/pledge-lifecycle.service.ts';
import type { Job } from '../scheduler.ts';

/**
 * The monthly check-in ("does your pledge still stand?"). It runs daily and asks the volunteers whose 30 days are
 * up, so the messages spread over the month instead of arriving all on one day.
 */
export function pledgeCheckInJob(lifecycle: Pick<PledgeLifecycle, 'sendCheckIns'>): Job {
  return {
    name: 'pledge-check-in',
    schedule: '0 10 * * *',
    async run(now) {
      await lifecycle.sendCheckIns(now);
    },
  };
}
