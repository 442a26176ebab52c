import { type Base, type BaseStatus, sameBaseKey } from '../../domain/bases/base.ts';
import { matchKey } from '../../domain/text/persian-text.ts';
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

export function createBaseRepository(models: Models): BaseRepository {
  const { bases } = models;
  const read = async (id: string) => {
    const doc = await bases.findById(id).lean<BaseDocument>();
    return doc ? toBase(doc) : undefined;
  };
  return {
    async create(base) {
      const { id, ...fields } = base;
      try {
        await bases.create({ _id: id, ...fields, sameKey: keyOf(base) });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    get: read,
    async getMany(ids) {
      if (ids.length === 0) return [];
      return (await bases.find({ _id: { $in: [...ids] } }).lean<BaseDocument[]>()).map(toBase);
    },
    async list(filter) {
      const query: Record<string, unknown> = {};
      if (filter.provinces) query.province = { $in: [...filter.provinces] };
      if (filter.city) query.city = filter.city;
      if (filter.status) query.status = filter.status;
      if (filter.leader) query.leaders = filter.leader;
      const docs = await bases.find(query).lean<BaseDocument[]>();
      return docs.map(toBase).sort((a, b) => a.name.localeCompare(b.name, 'fa') || a.id.localeCompare(b.id));
    },
    async update(id, changes, at) {
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
    },
    async setStatus(id, status, at) {
      const result = await bases.updateOne({ _id: id }, { $set: { status, updatedAt: at } });
      return result.matchedCount === 0 ? undefined : read(id);
    },
    async addLeader(id, leader, at) {
      const result = await bases.updateOne({ _id: id }, { $addToSet: { leaders: leader }, $set: { updatedAt: at } });
      return result.matchedCount === 0 ? undefined : read(id);
    },
  };
}
