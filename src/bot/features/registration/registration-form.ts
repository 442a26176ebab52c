import type { GeoPoint } from '../../../domain/geo/geo-point.ts';
import type { Reach, ServiceMode, TimeWindow, Weekday } from '../../../domain/volunteers/pledge.ts';
import type { CardField } from '../../../domain/volunteers/summary-card.ts';
import type {
  Licence,
  ProfileChanges,
  RegistrationInput,
  Volunteer,
  VolunteerIdentity,
} from '../../../domain/volunteers/volunteer.ts';
import type { FoundPerson } from '../../../services/identity/identity.service.ts';
import type { MissionHolder } from '../missions/mission-form.ts';

/**
 * The answers collected so far, kept in the chat's session by the flow engine (so only JSON-safe values: dates are
 * ISO strings). `undefined` = not answered yet; `null` = answered "none" (crisis only, indefinite, no note).
 */
export interface RegistrationForm extends MissionHolder {
  /** `register`: a new volunteer; `edit`: one field of an existing profile, saved as soon as it is answered. */
  purpose: 'register' | 'edit';
  /** Set when a registration's field is edited from the summary card, to come back to it afterwards. */
  returnTo?: 'summary';
  name?: string;
  mobile?: string;
  /** The number came from the messenger's own "share my number" (see domain/identity). */
  mobileVerified?: boolean;
  /** The person who proved the same number through another messenger, while asking "is this you?". */
  found?: FoundPerson;
  group?: string;
  specialty?: string;
  specialtyOther?: string | null;
  licence?: Licence | null;
  province?: string;
  city?: string;
  /** The pin shared, coarse; null: none (skipped or removed). */
  location?: GeoPoint | null;
  hoursPerMonth?: number | null;
  days?: Weekday[];
  windows?: TimeWindow[];
  modes?: ServiceMode[];
  reach?: Reach;
  validUntil?: string | null;
  note?: string | null;
  /** The page a paged keyboard shows. */
  page?: number;
  /** The options a typed answer fitted, shown instead of the whole list until one is tapped. */
  choices?: string[];
  /** A typed city not on the province's list, and where a city of that name is (see city-answer.ts). */
  cityTyped?: string;
  cityElsewhere?: string;
}

/** The first step that asks a card field (a specialty is asked through its profession group). */
export const STEP_OF_FIELD: Record<CardField, string> = {
  name: 'name',
  mobile: 'mobile',
  specialty: 'group',
  licence: 'licence',
  province: 'province',
  city: 'city',
  location: 'location',
  hours: 'hours',
  days: 'days',
  windows: 'windows',
  modes: 'modes',
  reach: 'reach',
  validUntil: 'valid_until',
  note: 'note',
};

export function isCardField(value: string): value is CardField {
  return Object.hasOwn(STEP_OF_FIELD, value);
}

/** A complete form as the data the card and the use cases read; undefined while anything is unanswered. */
export function formAnswers(form: RegistrationForm): Omit<RegistrationInput, keyof VolunteerIdentity> | undefined {
  const { name, mobile, group, specialty, province, city, hoursPerMonth, days, windows, modes, reach } = form;
  if (
    name === undefined ||
    mobile === undefined ||
    group === undefined ||
    specialty === undefined ||
    province === undefined ||
    city === undefined ||
    hoursPerMonth === undefined ||
    days === undefined ||
    windows === undefined ||
    modes === undefined ||
    form.validUntil === undefined
  ) {
    return undefined;
  }
  return {
    name,
    mobile,
    mobileVerified: form.mobileVerified === true,
    group,
    specialty,
    specialtyOther: form.specialtyOther ?? null,
    licence: form.licence ?? null,
    province,
    city,
    location: form.location ?? null,
    hoursPerMonth,
    days,
    windows,
    modes,
    reach: reach ?? 'own',
    validUntil: form.validUntil === null ? null : new Date(form.validUntil),
    note: form.note ?? null,
  };
}

export function formFromVolunteer(v: Volunteer): RegistrationForm {
  return {
    purpose: 'edit',
    name: v.name,
    mobile: v.mobile,
    mobileVerified: v.mobileVerified === true,
    group: v.group,
    specialty: v.specialty,
    specialtyOther: v.specialtyOther,
    licence: v.licence,
    province: v.province,
    city: v.city,
    location: v.location ?? null,
    hoursPerMonth: v.hoursPerMonth,
    days: v.days,
    windows: v.windows,
    modes: v.modes,
    reach: v.reach,
    validUntil: v.validUntil?.toISOString() ?? null,
    note: v.note,
  };
}

export function profileChanges(form: RegistrationForm): ProfileChanges {
  return formAnswers(form) ?? {};
}
