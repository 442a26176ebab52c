import { type Volunteer, volunteerSchema } from '../../domain/volunteers/volunteer.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument, VolunteerRecordStatus } from '../models/volunteer.model.ts';
import { createPledgeSchedule } from './pledge-schedule.repository.ts';
import { createRegistrationDrafts, type RegistrationDrafts } from './registration-draft.repository.ts';
import { GEO_SOURCES, geoOf, isRegisteredStatus, toDocument, toVolunteer } from './volunteer-documents.ts';
import { createVolunteerIdentities, type PersonIdentity } from './volunteer-identities.ts';
import { createVolunteerMatching, type VolunteerMatching } from './volunteer-matching.repository.ts';
import { createVolunteerRoster } from './volunteer-roster.repository.ts';

/**
 * The fields a use case may change on a registered volunteer: never the key; `platform` and `chatId` only with the
 * reach points, whose preferred messenger they repeat (see domain/identity/reach-point.ts).
 */
export type VolunteerChanges = Partial<Omit<Volunteer, 'key' | 'registeredAt'>>;

/**
 * Everything stored about volunteers, one record per user: registered volunteers here, registration drafts
 * (`registration-draft.repository.ts`), the fields call-up matching reads (`volunteer-matching.repository.ts`), the
 * pledges scheduled jobs act on (`pledge-schedule.repository.ts`) and the lists and counts coordinators and admins
 * read (`volunteer-roster.repository.ts`).
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

  /** The identity fields of every registered person, for the start-up identity migration. */
  listIdentities(): Promise<PersonIdentity[]>;
  /** Deletes a record merged into another person's (nothing is kept: its hours went to that person); false if none. */
  deleteMerged(key: string): Promise<boolean>;
}

export function createVolunteerRepository(models: Models): VolunteerRepository {
  const { volunteers } = models;
  // FerretDB rewrites a whole document per update without a transaction: one write at a time per volunteer.
  const serialize = createKeyedSerializer();

  const readDoc = (key: string) => volunteers.findById(key).lean<VolunteerDocument>();
  const get = async (key: string) => {
    const doc = await readDoc(key);
    return doc ? toVolunteer(doc) : undefined;
  };

  return {
    ...createRegistrationDrafts(volunteers, serialize, readDoc),
    ...createVolunteerMatching(volunteers, readDoc),
    ...createPledgeSchedule(volunteers),
    ...createVolunteerRoster(volunteers),
    ...createVolunteerIdentities(volunteers),
    get,
    async isRegistered(key) {
      const doc = await readDoc(key);
      return doc !== null && isRegisteredStatus(doc.status);
    },

    create: (volunteer) => serialize(volunteer.key, () => registerOnce(volunteers, readDoc, volunteer)),

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
        const geo = Object.keys(changes).some((field) => GEO_SOURCES.includes(field)) ? geoOf(parsed) : undefined;
        // Absent rather than null when unknown: MongoDB's 2dsphere index skips a missing field.
        if (geo) set.geo = geo;
        const unset = geo === null ? { $unset: { geo: 1 } } : {};
        if (Object.keys(set).length > 0) await volunteers.updateOne({ _id: key }, { $set: set, ...unset });
        return { ...parsed };
      });
    },

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

    deleteMerged(key) {
      return serialize(key, async () => (await volunteers.deleteOne({ _id: key })).deletedCount > 0);
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
  };
}

/**
 * Stores a registration over its draft, or new; false when the person is registered already. Read, then replace by
 * `_id` alone: FerretDB looks up only an exact `_id` filter by index, and would scan every volunteer for
 * `{ _id, status }` (seconds per registration at tens of thousands). A draft is written by its own chat only (one
 * update at a time) or marked reminded, which the registration may overwrite.
 */
async function registerOnce(
  volunteers: Models['volunteers'],
  readDoc: (key: string) => Promise<VolunteerDocument | null>,
  volunteer: Volunteer,
): Promise<boolean> {
  const doc = toDocument(volunteer);
  const existing = await readDoc(doc._id);
  if (existing && existing.status !== 'registering') return false;
  if (existing) {
    await volunteers.replaceOne({ _id: doc._id }, doc);
    return true;
  }
  try {
    await volunteers.create(doc);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
