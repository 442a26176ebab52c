import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';
import type { VolunteerRepository } from './volunteer.repository.ts';
import { toVolunteers } from './volunteer-documents.ts';

/** The pledges the scheduled jobs act on: check-ins due, pledges ended, pauses over. */
export function createPledgeSchedule(
  volunteers: Models['volunteers'],
): Pick<VolunteerRepository, 'findDueForCheckIn' | 'findEnded' | 'findPauseOver'> {
  /** Up to `limit` volunteers in `filter` whose `field` date has passed, longest passed first. */
  const passed = async (
    field: 'nextCheckInAt' | 'validUntil' | 'pausedUntil',
    filter: Record<string, unknown>,
    now: Date,
    limit: number,
  ) =>
    toVolunteers(
      await volunteers
        .find({ ...filter, [field]: { $lte: now } })
        .sort({ [field]: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>(),
    );
  return {
    findDueForCheckIn: (now, limit) => passed('nextCheckInAt', { status: 'active' }, now, limit),
    findEnded: (now, limit) => passed('validUntil', { status: { $in: ['active', 'paused'] } }, now, limit),
    findPauseOver: (now, limit) => passed('pausedUntil', { status: 'paused' }, now, limit),
  };
}
