import { type MissionPledge, missionPledgeSchema } from '../../../domain/missions/mission-pledge.ts';
import type { Models } from '../../models/index.ts';
import type { MissionHoursDocument, MissionPledgeDocument } from '../../models/mission-pledge.model.ts';

export interface StoredMissionPledge {
  key: string;
  pledge: MissionPledge;
  remindersSent: string[];
}

/** Long-missions parts of pledges, one per volunteer key. */
export interface MissionPledgeRepository {
  get(key: string): Promise<MissionPledge | null>;
  /** The parts of these volunteers, by key; a volunteer without one is absent from the map. */
  getMany(keys: readonly string[]): Promise<Map<string, MissionPledge>>;
  /** Replaces the part (validated first); reminders already sent are kept. */
  save(key: string, pledge: MissionPledge, at: Date): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every part with a passport or a vaccination, for the monthly reminders; `after` pages by key. */
  findRemindable(after: string | null, limit: number): Promise<StoredMissionPledge[]>;
  markReminded(key: string, reminderKeys: readonly string[]): Promise<void>;
  hoursServed(key: string): Promise<number>;
  addHours(key: string, hours: number): Promise<void>;
}

function toPledge(doc: MissionPledgeDocument): MissionPledge {
  return {
    homeWeeks: doc.homeWeeks ?? null,
    abroad: doc.abroad,
    passportExpiry: doc.passportExpiry ? { jy: doc.passportExpiry.jy, jm: doc.passportExpiry.jm } : null,
    languages: (doc.languages ?? []).map((l) => ({ code: l.code, level: l.level })),
    trainings: [...(doc.trainings ?? [])],
    vaccinations: (doc.vaccinations ?? []).map((v) => ({ code: v.code, date: v.date })),
    note: doc.note ?? null,
  };
}

export function createMissionPledgeRepository(
  models: Pick<Models, 'missionPledges' | 'missionHours'>,
): MissionPledgeRepository {
  const collection = models.missionPledges;
  return {
    async get(key) {
      const doc = await collection.findById(key).lean<MissionPledgeDocument>();
      return doc ? toPledge(doc) : null;
    },
    async getMany(keys) {
      if (keys.length === 0) return new Map();
      const docs = await collection.find({ _id: { $in: [...keys] } }).lean<MissionPledgeDocument[]>();
      return new Map(docs.map((doc) => [doc._id, toPledge(doc)]));
    },
    async save(key, pledge, at) {
      const valid = missionPledgeSchema.parse(pledge);
      await collection.updateOne({ _id: key }, { $set: { ...valid, updatedAt: at } }, { upsert: true });
    },
    async remove(key) {
      await collection.deleteOne({ _id: key });
    },
    async findRemindable(after, limit) {
      const filter = {
        $or: [{ passportExpiry: { $ne: null } }, { 'vaccinations.0': { $exists: true } }],
        ...(after === null ? {} : { _id: { $gt: after } }),
      };
      const docs = await collection.find(filter).sort({ _id: 1 }).limit(limit).lean<MissionPledgeDocument[]>();
      return docs.map((doc) => ({ key: doc._id, pledge: toPledge(doc), remindersSent: doc.remindersSent ?? [] }));
    },
    async markReminded(key, reminderKeys) {
      if (reminderKeys.length === 0) return;
      await collection.updateOne({ _id: key }, { $addToSet: { remindersSent: { $each: [...reminderKeys] } } });
    },
    async hoursServed(key) {
      return (await models.missionHours.findById(key).lean<MissionHoursDocument>())?.hours ?? 0;
    },
    async addHours(key, hours) {
      await models.missionHours.updateOne({ _id: key }, { $inc: { hours } }, { upsert: true });
    },
  };
}
