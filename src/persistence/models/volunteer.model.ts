import { Schema } from 'mongoose';
import type { ReachPoint } from '../../domain/identity/reach-point.ts';
import { LOCALES, type Locale } from '../../domain/locale.ts';
import { PLATFORMS, type Platform } from '../../domain/platform.ts';
import { collectionSchema, optional } from './fields.ts';

/**
 * One document per user key (`_id` = `"bale:123"`) across a volunteer's whole life: `registering` after consent
 * (so an abandoned registration gets its one reminder), then the pledge statuses, and after "delete my data" only an
 * anonymous `erased` remainder under a random `_id` that keeps the served-hours count. Shapes are checked by the
 * domain's zod schemas before every write, so the schema here only types and indexes.
 */
export const VOLUNTEER_RECORD_STATUSES = ['registering', 'active', 'paused', 'expired', 'withdrawn', 'erased'] as const;
export type VolunteerRecordStatus = (typeof VOLUNTEER_RECORD_STATUSES)[number];

export interface VolunteerDocument {
  _id: string;
  status: VolunteerRecordStatus;
  platform?: Platform;
  chatId?: string;
  locale?: Locale;
  name?: string;
  mobile?: string;
  mobileVerified?: boolean;
  group?: string;
  specialty?: string;
  specialtyOther?: string | null;
  licence?: { body: string; number: string; digits: string; status: 'unverified' | 'verified' | 'rejected' } | null;
  province?: string;
  city?: string;
  /** The volunteer's own pin, coarse. */
  location?: { lat: number; lon: number } | null;
  /** Their base's place, copied from the base (see services/nearest/base-location.ts). */
  baseLocation?: { lat: number; lon: number } | null;
  /**
   * Where distance call-ups place them (the pin, else the base's place, else the city's centre; see locationOf) as GeoJSON for MongoDB's
   * `2dsphere` index; written with every change of its sources, absent when neither is known.
   */
  geo?: { type: 'Point'; coordinates: [number, number] } | null;
  hoursPerMonth?: number | null;
  days?: number[];
  windows?: string[];
  modes?: string[];
  reach?: string;
  reachProvinces?: string[];
  reachAnywhere?: boolean;
  validUntil?: Date | null;
  pausedUntil?: Date | null;
  unavailableUntil?: Date | null;
  note?: string | null;
  reachable?: boolean;
  reachPoints?: ReachPoint[];
  hoursServed?: number;
  nextCheckInAt?: Date;
  lastCheckInAt?: Date | null;
  confirmedAt?: Date;
  registeredAt?: Date;
  updatedAt?: Date;
  /** Registration drafts only. */
  startedAt?: Date;
  remindedAt?: Date | null;
}

const licenceSchema = new Schema(
  {
    body: { type: String, required: true },
    number: { type: String, required: true },
    digits: { type: String, required: true },
    status: { type: String, enum: ['unverified', 'verified', 'rejected'], required: true },
  },
  { _id: false },
);

export const volunteerSchema = collectionSchema<VolunteerDocument>(
  'volunteers',
  {
    _id: { type: String, required: true },
    status: { type: String, enum: VOLUNTEER_RECORD_STATUSES, required: true },
    platform: { type: String, enum: PLATFORMS },
    locale: { type: String, enum: LOCALES },
    // A registration draft fills these a step at a time: each is absent until written (arrays too, not []).
    ...optional({
      chatId: String,
      name: String,
      mobile: String,
      mobileVerified: Boolean,
      group: String,
      specialty: String,
      specialtyOther: String,
      licence: licenceSchema,
      province: String,
      city: String,
      location: new Schema({ lat: Number, lon: Number }, { _id: false }),
      baseLocation: new Schema({ lat: Number, lon: Number }, { _id: false }),
      geo: new Schema({ type: { type: String }, coordinates: [Number] }, { _id: false }),
      hoursPerMonth: Number,
      days: [Number],
      windows: [String],
      modes: [String],
      reach: String,
      reachProvinces: [String],
      reachAnywhere: Boolean,
      validUntil: Date,
      pausedUntil: Date,
      unavailableUntil: Date,
      note: String,
      reachable: Boolean,
      reachPoints: [Schema.Types.Mixed],
      hoursServed: Number,
      nextCheckInAt: Date,
      lastCheckInAt: Date,
      confirmedAt: Date,
      registeredAt: Date,
      updatedAt: Date,
      startedAt: Date,
      remindedAt: Date,
    }),
  },
  // minimize:false keeps explicit nulls ("crisis only", "indefinite") as written.
  { minimize: false },
);

// Call-up matching: active pledges of a specialty reaching a province (or anywhere).
// One array field per index: MongoDB cannot index two arrays (reachProvinces, modes) in one compound key.
volunteerSchema.index({ status: 1, specialty: 1, reachProvinces: 1 });
volunteerSchema.index({ status: 1, specialty: 1, reachAnywhere: 1 });
// The daily lifecycle jobs: check-ins due, pledges ended, pauses over, drafts to remind.
volunteerSchema.index({ status: 1, nextCheckInAt: 1 });
volunteerSchema.index({ status: 1, validUntil: 1 });
volunteerSchema.index({ status: 1, pausedUntil: 1 });
volunteerSchema.index({ status: 1, startedAt: 1 });
// Who else has this number: registration's ownership check and the duplicate review.
volunteerSchema.index({ mobile: 1 });
// A coordinator's queue of council numbers to check, by province.
volunteerSchema.index({ 'licence.status': 1, province: 1 });
