import type { PledgeLifecycle } from '../../services/volunteers/pledge-lifecycle.service.ts';
import type { Job } from '../scheduler.ts';

/** Pledges past their end date become inactive, with one message each; pauses that are over end. Each morning. */
export function pledgeExpiryJob(lifecycle: Pick<PledgeLifecycle, 'closeEndedPledges'>): Job {
  return {
    name: 'pledge-expiry',
    schedule: '30 9 * * *',
    async run(now) {
      await lifecycle.closeEndedPledges(now);
    },
  };
}
