/**
 * A registered volunteer and their pledge, as one record keyed by the user key (`"bale:123"`). The fields a call-up
 * matches on (status, specialty, reach, modes, availability) are top level so one indexed query finds candidates.
 * Every write is parsed by these schemas before it reaches the database.
 */
import { z } from 'zod';
import { coarsen } from '../geo/coarse.ts';
import { type GeoPoint, geoPointSchema } from '../geo/geo-point.ts';
import { type ReachPoint, reachPointSchema } from '../identity/reach-point.ts';
import { LOCALES, type Locale } from '../locale.ts';
import { PLATFORM_PATTERN, PLATFORMS, type Platform } from '../platform.ts';
import { getProvince } from '../reference/provinces.ts';
import { getSpecialty, getSpecialtyGroup, LICENCE_BODIES, type LicenceBody } from '../reference/specialties.ts';
import { PERSON_NAME_LENGTH } from '../validation/person-name.ts';
import {
  NOTE_MAX_LENGTH,
  PLEDGE_HOURS,
  type PledgeTerms,
  REACH_OPTIONS,
  SERVICE_MODES,
  TIME_WINDOWS,
  WEEKDAYS,
} from './pledge.ts';

/** `active` and `paused` pledges are in force; `expired` passed its end date; `withdrawn` was ended by the volunteer. */
export const VOLUNTEER_STATUSES = ['active', 'paused', 'expired', 'withdrawn'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

/** A council number is taken on trust until a coordinator checks it on the council's public search. */
export const LICENCE_STATUSES = ['unverified', 'verified', 'rejected'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/** The specialty code of a volunteer whose specialty is not in the list; their own words are in `specialtyOther`. */
export const OTHER_SPECIALTY = 'other';

export const CITY_LENGTH = { min: 2, max: 50 } as const;
export const OTHER_SPECIALTY_LENGTH = { min: 2, max: 60 } as const;

export interface Licence {
  body: Exclude<LicenceBody, 'none'>;
  /** As typed (normalised), e.g. «م-۱۲۳۴۵» → `م-12345`. */
  number: string;
  digits: string;
  status: LicenceStatus;
}

/** Who the volunteer is and what they do. */
export interface VolunteerProfile {
  name: string;
  /** E.164, `+989XXXXXXXXX`. */
  mobile: string;
  /**
   * True when the number came from the messenger's "share my number" with the sender's own user id (or a code sent
   * to it); typed numbers are unverified (absent on records older than this), and never link accounts.
   */
  mobileVerified?: boolean | undefined;
  /** Profession group code (specialties.json `groups`). */
  group: string;
  /** Specialty code, or `other` with their words in `specialtyOther`. */
  specialty: string;
  specialtyOther: string | null;
  licence: Licence | null;
  province: string;
  city: string;
  /** A pin shared for call-ups by distance, stored coarse (see coarse.ts); absent or null when none is shared. */
  location?: GeoPoint | null;
}

/** Which chat the volunteer is reached in, and in which language. */
export interface VolunteerIdentity {
  /** The user key, `"<platform>:<platformUserId>"`. */
  key: string;
  platform: Platform;
  chatId: string;
  locale: Locale;
}

export interface Volunteer extends VolunteerIdentity, VolunteerProfile, PledgeTerms {
  status: VolunteerStatus;
  /** Set while `paused`: Tehran midnight of the day the pledge resumes. */
  pausedUntil: Date | null;
  /** "Not available until": a short absence that leaves the pledge in force. */
  unavailableUntil: Date | null;
  reachProvinces: string[];
  reachAnywhere: boolean;
  /** False once messages to the chat fail permanently (the bot was blocked). */
  reachable: boolean;
  /** Every account and number the person is reached at, preferred first (see domain/identity/reach-point.ts). */
  reachPoints?: ReachPoint[] | undefined;
  /** Filled by call-ups. */
  hoursServed: number;
  /**
   * The place of the base they belong to, where distance call-ups put them without a pin (see location-of.ts); set
   * by the bases feature through services/nearest/base-location.ts, not by the volunteer; absent without a base.
   */
  baseLocation?: GeoPoint | null;
  nextCheckInAt: Date;
  lastCheckInAt: Date | null;
  /** The last time the volunteer said the pledge still stands (registration, check-in, an edit). */
  confirmedAt: Date;
  registeredAt: Date;
  updatedAt: Date;
}

/** The form a registration fills in: everything the volunteer answers. */
export type RegistrationInput = VolunteerIdentity & VolunteerProfile & PledgeTerms;

/** The fields a volunteer may change afterwards from their profile. */
export type ProfileChanges = Partial<VolunteerProfile & PledgeTerms>;

const textWithin = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => [...s].length >= min && [...s].length <= max, `must be ${min}–${max} characters`);

const dateOrNull = z.date().nullable();

const licenceSchema = z.object({
  body: z.enum(LICENCE_BODIES).exclude(['none']),
  number: z.string().min(1).max(20),
  digits: z.string().regex(/^\d{1,7}$/),
  status: z.enum(LICENCE_STATUSES),
});

export const profileSchema = z.object({
  name: textWithin(PERSON_NAME_LENGTH.min, PERSON_NAME_LENGTH.max),
  mobile: z.string().regex(/^\+989\d{9}$/, 'must be an Iranian mobile in E.164'),
  mobileVerified: z.boolean().optional(),
  group: z.string().refine((code) => getSpecialtyGroup(code) !== undefined, 'unknown profession group'),
  specialty: z.string(),
  specialtyOther: textWithin(OTHER_SPECIALTY_LENGTH.min, OTHER_SPECIALTY_LENGTH.max).nullable(),
  licence: licenceSchema.nullable(),
  province: z.string().refine((code) => getProvince(code) !== undefined, 'unknown province'),
  city: textWithin(CITY_LENGTH.min, CITY_LENGTH.max),
  // Coarsened on every parse, so no write path can store the exact point.
  location: geoPointSchema.transform(coarsen).nullable().optional(),
});

export const pledgeSchema = z.object({
  hoursPerMonth: z.number().int().min(PLEDGE_HOURS.min).max(PLEDGE_HOURS.max).nullable(),
  days: z.array(z.union(WEEKDAYS.map((d) => z.literal(d)))).min(1),
  windows: z.array(z.enum(TIME_WINDOWS)).min(1),
  modes: z.array(z.enum(SERVICE_MODES)).min(1),
  reach: z.enum(REACH_OPTIONS),
  validUntil: dateOrNull,
  note: z.string().max(NOTE_MAX_LENGTH).nullable(),
});

export const identitySchema = z.object({
  key: z.string().regex(new RegExp(`^(${PLATFORM_PATTERN}):\\d+$`)),
  platform: z.enum(PLATFORMS),
  chatId: z.string().regex(/^-?\d+$/),
  locale: z.enum(LOCALES),
});

/** Rules that span fields: the specialty belongs to the group, "other" carries words, no repeats in lists. */
function checkProfile(
  v: { group: string; specialty: string; specialtyOther: string | null } & Partial<PledgeTerms>,
  ctx: z.RefinementCtx,
): void {
  if (v.specialty === OTHER_SPECIALTY) {
    if (v.specialtyOther === null)
      ctx.addIssue({ code: 'custom', message: 'describe the specialty', path: ['specialtyOther'] });
  } else {
    if (getSpecialty(v.specialty)?.group !== v.group) {
      ctx.addIssue({ code: 'custom', message: 'unknown specialty for the group', path: ['specialty'] });
    }
    if (v.specialtyOther !== null)
      ctx.addIssue({ code: 'custom', message: 'only for "other"', path: ['specialtyOther'] });
  }
  for (const list of ['days', 'windows', 'modes'] as const) {
    const values = v[list] as readonly unknown[] | undefined;
    if (values && new Set(values).size !== values.length)
      ctx.addIssue({ code: 'custom', message: 'repeated', path: [list] });
  }
}

export const registrationSchema = identitySchema
  .extend(profileSchema.shape)
  .extend(pledgeSchema.shape)
  .superRefine(checkProfile);

export const volunteerSchema = identitySchema
  .extend(profileSchema.shape)
  .extend(pledgeSchema.shape)
  .extend({
    status: z.enum(VOLUNTEER_STATUSES),
    pausedUntil: dateOrNull,
    unavailableUntil: dateOrNull,
    reachProvinces: z.array(z.string()).min(1),
    reachAnywhere: z.boolean(),
    reachable: z.boolean(),
    reachPoints: z.array(reachPointSchema).min(1).optional(),
    hoursServed: z.number().min(0),
    // A base's place is public: kept as given, unlike the volunteer's own pin.
    baseLocation: geoPointSchema.nullable().optional(),
    nextCheckInAt: z.date(),
    lastCheckInAt: dateOrNull,
    confirmedAt: z.date(),
    registeredAt: z.date(),
    updatedAt: z.date(),
  })
  .superRefine((v, ctx) => {
    checkProfile(v, ctx);
    if ((v.status === 'paused') !== (v.pausedUntil !== null)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a paused pledge, and only one, has pausedUntil',
        path: ['pausedUntil'],
      });
    }
    if (!v.reachProvinces.includes(v.province)) {
      ctx.addIssue({ code: 'custom', message: 'the own province is always reached', path: ['reachProvinces'] });
    }
  });

/** A registration in progress, recorded after consent only so that one reminder can be sent if it is abandoned. */
export interface RegistrationDraft extends VolunteerIdentity {
  startedAt: Date;
  remindedAt: Date | null;
}

export const registrationDraftSchema = identitySchema.extend({
  startedAt: z.date(),
  remindedAt: dateOrNull,
});
