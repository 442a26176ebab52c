import { Schema } from 'mongoose';
import { CALLUP_STATUSES, type CallUp, type FirstWaveState } from '../../domain/callups/callup.ts';
import type { Fields } from './fields.ts';

/**
 * A call-up, `_id` = its short id. Hot paths read it by `_id` only (pushed down on FerretDB); the few open call-ups
 * are listed by status for the follow-up jobs.
 */
export type CallUpDocument = Omit<CallUp, 'id' | 'firstWave' | 'queuingUntil'> & {
  _id: string;
  /** Missing on call-ups stored before it existed: their first wave was queued in one go. */
  firstWave?: FirstWaveState;
  queuingUntil?: Date | null;
};

const point = new Schema({ latitude: Number, longitude: Number }, { _id: false });
const need = new Schema({ specialty: String, count: Number }, { _id: false });
const filled = new Schema({ specialty: String, at: Date }, { _id: false });
const coordinator = new Schema({ key: String, platform: String, chatId: String, locale: String }, { _id: false });

export const callUpSchema = new Schema<CallUpDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: CALLUP_STATUSES, required: true },
    crisisType: { type: String, required: true },
    urgency: { type: String, required: true },
    drill: { type: Boolean, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    province: { type: String, required: true },
    city: { type: String, required: true },
    location: { type: point, default: null },
    needs: { type: [need], required: true },
    startsAt: { type: Date, required: true },
    startsNow: { type: Boolean, required: true },
    durationHours: { type: Number, required: true },
    meetingPoint: { type: String, required: true },
    contact: { type: String, required: true },
    coordinator: { type: coordinator, required: true },
    statusMessageId: { type: Number, default: null },
    reachProvinces: { type: [String], required: true },
    extendedAt: { type: Date, default: null },
    escalatedAt: { type: Date, default: null },
    lastWaveAt: { type: Date, default: null },
    waves: { type: Number, default: 0 },
    firstWave: { type: String, enum: ['queuing', 'queued'] },
    queuingUntil: { type: Date, default: null },
    specialtyFilledAt: { type: [filled], default: [] },
    filledAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    reconfirmAskedAt: { type: Date, default: null },
    wrapUpSentAt: { type: Date, default: null },
    attendanceSavedAt: { type: Date, default: null },
    notices: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  } satisfies Fields<CallUpDocument>,
  { collection: 'callups', versionKey: false, minimize: false },
);

// The follow-up jobs list call-ups still running; reports list recent ones by province.
callUpSchema.index({ status: 1, createdAt: 1 });
callUpSchema.index({ province: 1, createdAt: 1 });

/**
 * One taken seat, `_id` = `${callUpId}:${specialty}:seat${n}`. Taking a seat is a plain insert: the unique `_id`
 * lets only one volunteer have it, on MongoDB and FerretDB alike, across any number of bot instances.
 */
export interface CallUpSeatDocument {
  _id: string;
  callUpId: string;
  specialty: string;
  volunteerKey: string;
  takenAt: Date;
}

export const callUpSeatSchema = new Schema<CallUpSeatDocument>(
  {
    _id: { type: String, required: true },
    callUpId: { type: String, required: true },
    specialty: { type: String, required: true },
    volunteerKey: { type: String, required: true },
    takenAt: { type: Date, required: true },
  },
  { collection: 'callup_seats', versionKey: false },
);
