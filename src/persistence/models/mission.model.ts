import { Schema, type SchemaDefinition } from 'mongoose';
import { LOCALES, type Locale } from '../../domain/locale.ts';
import {
  MISSION_ANSWER_STATES,
  MISSION_STATUSES,
  type Mission,
  type MissionAnswer,
} from '../../domain/missions/mission.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, required } from './fields.ts';

/** A mission; destination, requirements and needs are stored as the domain shapes them. */
export interface MissionDocument extends Omit<Mission, 'id'> {
  _id: string;
}

const sub = (shape: SchemaDefinition) => new Schema(shape, { _id: false });
const destination = sub({ kind: String, country: String, province: String, city: String });
const requirements = sub({
  abroad: Boolean,
  startsOn: Date,
  endsOn: Date,
  passportMonthsAfterReturn: { type: Number, default: null },
  languages: [sub({ code: String, minLevel: String })],
  trainings: [String],
  vaccinations: [String],
});
const need = sub({ specialty: String, count: Number });
const coordinator = sub({ key: String, platform: String, chatId: String, locale: String });

export const missionSchema = collectionSchema<MissionDocument>('missions', {
  ...required({ _id: String, title: String, meetingPoint: String, contact: String, createdAt: Date, invited: Number }),
  kind: { type: String, enum: ['mission'], required: true },
  status: { type: String, enum: MISSION_STATUSES, required: true },
  destination: { type: destination, required: true },
  requirements: { type: requirements, required: true },
  needs: { type: [need], required: true },
  coordinator: { type: coordinator, required: true },
  confirmationsSentAt: { type: Date, default: null },
  hoursCreditedAt: { type: Date, default: null },
});
missionSchema.index({ 'coordinator.key': 1, createdAt: -1 });

/** One invited volunteer's answer to a mission, keyed `<missionId>:<volunteerKey>`. */
export interface MissionAnswerDocument extends MissionAnswer {
  _id: string;
  platform: Platform;
  chatId: string;
  locale: Locale;
  specialty: string;
  updatedAt: Date;
}

export const missionAnswerSchema = collectionSchema<MissionAnswerDocument>('mission_answers', {
  ...required({ _id: String, missionId: String, volunteerKey: String, chatId: String, specialty: String }),
  platform: { type: String, enum: PLATFORMS, required: true },
  locale: { type: String, enum: LOCALES, required: true },
  state: { type: String, enum: MISSION_ANSWER_STATES, required: true },
  volunteeredAt: { type: Date, default: null },
  updatedAt: { type: Date, required: true },
});
missionAnswerSchema.index({ missionId: 1 });
