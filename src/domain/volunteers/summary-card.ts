/**
 * The summary card (registration's last step and "my profile"): which rows it has, in which order, and what each
 * shows, as data. The bot turns each value into words with the locale files; names of provinces and specialties come
 * from the reference data in the reader's language.
 */

import type { Locale } from '../locale.ts';
import { cityName } from '../reference/cities.ts';
import { getProvince } from '../reference/provinces.ts';
import { getSpecialty, getSpecialtyGroup } from '../reference/specialties.ts';
import { lastDayOf, needsReach, type PledgeTerms } from './pledge.ts';
import { availabilityOf, effectiveStatus } from './pledge-state.ts';
import { OTHER_SPECIALTY, type Volunteer, type VolunteerProfile } from './volunteer.ts';

/** Every field a volunteer answers, in the order registration asks them; each has an edit button on the card. */
export const CARD_FIELDS = [
  'name',
  'mobile',
  'specialty',
  'licence',
  'province',
  'city',
  'location',
  'hours',
  'days',
  'windows',
  'modes',
  'reach',
  'validUntil',
  'note',
] as const;
export type CardField = (typeof CARD_FIELDS)[number];

export type CardValue =
  /** The volunteer's own words or a reference name: shown as they are. */
  | { kind: 'text'; text: string }
  | { kind: 'mobile'; e164: string; verified: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'date'; date: Date }
  /** One locale key. */
  | { kind: 'label'; key: string; vars?: Record<string, unknown> }
  /** Several codes shown through `<prefix>.<code>` locale keys, joined. */
  | { kind: 'labels'; prefix: string; codes: readonly (string | number)[] };

export interface CardRow {
  field: CardField | 'status' | 'availability' | 'hoursServed';
  value: CardValue;
}

export type CardData = VolunteerProfile & PledgeTerms & Pick<Volunteer, 'baseLocation'>;

export function specialtyName(
  v: Pick<VolunteerProfile, 'specialty' | 'specialtyOther' | 'group'>,
  locale: Locale,
): string {
  if (v.specialty === OTHER_SPECIALTY) {
    const group = getSpecialtyGroup(v.group);
    return group ? `${group[locale]}: ${v.specialtyOther ?? ''}` : (v.specialtyOther ?? '');
  }
  return getSpecialty(v.specialty)?.[locale] ?? v.specialty;
}

export function provinceName(code: string, locale: Locale): string {
  return getProvince(code)?.[locale] ?? code;
}

/** The fields that apply to these answers: no licence row without a council, no reach row without travel. */
export function cardFields(v: Pick<CardData, 'specialty' | 'modes'>): CardField[] {
  const hasLicenceBody = (getSpecialty(v.specialty)?.licenceBody ?? 'none') !== 'none';
  return CARD_FIELDS.filter((field) => {
    if (field === 'licence') return hasLicenceBody;
    if (field === 'reach') return needsReach(v.modes);
    return true;
  });
}

function cardValue(field: CardField, v: CardData, locale: Locale): CardValue {
  switch (field) {
    case 'name':
      return { kind: 'text', text: v.name };
    case 'mobile':
      return { kind: 'mobile', e164: v.mobile, verified: v.mobileVerified === true };
    case 'specialty':
      return { kind: 'text', text: specialtyName(v, locale) };
    case 'licence':
      return v.licence
        ? { kind: 'label', key: `pledge:licence_status.${v.licence.status}`, vars: { number: v.licence.number } }
        : { kind: 'label', key: 'pledge:card.none' };
    case 'province':
      return { kind: 'text', text: provinceName(v.province, locale) };
    case 'city':
      return { kind: 'text', text: cityName(v.province, v.city, locale) };
    case 'location':
      return {
        kind: 'label',
        key: `pledge:location.${v.location ? 'shared' : v.baseLocation ? 'at_base' : 'not_shared'}`,
      };
    case 'hours':
      return v.hoursPerMonth === null
        ? { kind: 'label', key: 'pledge:hours.crisis_only' }
        : { kind: 'label', key: 'pledge:hours.per_month', vars: { hours: v.hoursPerMonth } };
    case 'days':
      return v.days.length === 7
        ? { kind: 'label', key: 'pledge:days.all' }
        : { kind: 'labels', prefix: 'pledge:days', codes: v.days };
    case 'windows':
      return { kind: 'labels', prefix: 'pledge:windows', codes: v.windows };
    case 'modes':
      return { kind: 'labels', prefix: 'pledge:modes', codes: v.modes };
    case 'reach':
      return { kind: 'label', key: `pledge:reach.${v.reach}` };
    case 'validUntil':
      return v.validUntil === null
        ? { kind: 'label', key: 'pledge:validity.indefinite' }
        : { kind: 'label', key: 'pledge:validity.until', vars: { date: lastDayOf(v.validUntil) } };
    case 'note':
      return v.note === null ? { kind: 'label', key: 'pledge:card.none' } : { kind: 'text', text: v.note };
  }
}

/** The rows of the summary card shown before the registration is confirmed. */
export function summaryCard(v: CardData, locale: Locale): CardRow[] {
  return cardFields(v).map((field) => ({ field, value: cardValue(field, v, locale) }));
}

/** Whether call-ups reach the volunteer now, as the profile and the availability screen word it. */
export function availabilityValue(
  v: Pick<Volunteer, 'status' | 'pausedUntil' | 'validUntil' | 'unavailableUntil'>,
  now: Date,
): Extract<CardValue, { kind: 'label' }> {
  switch (availabilityOf(v, now)) {
    case 'available':
      return { kind: 'label', key: 'pledge:availability.available' };
    case 'unavailable':
      return { kind: 'label', key: 'pledge:availability.unavailable_until', vars: { date: v.unavailableUntil } };
    case 'paused':
      return { kind: 'label', key: 'pledge:availability.paused', vars: { date: v.pausedUntil } };
    case 'inactive':
      return { kind: 'label', key: 'pledge:availability.inactive' };
  }
}

/** The profile card: the summary plus where the pledge stands now, availability and hours served. */
export function profileCard(v: Volunteer, locale: Locale, now: Date): CardRow[] {
  const status = effectiveStatus(v, now);
  const statusValue: CardValue =
    status === 'paused' && v.pausedUntil
      ? { kind: 'label', key: 'pledge:status.paused_until', vars: { date: v.pausedUntil } }
      : { kind: 'label', key: `pledge:status.${status}` };
  return [
    { field: 'status', value: statusValue },
    { field: 'availability', value: availabilityValue(v, now) },
    ...summaryCard(v, locale),
    { field: 'hoursServed', value: { kind: 'number', value: v.hoursServed } },
  ];
}
