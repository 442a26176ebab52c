import type { MatchFields } from '../../domain/callups/matching.ts';
import {
  type RegistrationDraft,
  registrationDraftSchema,
  type Volunteer,
  type VolunteerStatus,
  volunteerSchema,
} from '../../domain/volunteers/volunteer.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument, VolunteerRecordStatus } from '../models/volunteer.model.ts';

/** The fields a use case may change on a registered volunteer (never the key or the platform identity). */
export type VolunteerChanges = Partial<Omit<Volunteer, 'key' | 'platform' | 'registeredAt'>>;

export interface VolunteerRepository {
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

  /** Records that a user consented and started registering; does nothing when they have any record already. */
  startDraft(draft: RegistrationDraft): Promise<void>;
  getDraft(key: string): Promise<RegistrationDraft | undefined>;
  /** Drafts started before `startedBefore` that have had no reminder yet. */
  findDraftsToRemind(startedBefore: Date, limit: number): Promise<RegistrationDraft[]>;
  /** Marks the draft reminded; false when another run did it first or the draft is gone. */
  markDraftReminded(key: string, at: Date): Promise<boolean>;
  deleteDraft(key: string): Promise<void>;

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

  // Call-ups (issue 4).
  /**
   * The pledges a call-up may invite, narrowed by the indexed fields only (status, specialty, reach), with just the
   * fields matching and ranking read; `matchesCallUp` checks the rest at the call-up's time.
   */
  findCallUpMatches(query: CallUpMatchQuery): Promise<MatchFields[]>;
  /** Every pledge that could ever match a call-up, streamed, to build an in-process matching index. */
  eachMatchable(visit: (v: MatchFields) => void): Promise<number>;
  /** One volunteer's matching fields by key (a pushed-down `_id` lookup), or undefined when not matchable. */
  getMatchFields(key: string): Promise<MatchFields | undefined>;
  /** The matchable ones among these keys, in one query (on FerretDB a scan of the collection: for many keys). */
  findMatchFields(keys: readonly string[]): Promise<MatchFields[]>;
}

const REGISTERED: readonly VolunteerStatus[] = ['active', 'paused', 'expired', 'withdrawn'];
const isRegisteredStatus = (status: VolunteerRecordStatus): status is VolunteerStatus =>
  (REGISTERED as readonly string[]).includes(status);

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

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

function toDraft(doc: VolunteerDocument): RegistrationDraft | undefined {
  if (doc.status !== 'registering') return undefined;
  return {
    key: doc._id,
    platform: doc.platform!,
    chatId: doc.chatId!,
    locale: doc.locale!,
    startedAt: doc.startedAt!,
    remindedAt: orNull(doc.remindedAt),
  };
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

  return {
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

    async startDraft(draft) {
      const { key, ...fields } = registrationDraftSchema.parse(draft);
      return serialize(key, async () => {
        try {
          await volunteers.create({ _id: key, status: 'registering', ...fields });
        } catch (error) {
          // A record exists: a draft already (keep its start, so the reminder is not pushed back) or a volunteer.
          if (!isDuplicateKeyError(error)) throw error;
        }
      });
    },
    async getDraft(key) {
      const doc = await readDoc(key);
      return doc ? toDraft(doc) : undefined;
    },
    async findDraftsToRemind(startedBefore, limit) {
      const docs = await volunteers
        .find({ status: 'registering', startedAt: { $lte: startedBefore }, remindedAt: null })
        .sort({ startedAt: 1 })
        .limit(limit)
        .lean<VolunteerDocument[]>();
      return docs.map(toDraft).filter((d): d is RegistrationDraft => d !== undefined);
    },
    markDraftReminded(key, at) {
      return serialize(key, async () => {
        const result = await volunteers.updateOne(
          { _id: key, status: 'registering', remindedAt: null },
          { $set: { remindedAt: at } },
        );
        return result.modifiedCount > 0;
      });
    },
    deleteDraft(key) {
      return serialize(key, async () => {
        await volunteers.deleteOne({ _id: key, status: 'registering' });
      });
    },

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

    async findCallUpMatches(query) {
      const docs = await volunteers.find(callUpMatchFilter(query), MATCH_PROJECTION).lean<VolunteerDocument[]>();
      return docs.map(toMatchFields);
    },
    async eachMatchable(visit) {
      let count = 0;
      const cursor = volunteers
        .find({ status: { $in: [...MATCHABLE_STATUSES] } }, MATCH_PROJECTION)
        .lean<VolunteerDocument[]>()
        .cursor();
      for await (const doc of cursor) {
        visit(toMatchFields(doc as VolunteerDocument));
        count += 1;
      }
      return count;
    },
    async findMatchFields(keys) {
      if (keys.length === 0) return [];
      const docs = await volunteers.find({ _id: { $in: [...keys] } }, MATCH_PROJECTION).lean<VolunteerDocument[]>();
      return docs.filter((doc) => (MATCHABLE_STATUSES as readonly string[]).includes(doc.status)).map(toMatchFields);
    },
    async getMatchFields(key) {
      const doc = await readDoc(key);
      return doc && (MATCHABLE_STATUSES as readonly string[]).includes(doc.status) ? toMatchFields(doc) : undefined;
    },
  };
}

/** What the call-up matching query narrows by; everything else is checked in JavaScript (see `matchesCallUp`). */
export interface CallUpMatchQuery {
  specialties: readonly string[];
  provinces: readonly string[];
}

/** A paused pledge may be over its pause before the daily job notices, so paused ones are read and judged too. */
const MATCHABLE_STATUSES = ['active', 'paused'] as const;

const MATCH_PROJECTION = {
  _id: 1,
  platform: 1,
  chatId: 1,
  locale: 1,
  status: 1,
  specialty: 1,
  province: 1,
  licence: 1,
  hoursPerMonth: 1,
  days: 1,
  windows: 1,
  modes: 1,
  reachProvinces: 1,
  reachAnywhere: 1,
  validUntil: 1,
  pausedUntil: 1,
  unavailableUntil: 1,
  reachable: 1,
} as const;

/**
 * The matching filter: a top-level `$or` whose two branches each start with the exact prefix of one compound index
 * (`status, specialty, reachProvinces` and `status, specialty, reachAnywhere`), so MongoDB plans each branch as an
 * index scan. Exported for the test that checks the shape against the declared indexes.
 */
export function callUpMatchFilter(query: CallUpMatchQuery): Record<string, unknown> {
  const common = {
    status: { $in: [...MATCHABLE_STATUSES] },
    specialty: { $in: [...query.specialties] },
  };
  return {
    $or: [
      { ...common, reachProvinces: { $in: [...query.provinces] } },
      { ...common, reachAnywhere: true },
    ],
  };
}

function toMatchFields(doc: VolunteerDocument): MatchFields {
  return {
    key: doc._id,
    platform: doc.platform!,
    chatId: doc.chatId!,
    locale: doc.locale ?? 'fa',
    status: doc.status as MatchFields['status'],
    specialty: doc.specialty ?? '',
    province: doc.province ?? '',
    licence: orNull(doc.licence) as MatchFields['licence'],
    hoursPerMonth: orNull(doc.hoursPerMonth),
    days: (doc.days ?? []) as MatchFields['days'],
    windows: (doc.windows ?? []) as MatchFields['windows'],
    modes: (doc.modes ?? []) as MatchFields['modes'],
    reachProvinces: doc.reachProvinces ?? [],
    reachAnywhere: doc.reachAnywhere === true,
    validUntil: orNull(doc.validUntil),
    pausedUntil: orNull(doc.pausedUntil),
    unavailableUntil: orNull(doc.unavailableUntil),
    reachable: doc.reachable !== false,
  };
}
