import type { PledgeLifecycle } from '../../services/volunteers/pledge-lifecycle.service.ts';
import type { Job } from '../scheduler.ts';
import { stepJob } from './step-job.ts';

/** Pledges past their end date become inactive, with one message each; pauses that are over end. Each morning. */
export const pledgeExpiryJob = (lifecycle: Pick<PledgeLifecycle, 'closeEndedPledges'>): Job =>
  stepJob('pledge-expiry', '30 9 * * *', (now) => lifecycle.closeEndedPledges(now));
