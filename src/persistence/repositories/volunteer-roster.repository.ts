import type { Models } from '../models/index.ts';
import type { VolunteerDocument, VolunteerRecordStatus } from '../models/volunteer.model.ts';
import type { VolunteerRepository } from './volunteer.repository.ts';
import { REGISTERED, toVolunteers } from './volunteer-documents.ts';

/** What coordinators and admins list and count: volunteers by province, unverified licences, totals by status. */
export function createVolunteerRoster(
  volunteers: Models['volunteers'],
): Pick<VolunteerRepository, 'countByStatus' | 'listInProvinces' | 'findUnverified' | 'erasedHoursServed'> {
  return {
    async countByStatus() {
      const counts: Partial<Record<VolunteerRecordStatus, number>> = {};
      const rows = await volunteers.aggregate<{ _id: VolunteerRecordStatus; n: number }>([
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]);
      for (const row of rows) counts[row._id] = row.n;
      return counts;
    },

    async listInProvinces(provinces) {
      const filter = {
        status: { $in: [...REGISTERED] },
        ...(provinces === null ? {} : { province: { $in: [...provinces] } }),
      };
      return toVolunteers(await volunteers.find(filter).sort({ _id: 1 }).lean<VolunteerDocument[]>());
    },
    async findUnverified(provinces, limit) {
      const docs = await volunteers
        .find({
          'licence.status': 'unverified',
          status: { $in: [...REGISTERED] },
          ...(provinces === null ? {} : { province: { $in: [...provinces] } }),
        })
        .sort({ registeredAt: 1, _id: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>();
      return toVolunteers(docs);
    },
    async erasedHoursServed() {
      const rows = await volunteers.aggregate<{ _id: null; hours: number }>([
        { $match: { status: 'erased' } },
        { $group: { _id: null, hours: { $sum: '$hoursServed' } } },
      ]);
      return rows[0]?.hours ?? 0;
    },
  };
}
