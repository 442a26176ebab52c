/** The shortlist of a mission as a table, with what each volunteer brings against the requirements. */
import type { Locale } from '../../domain/locale.ts';
import type { Mission } from '../../domain/missions/mission.ts';
import { jalaliMonthText, type MissionPledge, passportValidAt } from '../../domain/missions/mission-pledge.ts';
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
import type { MissionShortlist, ShortlistEntry } from './mission-shortlist.service.ts';
import { nameOf } from './mission-texts.ts';

/** The table's columns, in order: the export's headers and the dashboard's are both named by these codes. */
export const SHORTLIST_COLUMNS = [
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

interface Reader {
  locale: Locale;
  t: Translate;
}

/** One volunteer's row: who they are, where they stand, and their long-missions part against the requirements. */
function rowOf(
  { locale, t }: Reader,
  requirements: Mission['requirements'],
  entry: ShortlistEntry,
  person: { pledge: MissionPledge | null; province: string },
): string[] {
  const { pledge, province } = person;
  const passport = pledge?.passportExpiry ?? null;
  const passportOk = passportValidAt(passport, requirements.endsOn, requirements.passportMonthsAfterReturn ?? 0);
  const language = (l: MissionPledge['languages'][number]) =>
    t(locale, 'missions:languages.with_level', {
      language: nameOf(getLanguage(l.code), locale, l.code),
      level: nameOf(getLanguageLevel(l.level), locale, l.level),
    });
  const vaccination = (v: MissionPledge['vaccinations'][number]) =>
    `${nameOf(getMissionVaccination(v.code), locale, v.code)} ${jalaliNumeric(v.date)}`;
  return [
    entry.name,
    nameOf(getSpecialty(entry.specialty), locale, entry.specialty),
    nameOf(getProvince(province), locale, province),
    t(locale, `missions:board.state.${entry.state}`),
    passport ? jalaliMonthText(locale, passport) : '',
    t(locale, passportOk ? 'missions:card.yes' : 'missions:card.no'),
    (pledge?.languages ?? []).map(language).join(' / '),
    (pledge?.trainings ?? []).map((c) => nameOf(getTraining(c), locale, c)).join(' / '),
    (pledge?.vaccinations ?? []).map(vaccination).join(' / '),
    pledge?.note ?? '',
  ];
}

/**
 * The shortlist as table rows, each beside its entry, in one reader's words; undefined when it is not the person's
 * mission. The CSV export and the dashboard's mission page both show this.
 */
export async function shortlistTable(
  deps: Pick<MissionDeps, 'pledges' | 'volunteers'>,
  shortlist: MissionShortlist,
  request: Reader & { missionId: string; coordinatorKey: string },
) {
  const view = await shortlist.board(request.missionId, request.coordinatorKey);
  if (!view) return undefined;
  const rows: { entry: ShortlistEntry; cells: string[] }[] = [];
  for (const entry of view.shortlist) {
    const pledge = await deps.pledges.get(entry.key);
    const province = (await deps.volunteers.get(entry.key))?.province ?? '';
    rows.push({ entry, cells: rowOf(request, view.mission.requirements, entry, { pledge, province }) });
  }
  return { view, rows };
}

/** A CSV of the shortlist (never a passport number: none is stored); undefined when it is not the person's mission. */
export async function missionShortlistCsv(
  deps: Pick<MissionDeps, 'pledges' | 'volunteers'>,
  shortlist: MissionShortlist,
  request: Reader & { missionId: string; coordinatorKey: string },
): Promise<{ bytes: Uint8Array; fileName: string; rows: number } | undefined> {
  const { locale, t } = request;
  const shown = await shortlistTable(deps, shortlist, request);
  if (!shown) return undefined;
  const rows = shown.rows.map((row) => row.cells);
  const table: ExportTable = {
    sheetName: t(locale, 'missions:export.sheet'),
    headers: SHORTLIST_COLUMNS.map((c) => t(locale, `missions:export.columns.${c}`)),
    rows,
    rightToLeft: locale === 'fa',
  };
  return { bytes: toCsv(table), fileName: `nazr-mission-${request.missionId}.csv`, rows: rows.length };
}
