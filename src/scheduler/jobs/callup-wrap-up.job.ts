import type { FollowUp } from '../../services/callups/follow-up.service.ts';
import type { Job } from '../scheduler.ts';

/** Every ten minutes: call-ups whose event is over ask the coordinator who came, and drills get their score. */
export function callUpWrapUpJob(followUp: Pick<FollowUp, 'runWrapUps'>): Job {
  return {
    name: 'callup-wrap-up',
    schedule: '*/10 * * * *',
    run: (now) => followUp.runWrapUps(now),
  };
}
