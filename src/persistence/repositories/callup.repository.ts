import type { CallUp, CallUpStatus } from '../../domain/callups/callup.ts';
import { createDocumentLock } from '../document-lock.ts';
import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { CallUpDocument } from '../models/callup.model.ts';
import type { Models } from '../models/index.ts';
import { createCallUpPicks, type FirstWavePicks, type PickedVolunteer } from './callup-picks.repository.ts';
import { createCallUpSeats } from './callup-seat.repository.ts';

export type CallUpChanges = Partial<Omit<CallUp, 'id' | 'createdAt'>>;

/** The outcome of trying to take one seat. */
export type SeatClaim = 'taken' | 'already_mine' | 'occupied';

export interface CallUpRepository {
  /** Stores a new call-up; false when one with its id exists already (the same confirm, pressed again). */
  create(callUp: CallUp): Promise<boolean>;
  get(id: string): Promise<CallUp | undefined>;
  /**
   * Applies the changes `change` computes from the current record; one write at a time per call-up across every
   * instance (FerretDB rewrites the whole document without a transaction). Undefined when there is no such call-up.
   */
  update(id: string, change: (current: CallUp) => CallUpChanges): Promise<CallUp | undefined>;
  /** Call-ups not cancelled and created after `since`: what the follow-up jobs look at. */
  listLive(since: Date): Promise<CallUp[]>;
  /** Open call-ups created after `since` whose first wave is not fully queued yet (or was cut short by a crash). */
  listQueuing(since: Date): Promise<CallUp[]>;
  /** Call-ups created since a date, of some provinces (`null`: all), newest first. */
  listRecent(since: Date, provinces: readonly string[] | null): Promise<CallUp[]>;

  /** Inserts the seat; a unique `_id` per seat means exactly one volunteer gets it, across instances. */
  takeSeat(seat: {
    id: string;
    callUpId: string;
    specialty: string;
    volunteerKey: string;
    at: Date;
  }): Promise<SeatClaim>;
  /**
   * Inserts seats of one call-up in order with one insert, up to the first one somebody else holds (another instance
   * took it meanwhile); returns how many were taken.
   */
  takeSeats(
    seats: readonly { id: string; callUpId: string; specialty: string; volunteerKey: string; at: Date }[],
  ): Promise<number>;
  /** Stores the volunteers a first wave invites, in order; an earlier attempt's, once stored, stand. */
  savePicks(callUpId: string, picks: readonly PickedVolunteer[], at: Date): Promise<void>;
  /** A first wave's picks, and how many of them are invited already; undefined when none were stored. */
  picks(callUpId: string): Promise<FirstWavePicks | undefined>;
  /** The first `queued` picks have their invitation and card stored. */
  notePicksQueued(callUpId: string, queued: number): Promise<void>;
  /** Drops the picks once the wave is queued. */
  forgetPicks(callUpId: string): Promise<void>;

  /** Gives a seat back, only if this volunteer holds it. */
  freeSeat(seatId: string, volunteerKey: string): Promise<boolean>;
  /** Seats taken per specialty. */
  countSeats(callUpId: string): Promise<Map<string, number>>;
  /** Who holds each taken seat of one specialty (of every one without it) now: seat id → volunteer key. */
  seatHolders(callUpId: string, specialty?: string): Promise<Map<string, string>>;
}

const toCallUp = ({ _id, ...rest }: CallUpDocument): CallUp => ({
  ...rest,
  id: _id,
  location: rest.location ?? null,
  specialtyFilledAt: rest.specialtyFilledAt ?? [],
  firstWave: rest.firstWave ?? 'queued',
  queuingUntil: rest.queuingUntil ?? null,
  queuingBy: rest.queuingBy ?? null,
});

const LIVE: readonly CallUpStatus[] = ['open', 'filled', 'closed'];
/** Call-ups kept in memory while alone: the ones being answered or followed at the moment. */
const KEPT_CALL_UPS = 50;

export function createCallUpRepository(
  models: Models,
  options: { exclusiveEpoch?: ExclusiveEpoch } = {},
): CallUpRepository {
  const { callUps, callUpSeats, callUpPicks } = models;
  const lock = createDocumentLock(models.documentLocks);
  // Every batch of answers and every board refresh reads its call-up; while this process alone writes call-ups (all
  // through `update`), the record as last read or written here is the stored one.
  const kept = createEpochCache<CallUp>(options.exclusiveEpoch, KEPT_CALL_UPS);
  const writes = new Map<string, number>();
  const get = async (id: string) => {
    const hit = kept.get(id);
    if (hit) return hit;
    const [epoch, version] = [kept.epoch(), writes.get(id)];
    const doc = await callUps.findById(id).lean<CallUpDocument>();
    const callUp = doc ? toCallUp(doc) : undefined;
    if (callUp && writes.get(id) === version) kept.set(id, epoch, callUp);
    return callUp;
  };

  return {
    async create(callUp) {
      const { id, ...fields } = callUp;
      try {
        await callUps.create({ _id: id, ...fields });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    get,
    update(id, change) {
      return lock(`callups:${id}`, async () => {
        const current = await get(id);
        if (!current) return undefined;
        const changes = change(current);
        if (Object.keys(changes).length === 0) return current;
        // Counted before and after: a read that overlapped the write, whichever it saw, is not kept (its answer may
        // come after the write's own record is kept, and would replace it).
        const bump = () => writes.set(id, (writes.get(id) ?? 0) + 1);
        bump();
        const epoch = kept.epoch();
        kept.forget(id);
        await callUps.updateOne({ _id: id }, { $set: changes });
        bump();
        const updated = { ...current, ...changes };
        kept.set(id, epoch, updated);
        return updated;
      });
    },
    async listLive(since) {
      const docs = await callUps
        .find({ status: { $in: [...LIVE] }, createdAt: { $gte: since } })
        .sort({ createdAt: 1 })
        .lean<CallUpDocument[]>();
      return docs.map(toCallUp);
    },
    async listQueuing(since) {
      const docs = await callUps
        .find({ status: 'open', createdAt: { $gte: since }, firstWave: 'queuing' })
        .sort({ createdAt: 1 })
        .lean<CallUpDocument[]>();
      return docs.map(toCallUp);
    },
    async listRecent(since, provinces) {
      const docs = await callUps
        .find({ createdAt: { $gte: since }, ...(provinces === null ? {} : { province: { $in: [...provinces] } }) })
        .sort({ createdAt: -1 })
        .lean<CallUpDocument[]>();
      return docs.map(toCallUp);
    },
    ...createCallUpSeats(callUpSeats, options.exclusiveEpoch),
    ...createCallUpPicks(callUpPicks),
  };
}
