import { Schema } from 'mongoose';
import { CALLUP_STATUSES, type CallUpStatus, type FirstWaveState } from '../../domain/callups/callup.ts';
import type { Locale } from '../../domain/locale.ts';
import type { Platform } from '../../domain/platform.ts';

/**
 * A call-up, `_id` = its short id. Hot paths read it by `_id` only (pushed down on FerretDB); the few open call-ups
 * are listed by status for the follow-up jobs.
 */
export interface CallUpDocument {
  _id: string;
  status: CallUpStatus;
  crisisType: string;
  urgency: 'immediate' | 'urgent' | 'scheduled';
  drill: boolean;
  title: string;
  description: string;
  province: string;
  city: string;
  location: { latitude: number; longitude: number } | null;
  needs: { specialty: string; count: number }[];
  startsAt: Date;
  startsNow: boolean;
  durationHours: number;
  meetingPoint: string;
  contact: string;
  coordinator: { key: string; platform: Platform; chatId: string; locale: Locale };
  statusMessageId: number | null;
  reachProvinces: string[];
  extendedAt: Date | null;
  escalatedAt: Date | null;
  lastWaveAt: Date | null;
  waves: number;
  /** Missing on call-ups stored before it existed: their first wave was queued in one go. */
  firstWave?: FirstWaveState;
  queuingUntil?: Date | null;
  specialtyFilledAt: { specialty: string; at: Date }[];
  filledAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  reconfirmAskedAt: Date | null;
  wrapUpSentAt: Date | null;
  attendanceSavedAt: Date | null;
  notices: number;
  createdAt: Date;
  updatedAt: Date;
}

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
  },
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
