import type { FollowUp } from '../../services/callups/follow-up.service.ts';
import type { Job } from '../scheduler.ts';

/**
 * Every minute: a new wave for call-ups whose answers lag, and the one escalation (neighbouring provinces, a
 * reminder to non-responders, a word to the coordinator) for those not filled in time.
 */
export function callUpWavesJob(followUp: Pick<FollowUp, 'runWaves'>): Job {
  return {
    name: 'callup-waves',
    schedule: '* * * * *',
    run: (now) => followUp.runWaves(now),
  };
}
