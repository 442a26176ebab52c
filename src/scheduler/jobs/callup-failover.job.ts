import type { Failover } from '../../services/reach/failover.service.ts';
import type { Job } from '../scheduler.ts';

/**
 * Every 5 seconds: call-up cards stuck on a degraded platform, or failed for good, go to the person's next reach
 * point; an immediate call-up's card unanswered for the failover time gets one copy on the next channel.
 */
export function callUpFailoverJob(failover: Pick<Failover, 'sweep'>): Job {
  return {
    name: 'callup-failover',
    schedule: '*/5 * * * * *',
    frequent: true,
    run: async () => {
      await failover.sweep();
    },
  };
}
