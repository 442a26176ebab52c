import type { Coordinator } from '../../domain/roles/coordinator.ts';
import { createEpochCache, type ExclusiveEpoch } from '../epoch-cache.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { createKeyedSerializer } from '../keyed-serializer.ts';
import type { CoordinatorDocument } from '../models/coordinator.model.ts';
import type { Models } from '../models/index.ts';

export interface CoordinatorRepository {
  get(key: string): Promise<Coordinator | undefined>;
  /** Active coordinators, by name. */
  listActive(): Promise<Coordinator[]>;
  /** Requests waiting for an admin, oldest first. */
  listRequests(): Promise<Coordinator[]>;
  /** Stores a new request; false when the person already has a record (a request or a role). */
  createRequest(request: Coordinator): Promise<boolean>;
  /** Creates or replaces the record as an active coordinator (an invite redeemed, a request approved). */
  saveActive(coordinator: Coordinator): Promise<void>;
  /** Changes an active coordinator's provinces; undefined when there is no such coordinator. */
  setProvinces(key: string, provinces: string[], at: Date): Promise<Coordinator | undefined>;
  /** Removes the record (a coordinator or a request); false when there was none. */
  remove(key: string): Promise<boolean>;
}

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

function toCoordinator(doc: CoordinatorDocument): Coordinator {
  return {
    key: doc._id,
    platform: doc.platform,
    chatId: doc.chatId,
    name: doc.name,
    status: doc.status,
    provinces: [...(doc.provinces ?? [])],
    note: orNull(doc.note),
    via: doc.via,
    requestedAt: orNull(doc.requestedAt),
    appointedAt: orNull(doc.appointedAt),
    appointedBy: orNull(doc.appointedBy),
    updatedAt: doc.updatedAt,
  };
}

function toDocument(c: Coordinator): CoordinatorDocument {
  const { key, ...fields } = c;
  return { _id: key, ...fields };
}

const copy = (c: Coordinator | null) => (c ? { ...c, provinces: [...c.provinces] } : undefined);

/** Records kept in memory: every person whose menu was built lately (most of them have none, kept as null). */
const CACHED_COORDINATORS = 10_000;

export function createCoordinatorRepository(
  models: Models,
  options: { exclusiveEpoch?: ExclusiveEpoch } = {},
): CoordinatorRepository {
  const { coordinators } = models;
  const serializeKey = createKeyedSerializer();
  // Every main menu asks whether its reader is staff; while no other instance writes coordinators, the record as
  // last read here is the stored one. Reads and writes of one key are serialized, and each write forgets it first.
  const cache = createEpochCache<Coordinator | null>(options.exclusiveEpoch, CACHED_COORDINATORS);
  const serialize = <T>(key: string, task: () => Promise<T>) =>
    serializeKey(key, async () => {
      cache.forget(key);
      return task();
    });

  return {
    get(key) {
      const cached = cache.get(key);
      if (cached !== undefined) return Promise.resolve(copy(cached));
      return serializeKey(key, async () => {
        const epoch = cache.epoch();
        const doc = await coordinators.findById(key).lean<CoordinatorDocument>();
        const coordinator = doc ? toCoordinator(doc) : null;
        cache.set(key, epoch, coordinator);
        return copy(coordinator);
      });
    },
    async listActive() {
      const docs = await coordinators.find({ status: 'active' }).lean<CoordinatorDocument[]>();
      return docs.map(toCoordinator).sort((a, b) => a.name.localeCompare(b.name, 'fa') || a.key.localeCompare(b.key));
    },
    async listRequests() {
      const docs = await coordinators.find({ status: 'requested' }).lean<CoordinatorDocument[]>();
      return docs.map(toCoordinator).sort((a, b) => (a.requestedAt?.getTime() ?? 0) - (b.requestedAt?.getTime() ?? 0));
    },
    createRequest(request) {
      return serialize(request.key, async () => {
        try {
          await coordinators.create(toDocument(request));
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      });
    },
    saveActive(coordinator) {
      return serialize(coordinator.key, async () => {
        await coordinators.replaceOne({ _id: coordinator.key }, toDocument(coordinator), { upsert: true });
      });
    },
    setProvinces(key, provinces, at) {
      return serialize(key, async () => {
        const result = await coordinators.updateOne(
          { _id: key, status: 'active' },
          { $set: { provinces, updatedAt: at } },
        );
        if (result.matchedCount === 0) return undefined;
        const doc = await coordinators.findById(key).lean<CoordinatorDocument>();
        return doc ? toCoordinator(doc) : undefined;
      });
    },
    remove(key) {
      return serialize(key, async () => {
        const result = await coordinators.deleteOne({ _id: key });
        return result.deletedCount > 0;
      });
    },
  };
}
