import { Schema } from 'mongoose';
import { CALLUP_STATUSES, type CallUp, type FirstWaveState } from '../../domain/callups/callup.ts';
import { collectionSchema, type Fields, nullable, required } from './fields.ts';

/**
 * A call-up, `_id` = its short id. Hot paths read it by `_id` only (pushed down on FerretDB); the few open call-ups
 * are listed by status for the follow-up jobs.
 */
export type CallUpDocument = Omit<CallUp, 'id' | 'firstWave' | 'queuingUntil' | 'queuingBy'> & {
  _id: string;
  /** Missing on call-ups stored before it existed: their first wave was queued in one go. */
  firstWave?: FirstWaveState;
  queuingUntil?: Date | null;
  queuingBy?: string | null;
};

const point = new Schema({ latitude: Number, longitude: Number }, { _id: false });
const need = new Schema({ specialty: String, count: Number }, { _id: false });
const filled = new Schema({ specialty: String, at: Date }, { _id: false });
const boardShown = new Schema({ readFrom: Date, inFlight: Boolean }, { _id: false });
const coordinator = new Schema({ key: String, platform: String, chatId: String, locale: String }, { _id: false });

export const callUpSchema = collectionSchema<CallUpDocument>(
  'callups',
  {
    ...required({
      _id: String,
      crisisType: String,
      urgency: String,
      drill: Boolean,
      title: String,
      description: String,
      province: String,
      city: String,
      startsAt: Date,
      startsNow: Boolean,
      durationHours: Number,
      meetingPoint: String,
      contact: String,
      coordinator: coordinator,
      createdAt: Date,
      updatedAt: Date,
    }),
    ...nullable({
      location: point,
      meetingPin: point,
      statusMessageId: Number,
      extendedAt: Date,
      escalatedAt: Date,
      lastWaveAt: Date,
      queuingUntil: Date,
      queuingBy: String,
      wavesReadFrom: Date,
      filledAt: Date,
      closedAt: Date,
      failedOverAt: Date,
      cancelledAt: Date,
      reconfirmAskedAt: Date,
      wrapUpSentAt: Date,
      attendanceSavedAt: Date,
    }),
    status: { type: String, enum: CALLUP_STATUSES, required: true },
    // Checked by the domain's zod schema; absent on call-ups of the province (and those stored before targets).
    target: { type: Schema.Types.Mixed, default: undefined },
    needs: { type: [need], required: true },
    reachProvinces: { type: [String], required: true },
    waves: { type: Number, default: 0 },
    firstWave: { type: String, enum: ['queuing', 'queued'] },
    specialtyFilledAt: { type: [filled], default: [] },
    boardShown: { type: boardShown, default: undefined },
    notices: { type: Number, default: 0 },
  } satisfies Fields<CallUpDocument>,
  { minimize: false },
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

export const callUpSeatSchema = collectionSchema<CallUpSeatDocument>('callup_seats', {
  ...required({ _id: String, callUpId: String, specialty: String, volunteerKey: String, takenAt: Date }),
});

/**
 * The volunteers a call-up's first wave invites, chosen and ranked once at the confirm, `_id` = the call-up's id: a
 * restart queues the rest of the wave from here instead of loading and ranking every pledge again. The first `queued`
 * of them (in this order) have their invitation and card stored. Kept only while the wave is being queued.
 */
export interface CallUpPicksDocument {
  _id: string;
  /** The volunteers' keys in the order they are invited, in runs of one specialty. */
  picks: { specialty: string; keys: string[] }[];
  queued: number;
  createdAt: Date;
}

const picksOfSpecialty = new Schema({ specialty: String, keys: [String] }, { _id: false });

export const callUpPicksSchema = collectionSchema<CallUpPicksDocument>('callup_picks', {
  ...required({ _id: String, queued: Number, createdAt: Date }),
  picks: { type: [picksOfSpecialty], required: true },
});
