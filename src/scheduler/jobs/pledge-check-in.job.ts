import type { PledgeLifecycle } from '../../services/volunteers/pledge-lifecycle.service.ts';
import type { Job } from '../scheduler.ts';
import { stepJob } from './step-job.ts';

/**
 * The monthly check-in ("does your pledge still stand?"). It runs daily and asks the volunteers whose 30 days are
 * up, so the messages spread over the month instead of arriving all on one day.
 */
export const pledgeCheckInJob = (lifecycle: Pick<PledgeLifecycle, 'sendCheckIns'>): Job =>
  stepJob('pledge-check-in', '0 10 * * *', (now) => lifecycle.sendCheckIns(now));
