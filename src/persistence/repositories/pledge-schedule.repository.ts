import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';
import type { VolunteerRepository } from './volunteer.repository.ts';
import { toVolunteers } from './volunteer-documents.ts';

/** The pledges the scheduled jobs act on: check-ins due, pledges ended, pauses over. */
export function createPledgeSchedule(
  volunteers: Models['volunteers'],
): Pick<VolunteerRepository, 'findDueForCheckIn' | 'findEnded' | 'findPauseOver'> {
  return {
    async findDueForCheckIn(now, limit) {
      const docs = await volunteers
        .find({ status: 'active', nextCheckInAt: { $lte: now } })
        .sort({ nextCheckInAt: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>();
      return toVolunteers(docs);
    },
    async findEnded(now, limit) {
      const docs = await volunteers
        .find({ status: { $in: ['active', 'paused'] }, validUntil: { $lte: now } })
        .sort({ validUntil: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>();
      return toVolunteers(docs);
    },
    async findPauseOver(now, limit) {
      const docs = await volunteers
        .find({ status: 'paused', pausedUntil: { $lte: now } })
        .sort({ pausedUntil: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>();
      return toVolunteers(docs);
    },
  };
}
