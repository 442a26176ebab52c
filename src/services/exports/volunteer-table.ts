import { reachPointsOf } from '../../domain/identity/reach-point.ts';
import type { Locale } from '../../domain/locale.ts';
import { getProvince } from '../../domain/reference/provinces.ts';
import { type Actor, canSeeContactDetails } from '../../domain/roles/actor.ts';
import { jalaliNumeric } from '../../domain/text/jalali-format.ts';
import { lastDayOf } from '../../domain/volunteers/pledge.ts';
import { effectiveStatus } from '../../domain/volunteers/pledge-state.ts';
import { OTHER_SPECIALTY, type Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { Tr } from '../../i18n/index.ts';
import { groupName, specialtyName, staffCityName } from '../reports/stats-chart.ts';
import type { ExportTable } from './table-files.ts';

/** The columns of the volunteers export, in order; headers are `coordinator:export.columns.<name>`. */
export const VOLUNTEER_COLUMNS = [
  'name',
  'mobile',
  'mobile_status',
  'messengers',
  'group',
  'specialty',
  'licence_number',
  'licence_status',
  'province',
  'city',
  'pledge_status',
  'hours_per_month',
  'hours_served',
  'registered_at',
  'valid_until',
] as const;

/** A Jalali date as spreadsheets sort it: `1404/01/15`, Tehran's calendar day; empty for none. */
export function jalaliCell(date: Date | null): string {
  return date ? jalaliNumeric(date) : '';
}

/** `1404/01/15 14:30`, Tehran time; empty for none. */
export function jalaliDateTimeCell(date: Date | null): string {
  return date ? jalaliNumeric(date, true) : '';
}

/**
 * One row per volunteer, in the reader's language. Phone and licence numbers only for admins and coordinators of
 * the volunteer's province (the export's scope guarantees it; the rule is applied per row all the same).
 */
export function volunteerTable(
  volunteers: readonly Volunteer[],
  actor: Actor,
  locale: Locale,
  t: Tr,
  now: Date,
): ExportTable {
  const rows = volunteers.map((v) => {
    const contact = canSeeContactDetails(actor, v.province);
    const cells: Record<(typeof VOLUNTEER_COLUMNS)[number], string | number> = {
      name: v.name,
      mobile: contact ? v.mobile : '',
      mobile_status: contact ? t(`coordinator:export.mobile.${v.mobileVerified ? 'verified' : 'unverified'}`) : '',
      messengers: reachPointsOf(v)
        .map((p) => t(`admin:platforms.${p.kind === 'messenger' ? p.platform : 'sms'}`))
        .join(t('common:list_separator')),
      group: groupName(v.group, locale),
      specialty:
        v.specialty === OTHER_SPECIALTY && v.specialtyOther ? v.specialtyOther : specialtyName(v.specialty, locale, t),
      licence_number: contact ? (v.licence?.number ?? '') : '',
      licence_status: v.licence
        ? t(`coordinator:export.licence.${v.licence.status}`)
        : t('coordinator:export.licence.none'),
      province: getProvince(v.province)?.[locale] ?? v.province,
      city: staffCityName(v.province, v.city, locale, t),
      pledge_status: t(`coordinator:export.status.${effectiveStatus(v, now)}`),
      hours_per_month: v.hoursPerMonth ?? t('coordinator:export.crisis_only'),
      hours_served: v.hoursServed,
      registered_at: jalaliCell(v.registeredAt),
      valid_until: v.validUntil ? jalaliCell(lastDayOf(v.validUntil)) : t('coordinator:export.indefinite'),
    };
    return VOLUNTEER_COLUMNS.map((column) => cells[column]);
  });
  return {
    sheetName: t('coordinator:export.sheet_volunteers'),
    headers: VOLUNTEER_COLUMNS.map((column) => t(`coordinator:export.columns.${column}`)),
    rows,
    rightToLeft: locale === 'fa',
  };
}
