/** The shortlist of a mission as a table, with what each volunteer brings against the requirements. */
import type { Locale } from '../../domain/locale.ts';
import { jalaliMonthText, passportValidAt } from '../../domain/missions/mission-pledge.ts';
import {
  getLanguage,
  getLanguageLevel,
  getMissionVaccination,
  getTraining,
} from '../../domain/reference/mission-lists.ts';
import { getProvince } from '../../domain/reference/provinces.ts';
import { getSpecialty } from '../../domain/reference/specialties.ts';
import { jalaliNumeric } from '../../domain/text/jalali-format.ts';
import type { Translate } from '../../i18n/index.ts';
import { type ExportTable, toCsv } from '../exports/table-files.ts';
import type { MissionDeps } from './mission-callups.service.ts';
import type { MissionShortlist } from './mission-shortlist.service.ts';

const COLUMNS = [
  'name',
  'specialty',
  'province',
  'state',
  'passport',
  'passport_ok',
  'languages',
  'trainings',
  'vaccinations',
  'note',
] as const;

const label = (item: { fa: string; en: string } | undefined, locale: Locale, code: string) => item?.[locale] ?? code;

/** A CSV of the shortlist (never a passport number: none is stored); undefined when it is not the person's mission. */
export async function missionShortlistCsv(
  deps: Pick<MissionDeps, 'pledges' | 'volunteers'>,
  shortlist: MissionShortlist,
  request: { missionId: string; coordinatorKey: string; locale: Locale; t: Translate },
): Promise<{ bytes: Uint8Array; fileName: string; rows: number } | undefined> {
  const { locale, t } = request;
  const view = await shortlist.board(request.missionId, request.coordinatorKey);
  if (!view) return undefined;
  const { requirements } = view.mission;
  const rows: (string | number)[][] = [];
  for (const entry of view.shortlist) {
    const pledge = await deps.pledges.get(entry.key);
    const province = (await deps.volunteers.get(entry.key))?.province ?? '';
    const months = requirements.passportMonthsAfterReturn ?? 0;
    rows.push([
      entry.name,
      label(getSpecialty(entry.specialty), locale, entry.specialty),
      label(getProvince(province), locale, province),
      t(locale, `missions:board.state.${entry.state}`),
      pledge?.passportExpiry ? jalaliMonthText(locale, pledge.passportExpiry) : '',
      t(
        locale,
        passportValidAt(pledge?.passportExpiry ?? null, requirements.endsOn, months)
          ? 'missions:card.yes'
          : 'missions:card.no',
      ),
      (pledge?.languages ?? [])
        .map(
          (l) => `${label(getLanguage(l.code), locale, l.code)} (${label(getLanguageLevel(l.level), locale, l.level)})`,
        )
        .join(' / '),
      (pledge?.trainings ?? []).map((c) => label(getTraining(c), locale, c)).join(' / '),
      (pledge?.vaccinations ?? [])
        .map((v) => `${label(getMissionVaccination(v.code), locale, v.code)} ${jalaliNumeric(v.date)}`)
        .join(' / '),
      pledge?.note ?? '',
    ]);
  }
  const table: ExportTable = {
    sheetName: t(locale, 'missions:export.sheet'),
    headers: COLUMNS.map((c) => t(locale, `missions:export.columns.${c}`)),
    rows,
    rightToLeft: locale === 'fa',
  };
  return { bytes: toCsv(table), fileName: `nazr-mission-${request.missionId}.csv`, rows: rows.length };
}
