import type { DistanceBand } from '../../domain/geo/bands.ts';
import type { Locale } from '../../domain/locale.ts';
import { getProvince } from '../../domain/reference/provinces.ts';
import { type Actor, canSeeContactDetails } from '../../domain/roles/actor.ts';
import type { Tr } from '../../i18n/index.ts';
import { specialtyName } from '../reports/stats-chart.ts';
import type { ExportTable } from './table-files.ts';
import { jalaliDateTimeCell } from './volunteer-table.ts';

/** One invited volunteer's answer to a call-up, as the call-up module reports it. */
export interface CallUpAnswerRow {
  name: string;
  mobile: string;
  /** Typed numbers are shown as unverified (see domain/identity). */
  mobileVerified: boolean;
  specialty: string;
  province: string;
  /** `yes`, `late`, `no`, `waiting` (standby), or `none` (no answer yet). */
  answer: string;
  etaMinutes: number | null;
  answeredAt: Date | null;
  /** In a call-up by distance, their ring around the incident when invited. */
  distanceBand?: DistanceBand;
  /** For an offline member, the base whose leader answered for them. */
  relayedBy?: string;
}

export interface CallUpForExport {
  id: string;
  province: string;
  title: string;
  answers: CallUpAnswerRow[];
}

/** Finds a call-up with its answers; erased volunteers must already be left out by the source. */
export interface CallUpAnswersSource {
  find(callUpId: string): Promise<CallUpForExport | undefined>;
}

export const CALLUP_COLUMNS = [
  'name',
  'mobile',
  'mobile_status',
  'specialty',
  'province',
  'answer',
  'eta',
  'answered_at',
  'distance',
  'relayed_by',
] as const;

export function callUpAnswersTable(callUp: CallUpForExport, actor: Actor, locale: Locale, t: Tr): ExportTable {
  return {
    sheetName: t('coordinator:export.sheet_callup'),
    headers: CALLUP_COLUMNS.map((c) => t(`coordinator:export.callup_columns.${c}`)),
    rows: callUp.answers.map((a) => [
      a.name,
      canSeeContactDetails(actor, a.province) ? a.mobile : '',
      canSeeContactDetails(actor, a.province)
        ? t(`coordinator:export.mobile.${a.mobileVerified ? 'verified' : 'unverified'}`)
        : '',
      specialtyName(a.specialty, locale, t),
      getProvince(a.province)?.[locale] ?? a.province,
      t(`coordinator:export.answers.${a.answer}`, { defaultValue: a.answer }),
      a.etaMinutes ?? '',
      jalaliDateTimeCell(a.answeredAt),
      a.distanceBand ? t(`common:distance.band.${a.distanceBand}`) : '',
      a.relayedBy ?? '',
    ]),
    rightToLeft: locale === 'fa',
  };
}
