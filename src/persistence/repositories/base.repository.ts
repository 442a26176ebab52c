import { type Base, type BaseStatus, sameBaseKey } from '../../domain/bases/base.ts';
import { matchKey } from '../../domain/text/persian-text.ts';
import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { BaseDocument } from '../models/base.model.ts';
import type { Models } from '../models/index.ts';

export interface BaseFilter {
  /** Only these provinces; absent: every province. */
  provinces?: readonly string[];
  city?: string;
  status?: BaseStatus;
  leader?: string;
}

export type BaseChanges = Partial<Pick<Base, 'kind' | 'name' | 'city' | 'neighbourhood' | 'location' | 'locationFrom'>>;

export interface BaseRepository {
  /** Stores a new base; false when the same base (kind, name, city) exists already. */
  create(base: Base): Promise<boolean>;
  get(id: string): Promise<Base | undefined>;
  getMany(ids: readonly string[]): Promise<Base[]>;
  list(filter: BaseFilter): Promise<Base[]>;
  /** Applies changes; undefined when no such base, false when they would make it the same as another. */
  update(id: string, changes: BaseChanges, at: Date): Promise<Base | undefined | false>;
  setStatus(id: string, status: BaseStatus, at: Date): Promise<Base | undefined>;
  addLeader(id: string, leader: string, at: Date): Promise<Base | undefined>;
}

function toBase(doc: BaseDocument): Base {
  const { _id, sameKey: _sameKey, ...fields } = doc;
  return {
    ...fields,
    id: _id,
    neighbourhood: fields.neighbourhood ?? null,
    location: { lat: fields.location.lat, lon: fields.location.lon },
    leaders: [...(fields.leaders ?? [])],
  };
}

const keyOf = (b: Pick<Base, 'kind' | 'name' | 'province' | 'city'>) => sameBaseKey(b, matchKey);

const LEADERS = 'leaders';

/**
 * Every main menu asks whether its reader leads a base, and almost nobody does: while no other instance writes bases,
 * the set of every leader, read once, answers "none" without a query. Each write through `writing` forgets it before
 * and after.
 */
function createLeaderSet(bases: Models['bases'], exclusiveEpoch: ExclusiveEpoch | undefined) {
  const leaders = createEpochCache<ReadonlySet<string>>(exclusiveEpoch, 1);
  let writes = 0;
  return {
    async writing<T>(task: () => Promise<T>): Promise<T> {
      writes += 1;
      leaders.forget(LEADERS);
      try {
        return await task();
      } finally {
        leaders.forget(LEADERS);
      }
    },
    /** True when `key` surely leads no base; false when it may (or this instance may not be alone). */
    async leadsNone(key: string): Promise<boolean> {
      let known = leaders.get(LEADERS);
      if (!known) {
        const [epoch, before] = [leaders.epoch(), writes];
        if (epoch === undefined) return false;
        const docs = await bases.find({}, { leaders: 1 }).lean<Pick<BaseDocument, 'leaders'>[]>();
        known = new Set(docs.flatMap((doc) => doc.leaders ?? []));
        // A write begun meanwhile may have added a leader this read did not see.
        if (writes === before) leaders.set(LEADERS, epoch, known);
      }
      return !known.has(key);
    },
  };
}

export function createBaseRepository(
  models: Models,
  options: { exclusiveEpoch?: ExclusiveEpoch } = {},
): BaseRepository {
  const { bases } = models;
  const read = async (id: string) => {
    const doc = await bases.findById(id).lean<BaseDocument>();
    return doc ? toBase(doc) : undefined;
  };
  const { writing, leadsNone } = createLeaderSet(bases, options.exclusiveEpoch);
  return {
    create: (base) =>
      writing(async () => {
        const { id, ...fields } = base;
        try {
          await bases.create({ _id: id, ...fields, sameKey: keyOf(base) });
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      }),
    get: read,
    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await bases.find({ _id: { $in: [...ids] } }).lean<BaseDocument[]>()).map(toBase);
    },
    async list(filter) {
      if (filter.leader && (await leadsNone(filter.leader))) return [];
      const query: Record<string, unknown> = {};
      if (filter.provinces) query.province = { $in: [...filter.provinces] };
      if (filter.city) query.city = filter.city;
      if (filter.status) query.status = filter.status;
      if (filter.leader) query.leaders = filter.leader;
      const docs = await bases.find(query).lean<BaseDocument[]>();
      return docs.map(toBase).sort((a, b) => a.name.localeCompare(b.name, 'fa') || a.id.localeCompare(b.id));
    },
    update: (id, changes, at) =>
      writing(async () => {
        const current = await read(id);
        if (!current) return undefined;
        const next = { ...current, ...changes };
        try {
          await bases.updateOne({ _id: id }, { $set: { ...changes, sameKey: keyOf(next), updatedAt: at } });
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
        return read(id);
      }),
    setStatus: (id, status, at) =>
      writing(async () => {
        const result = await bases.updateOne({ _id: id }, { $set: { status, updatedAt: at } });
        return result.matchedCount === 0 ? undefined : read(id);
      }),
    addLeader: (id, leader, at) =>
      writing(async () => {
        const result = await bases.updateOne({ _id: id }, { $addToSet: { leaders: leader }, $set: { updatedAt: at } });
        return result.matchedCount === 0 ? undefined : read(id);
      }),
  };
}
