import type { FollowUp } from '../../services/callups/follow-up.service.ts';
import type { Job } from '../scheduler.ts';

/** Every ten minutes: planned call-ups starting within a day ask their confirmed volunteers to re-confirm. */
export function callUpReconfirmJob(followUp: Pick<FollowUp, 'runReconfirmations'>): Job {
  return {
    name: 'callup-reconfirm',
    schedule: '*/10 * * * *',
    run: (now) => followUp.runReconfirmations(now),
  };
}
