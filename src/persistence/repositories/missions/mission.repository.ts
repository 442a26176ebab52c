import { type Mission, type MissionAnswerState, missionAnswerId } from '../../../domain/missions/mission.ts';
import type { Models } from '../../models/index.ts';
import type { MissionAnswerDocument, MissionDocument } from '../../models/mission.model.ts';

/** An invitation as stored: the answer and where the volunteer is reached. */
export type StoredMissionAnswer = Omit<MissionAnswerDocument, '_id' | 'updatedAt'>;

export interface MissionRepository {
  create(mission: Mission): Promise<void>;
  get(id: string): Promise<Mission | undefined>;
  listMine(coordinatorKey: string, limit: number): Promise<Mission[]>;
  markConfirmationsSent(id: string, at: Date): Promise<void>;
  /** Missions over by `now` whose hours were not credited yet. */
  findToCredit(now: Date, limit: number): Promise<Mission[]>;
  /** Marks the hours credited; false when another run did it first. */
  markCredited(id: string, at: Date): Promise<boolean>;
  invite(answers: readonly StoredMissionAnswer[], at: Date): Promise<void>;
  answerOf(missionId: string, volunteerKey: string): Promise<StoredMissionAnswer | undefined>;
  answers(missionId: string): Promise<StoredMissionAnswer[]>;
  /** Moves an answer from one of `from` to `to`; false when it was in none of them (a late or repeated tap). */
  move(
    missionId: string,
    volunteerKey: string,
    from: readonly MissionAnswerState[],
    to: MissionAnswerState,
    at: Date,
  ): Promise<boolean>;
}

function toMission(doc: MissionDocument): Mission {
  const { _id, ...rest } = doc;
  const destination =
    rest.destination.kind === 'abroad'
      ? { kind: 'abroad' as const, country: rest.destination.country, city: rest.destination.city }
      : { kind: 'home' as const, province: rest.destination.province, city: rest.destination.city };
  return { ...rest, id: _id, destination };
}

function toAnswer(doc: MissionAnswerDocument): StoredMissionAnswer {
  const { _id, updatedAt: _updatedAt, ...rest } = doc;
  return rest;
}

export function createMissionRepository(models: Pick<Models, 'missions' | 'missionAnswers'>): MissionRepository {
  const { missions, missionAnswers } = models;
  return {
    async create(mission) {
      const { id, ...rest } = mission;
      await missions.create({ _id: id, ...rest });
    },
    async get(id) {
      const doc = await missions.findById(id).lean<MissionDocument>();
      return doc ? toMission(doc) : undefined;
    },
    async listMine(coordinatorKey, limit) {
      const docs = await missions
        .find({ 'coordinator.key': coordinatorKey })
        .sort({ createdAt: -1 })
        .limit(limit)
        .lean<MissionDocument[]>();
      return docs.map(toMission);
    },
    async markConfirmationsSent(id, at) {
      await missions.updateOne({ _id: id }, { $set: { confirmationsSentAt: at } });
    },
    async findToCredit(now, limit) {
      const docs = await missions
        .find({ status: { $ne: 'cancelled' }, hoursCreditedAt: null, 'requirements.endsOn': { $lt: now } })
        .limit(limit)
        .lean<MissionDocument[]>();
      return docs.map(toMission);
    },
    async markCredited(id, at) {
      const result = await missions.updateOne({ _id: id, hoursCreditedAt: null }, { $set: { hoursCreditedAt: at } });
      return result.modifiedCount === 1;
    },
    async invite(answers, at) {
      if (answers.length === 0) return;
      const docs = answers.map((a) => ({ ...a, _id: missionAnswerId(a.missionId, a.volunteerKey), updatedAt: at }));
      await missionAnswers.insertMany(docs, { ordered: false });
    },
    async answerOf(missionId, volunteerKey) {
      const doc = await missionAnswers.findById(missionAnswerId(missionId, volunteerKey)).lean<MissionAnswerDocument>();
      return doc ? toAnswer(doc) : undefined;
    },
    async answers(missionId) {
      const docs = await missionAnswers.find({ missionId }).lean<MissionAnswerDocument[]>();
      return docs.map(toAnswer);
    },
    async move(missionId, volunteerKey, from, to, at) {
      const volunteered = to === 'volunteered' ? { volunteeredAt: at } : {};
      const result = await missionAnswers.updateOne(
        { _id: missionAnswerId(missionId, volunteerKey), state: { $in: [...from] } },
        { $set: { state: to, updatedAt: at, ...volunteered } },
      );
      return result.modifiedCount === 1;
    },
  };
}
