import type { MissionPledge } from '../../domain/missions/mission-pledge.ts';
import { collectionSchema, type Fields, required } from './fields.ts';

/**
 * A volunteer's long-missions part, keyed by the volunteer's key; kept apart from the volunteer record because few
 * volunteers fill it in and a shift call-up never reads it. `remindersSent` holds the keys of reminders given once.
 */
export interface MissionPledgeDocument extends MissionPledge {
  _id: string;
  remindersSent: string[];
  updatedAt: Date;
}

const fields: Fields<MissionPledgeDocument> = {
  ...required({ _id: String, abroad: Boolean, updatedAt: Date }),
  homeWeeks: { type: Number, default: null },
  passportExpiry: { type: { jy: Number, jm: Number, _id: false }, default: null },
  languages: { type: [{ code: String, level: String, _id: false }], default: [] },
  trainings: { type: [String], default: [] },
  vaccinations: { type: [{ code: String, date: Date, _id: false }], default: [] },
  note: { type: String, default: null },
  remindersSent: { type: [String], default: [] },
};

export const missionPledgeSchema = collectionSchema<MissionPledgeDocument>('mission_pledges', fields);

/** Hours served on missions by one volunteer (days × the configured hours a day), apart from shift hours. */
export interface MissionHoursDocument {
  _id: string;
  hours: number;
}

export const missionHoursSchema = collectionSchema<MissionHoursDocument>('mission_hours', {
  ...required({ _id: String, hours: Number }),
});
