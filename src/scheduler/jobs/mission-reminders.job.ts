import type { Job } from '../scheduler.ts';
import { stepJob } from './step-job.ts';

/**
 * Reminders for the long-missions part (a passport expiring within six months, a lapsed vaccination), sent once
 * each. Daily, a little after the check-in, so a reminder comes within a day of falling due.
 */
export const missionRemindersJob = (reminders: { send(now: Date): Promise<number> }): Job =>
  stepJob('mission-reminders', '15 10 * * *', (now) => reminders.send(now));

/** Hours served on missions that ended: days × the configured hours a day, for each confirmed volunteer. */
export const missionHoursJob = (hours: { creditHours(now: Date): Promise<number> }): Job =>
  stepJob('mission-hours', '30 10 * * *', (now) => hours.creditHours(now));
