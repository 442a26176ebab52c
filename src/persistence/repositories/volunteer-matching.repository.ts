import type { PipelineStage } from 'mongoose';
import type { MatchFields } from '../../domain/callups/matching.ts';
import type { Circle } from '../../domain/geo/distance.ts';
import type { Models } from '../models/index.ts';
import type { VolunteerDocument } from '../models/volunteer.model.ts';
import { orNull } from './lean-fields.ts';
import { prepareGeoSearch } from './volunteer-geo.ts';

/** The volunteer fields call-up matching and ranking read, and the queries that find them. */
export interface VolunteerMatching {
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
  /**
   * MongoDB only (FerretDB has no geo indexes; the app uses the in-process grid there): the pledges of these
   * specialties placed within the circle, nearest first, by `$geoNear` on the `2dsphere` index.
   */
  findNearby(query: NearbyQuery): Promise<MatchFields[]>;
  /**
   * MongoDB only: creates the `2dsphere` index `findNearby` needs (a no-op when it exists) and fills `geo` in for
   * volunteers stored before it existed; resolves with how many were filled.
   */
  ensureGeoIndex(): Promise<number>;
}

export interface NearbyQuery {
  specialties: readonly string[];
  circle: Circle;
}

export function createVolunteerMatching(
  volunteers: Models['volunteers'],
  readDoc: (key: string) => Promise<VolunteerDocument | null>,
): VolunteerMatching {
  return {
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
    async findNearby(query) {
      const docs = await volunteers.aggregate<VolunteerDocument>(nearbyPipeline(query));
      return docs.map(toMatchFields);
    },
    ensureGeoIndex: () => prepareGeoSearch(volunteers),
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
  city: 1,
  location: 1,
  baseLocation: 1,
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

/**
 * The nearby search for MongoDB 7: `$geoNear` must be the first stage; `key` names the `2dsphere` field (there could
 * be more than one), distances are in metres on a sphere of MongoDB's radius (the same as domain/geo/distance.ts),
 * and results come nearest first. `query` narrows by the same status and specialty as the matching query; reach is
 * replaced by the distance, and `matchesCallUp` checks the rest. Exported for the test of its shape.
 */
export function nearbyPipeline(query: NearbyQuery): PipelineStage[] {
  const { center, km } = query.circle;
  return [
    {
      $geoNear: {
        near: { type: 'Point', coordinates: [center.lon, center.lat] },
        key: 'geo',
        distanceField: 'distanceMeters',
        maxDistance: km * 1000,
        spherical: true,
        query: { status: { $in: [...MATCHABLE_STATUSES] }, specialty: { $in: [...query.specialties] } },
      },
    },
    { $project: MATCH_PROJECTION },
  ];
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
    city: doc.city ?? '',
    location: orNull(doc.location),
    baseLocation: orNull(doc.baseLocation),
  };
}
