import { isDuplicateKeyError } from '../errors.ts';
import type { CallUpSeatDocument } from '../models/callup.model.ts';
import type { Models } from '../models/index.ts';
import type { CallUpRepository } from './callup.repository.ts';

/** A call-up's seats: one record per seat, so its unique `_id` gives each seat to exactly one volunteer. */
export function createCallUpSeats(
  callUpSeats: Models['callUpSeats'],
): Pick<CallUpRepository, 'takeSeat' | 'takeSeats' | 'freeSeat' | 'seatHolders' | 'countSeats'> {
  return {
    async takeSeat(seat) {
      try {
        await callUpSeats.create({
          _id: seat.id,
          callUpId: seat.callUpId,
          specialty: seat.specialty,
          volunteerKey: seat.volunteerKey,
          takenAt: seat.at,
        });
        return 'taken';
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // A crash between taking the seat and recording the answer leaves the seat ours: recognise it.
        const holder = await callUpSeats.findById(seat.id).lean<CallUpSeatDocument>();
        return holder?.volunteerKey === seat.volunteerKey ? 'already_mine' : 'occupied';
      }
    },
    async takeSeats(seats) {
      if (seats.length === 0) return 0;
      const docs: object[] = seats.map((seat) => ({
        _id: seat.id,
        callUpId: seat.callUpId,
        specialty: seat.specialty,
        volunteerKey: seat.volunteerKey,
        takenAt: seat.at,
      }));
      try {
        // Ordered: an insert stops at the first seat taken, so no seat after it is held for an answer not recorded.
        await callUpSeats.collection.insertMany(docs, { ordered: true });
        return seats.length;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const raw = (error as { writeErrors?: unknown }).writeErrors;
        const first = (Array.isArray(raw) ? raw[0] : raw) as { index?: number } | undefined;
        return first?.index ?? 0;
      }
    },
    async freeSeat(seatId, volunteerKey) {
      const holder = await callUpSeats.findById(seatId).lean<CallUpSeatDocument>();
      if (holder?.volunteerKey !== volunteerKey) return false;
      await callUpSeats.deleteOne({ _id: seatId });
      return true;
    },
    async seatHolders(callUpId, specialty) {
      const seats = await callUpSeats
        .find(specialty === undefined ? { callUpId } : { callUpId, specialty }, { _id: 1, volunteerKey: 1 })
        .lean<Pick<CallUpSeatDocument, '_id' | 'volunteerKey'>[]>();
      return new Map(seats.map((seat) => [seat._id, seat.volunteerKey]));
    },
    async countSeats(callUpId) {
      const seats = await callUpSeats.find({ callUpId }).lean<CallUpSeatDocument[]>();
      const counts = new Map<string, number>();
      for (const seat of seats) counts.set(seat.specialty, (counts.get(seat.specialty) ?? 0) + 1);
      return counts;
    },
  };
}
