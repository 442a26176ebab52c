import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { CallUpSeatDocument } from '../models/callup.model.ts';
import type { Models } from '../models/index.ts';
import type { CallUpRepository, SeatClaim } from './callup.repository.ts';

type Seat = Pick<CallUpSeatDocument, 'specialty' | 'volunteerKey'>;
type SeatMap = ReadonlyMap<string, Seat>;
type NewSeat = { id: string; callUpId: string; specialty: string; volunteerKey: string; at: Date };

/** Call-ups whose seats are kept: the ones answered at the moment. */
const KEPT_CALL_UPS = 50;

const seatDocument = (seat: NewSeat) => ({
  _id: seat.id,
  callUpId: seat.callUpId,
  specialty: seat.specialty,
  volunteerKey: seat.volunteerKey,
  takenAt: seat.at,
});

/**
 * A call-up's seats: one record per seat, so its unique `_id` gives each seat to exactly one volunteer.
 * While this process is alone on the database (`exclusiveEpoch`), each call-up's seats are kept in memory as read and
 * as written here: every batch of answers asks who holds the seats and how many are taken, and on FerretDB each ask
 * decoded every seat of the call-up.
 */
export function createCallUpSeats(
  callUpSeats: Models['callUpSeats'],
  exclusiveEpoch: ExclusiveEpoch | undefined,
): Pick<CallUpRepository, 'takeSeat' | 'takeSeats' | 'freeSeat' | 'seatHolders' | 'countSeats'> {
  const { seatsOf, writing } = createKeptSeats(callUpSeats, exclusiveEpoch);
  const keep = (seats: Map<string, Seat>, seat: NewSeat) =>
    seats.set(seat.id, { specialty: seat.specialty, volunteerKey: seat.volunteerKey });
  return {
    takeSeat: (seat) =>
      writing(
        seat.callUpId,
        () => insertSeat(callUpSeats, seat),
        (seats, claim) => {
          if (claim === 'taken') keep(seats, seat);
          return claim === 'taken';
        },
      ),
    async takeSeats(list) {
      const [first] = list;
      if (!first) return 0;
      if (list.some((seat) => seat.callUpId !== first.callUpId)) throw new RangeError('seats of one call-up at a time');
      return writing(
        first.callUpId,
        () => insertSeats(callUpSeats, list),
        (seats, taken) => {
          for (const seat of list.slice(0, taken)) keep(seats, seat);
          // A seat somebody else took is not known here: read them all again.
          return taken === list.length;
        },
      );
    },
    async freeSeat(seatId, volunteerKey) {
      const holder = await callUpSeats.findById(seatId).lean<CallUpSeatDocument>();
      if (holder?.volunteerKey !== volunteerKey) return false;
      // By `_id` alone: FerretDB looks up nothing else by index (the holder is checked above, under the call-up's lock).
      return writing(
        holder.callUpId,
        async () => (await callUpSeats.deleteOne({ _id: seatId })).deletedCount > 0,
        (seats, freed) => freed && seats.delete(seatId),
      );
    },
    async seatHolders(callUpId, specialty) {
      const holders = new Map<string, string>();
      for (const [id, seat] of await seatsOf(callUpId)) {
        if (specialty === undefined || seat.specialty === specialty) holders.set(id, seat.volunteerKey);
      }
      return holders;
    },
    async countSeats(callUpId) {
      const counts = new Map<string, number>();
      for (const seat of (await seatsOf(callUpId)).values()) {
        counts.set(seat.specialty, (counts.get(seat.specialty) ?? 0) + 1);
      }
      return counts;
    },
  };
}

async function insertSeat(callUpSeats: Models['callUpSeats'], seat: NewSeat): Promise<SeatClaim> {
  try {
    await callUpSeats.create(seatDocument(seat));
    return 'taken';
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // A crash between taking the seat and recording the answer leaves the seat ours: recognise it.
    const holder = await callUpSeats.findById(seat.id).lean<CallUpSeatDocument>();
    return holder?.volunteerKey === seat.volunteerKey ? 'already_mine' : 'occupied';
  }
}

/** Inserts the seats in order up to the first one somebody holds; returns how many were taken. */
async function insertSeats(callUpSeats: Models['callUpSeats'], list: readonly NewSeat[]): Promise<number> {
  try {
    // Ordered: an insert stops at the first seat taken, so no seat after it is held for an answer not recorded.
    await callUpSeats.collection.insertMany(list.map(seatDocument) as object[], { ordered: true });
    return list.length;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const raw = (error as { writeErrors?: unknown }).writeErrors;
    const failed = (Array.isArray(raw) ? raw[0] : raw) as { index?: number } | undefined;
    return failed?.index ?? 0;
  }
}

/** The seats of call-ups as this process last read or wrote them, used only while it is alone. */
function createKeptSeats(callUpSeats: Models['callUpSeats'], exclusiveEpoch: ExclusiveEpoch | undefined) {
  const kept = createEpochCache<SeatMap>(exclusiveEpoch, KEPT_CALL_UPS);
  /** Bumped by each write of a call-up's seats: a read or write that overlapped another write keeps nothing. */
  const writes = new Map<string, number>();
  const version = (callUpId: string) => writes.get(callUpId) ?? 0;

  async function seatsOf(callUpId: string): Promise<SeatMap> {
    const hit = kept.get(callUpId);
    if (hit) return hit;
    const epoch = kept.epoch();
    const before = version(callUpId);
    const docs = await callUpSeats
      .find({ callUpId }, { _id: 1, specialty: 1, volunteerKey: 1 })
      .lean<Pick<CallUpSeatDocument, '_id' | 'specialty' | 'volunteerKey'>[]>();
    const seats = new Map(docs.map((doc) => [doc._id, { specialty: doc.specialty, volunteerKey: doc.volunteerKey }]));
    if (version(callUpId) === before) kept.set(callUpId, epoch, seats);
    return seats;
  }

  /**
   * Runs a write of the call-up's seats. `known` applies its outcome to a copy of the kept seats and says whether that
   * outcome is certain; if not, or if the write failed or overlapped another, the seats are read again next time.
   */
  async function writing<T>(
    callUpId: string,
    write: () => Promise<T>,
    known: (seats: Map<string, Seat>, outcome: T) => boolean,
  ): Promise<T> {
    writes.set(callUpId, version(callUpId) + 1);
    const mine = version(callUpId);
    const epoch = kept.epoch();
    const before = kept.get(callUpId);
    kept.forget(callUpId);
    const outcome = await write();
    const alone = version(callUpId) === mine;
    // Counted after the write too: a read that overlapped it may answer after this keeps its seats, and replace them.
    writes.set(callUpId, version(callUpId) + 1);
    const seats = before && new Map(before);
    if (seats && known(seats, outcome) && alone) kept.set(callUpId, epoch, seats);
    return outcome;
  }

  return { seatsOf, writing };
}
