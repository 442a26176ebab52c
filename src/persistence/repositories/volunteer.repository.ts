import { type Volunteer, type VolunteerStatus, volunteerSchema } from '../../domain/volunteers/volunteer.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument, VolunteerRecordStatus } from '../models/volunteer.model.ts';
import { orNull } from './lean-fields.ts';
import { createRegistrationDrafts, type RegistrationDrafts } from './registration-draft.repository.ts';
import { createVolunteerMatching, type VolunteerMatching } from './volunteer-matching.repository.ts';

/** The fields a use case may change on a registered volunteer (never the key or the platform identity). */
export type VolunteerChanges = Partial<Omit<Volunteer, 'key' | 'platform' | 'registeredAt'>>;

/**
 * Everything stored about volunteers, one record per user: registered volunteers here, registration drafts
 * (`registration-draft.repository.ts`) and the fields call-up matching reads (`volunteer-matching.repository.ts`).
 */
export interface VolunteerRepository extends RegistrationDrafts, VolunteerMatching {
  /** The registered volunteer (any pledge status), or undefined (never registered, still registering, erased). */
  get(key: string): Promise<Volunteer | undefined>;
  isRegistered(key: string): Promise<boolean>;
  /** Stores a new registration, replacing the user's draft; false when they are registered already. */
  create(volunteer: Volunteer): Promise<boolean>;
  /**
   * Applies changes to a registered volunteer after checking the whole result against the schema; undefined when
   * there is no such volunteer. `change` sees the current record, so read-modify-write is one step per key.
   */
  update(key: string, change: (current: Volunteer) => VolunteerChanges): Promise<Volunteer | undefined>;

  /** Active pledges whose check-in is due at `now`, oldest due first. */
  findDueForCheckIn(now: Date, limit: number): Promise<Volunteer[]>;
  /** Pledges in force (active or paused) whose end date has passed. */
  findEnded(now: Date, limit: number): Promise<Volunteer[]>;
  /** Paused pledges whose pause is over. */
  findPauseOver(now: Date, limit: number): Promise<Volunteer[]>;
  addHoursServed(key: string, hours: number): Promise<void>;
  setReachable(key: string, reachable: boolean): Promise<void>;

  /**
   * Deletes the user's record (registered or draft) and leaves only an anonymous remainder, `_id` = `remainderId`,
   * that keeps the hours served; false when there was nothing to delete.
   */
  erase(key: string, remainderId: string): Promise<boolean>;
  /** How many records are in each status, `erased` remainders and `registering` drafts included. */
  countByStatus(): Promise<Partial<Record<VolunteerRecordStatus, number>>>;

  /** Registered volunteers (any pledge status) of these provinces, or of the whole country for `null`. */
  listInProvinces(provinces: readonly string[] | null): Promise<Volunteer[]>;
  /** Council numbers waiting for a coordinator's check in these provinces (`null`: all), oldest registration first. */
  findUnverified(provinces: readonly string[] | null, limit: number): Promise<Volunteer[]>;
  /** Hours served kept by the anonymous remainders of erased volunteers, for the country's total. */
  erasedHoursServed(): Promise<number>;
}

const REGISTERED: readonly VolunteerStatus[] = ['active', 'paused', 'expired', 'withdrawn'];
const isRegisteredStatus = (status: VolunteerRecordStatus): status is VolunteerStatus =>
  (REGISTERED as readonly string[]).includes(status);

function toVolunteer(doc: VolunteerDocument): Volunteer | undefined {
  if (!isRegisteredStatus(doc.status)) return undefined;
  const { _id, status, ...rest } = doc;
  // Stored nulls may come back missing (or the other way round); the domain type always has null.
  return {
    ...(rest as unknown as Volunteer),
    key: _id,
    status,
    specialtyOther: orNull(doc.specialtyOther),
    licence: orNull(doc.licence),
    hoursPerMonth: orNull(doc.hoursPerMonth),
    validUntil: orNull(doc.validUntil),
    pausedUntil: orNull(doc.pausedUntil),
    unavailableUntil: orNull(doc.unavailableUntil),
    note: orNull(doc.note),
    lastCheckInAt: orNull(doc.lastCheckInAt),
  } as Volunteer;
}

function toDocument(volunteer: Volunteer): VolunteerDocument {
  const { key, ...fields } = volunteerSchema.parse(volunteer);
  return { _id: key, ...fields } as VolunteerDocument;
}

const toVolunteers = (docs: VolunteerDocument[]): Volunteer[] =>
  docs.map(toVolunteer).filter((v): v is Volunteer => v !== undefined);

export function createVolunteerRepository(models: Models): VolunteerRepository {
  const { volunteers } = models;
  // FerretDB rewrites a whole document per update without a transaction: one write at a time per volunteer.
  const serialize = createKeyedSerializer();

  const readDoc = (key: string) => volunteers.findById(key).lean<VolunteerDocument>();
  const get = async (key: string) => {
    const doc = await readDoc(key);
    return doc ? toVolunteer(doc) : undefined;
  };
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
    ...createRegistrationDrafts(volunteers, serialize, readDoc),
    ...createVolunteerMatching(volunteers, readDoc),
    get,
    async isRegistered(key) {
      const doc = await readDoc(key);
      return doc !== null && isRegisteredStatus(doc.status);
    },

    async create(volunteer) {
      const doc = toDocument(volunteer);
      return serialize(volunteer.key, async () => {
        const replaced = await volunteers.replaceOne({ _id: doc._id, status: 'registering' }, doc);
        if (replaced.matchedCount > 0) return true;
        try {
          await volunteers.create(doc);
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      });
    },

    update(key, change) {
      return serialize(key, async () => {
        const current = await get(key);
        if (!current) return undefined;
        const changes = change(current);
        const next = { ...current, ...changes };
        // The whole record must still hold together (e.g. a paused pledge has a pause end); only changes are written.
        const parsed = volunteerSchema.parse(next);
        const set: Record<string, unknown> = {};
        for (const field of Object.keys(changes)) set[field] = parsed[field as keyof typeof parsed];
        if (Object.keys(set).length > 0) await volunteers.updateOne({ _id: key }, { $set: set });
        return { ...parsed };
      });
    },

    findDueForCheckIn: (now, limit) => passed('nextCheckInAt', { status: 'active' }, now, limit),
    findEnded: (now, limit) => passed('validUntil', { status: { $in: ['active', 'paused'] } }, now, limit),
    findPauseOver: (now, limit) => passed('pausedUntil', { status: 'paused' }, now, limit),
    async addHoursServed(key, hours) {
      if (!Number.isFinite(hours) || hours <= 0) throw new RangeError('hours served must be a positive number');
      return serialize(key, async () => {
        await volunteers.updateOne({ _id: key }, { $inc: { hoursServed: hours } });
      });
    },
    setReachable(key, reachable) {
      return serialize(key, async () => {
        await volunteers.updateOne({ _id: key }, { $set: { reachable } });
      });
    },

    erase(key, remainderId) {
      return serialize(key, async () => {
        const doc = await readDoc(key);
        if (!doc) return false;
        // The remainder first: if the delete then fails, a retry finds the record and erases it (counted twice,
        // which an anonymous statistic can bear) rather than losing the hours.
        if (isRegisteredStatus(doc.status)) {
          await volunteers.create({ _id: remainderId, status: 'erased', hoursServed: doc.hoursServed ?? 0 });
        }
        await volunteers.deleteOne({ _id: key });
        return true;
      });
    },
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
