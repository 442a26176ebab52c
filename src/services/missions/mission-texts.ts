/** The words of a mission, in one reader's language: the card, the details for the confirmed, the exclusions. */
import type { Locale } from '../../domain/locale.ts';
import type { MissionDestination, MissionDraft } from '../../domain/missions/mission.ts';
import { type ExclusionReason, missionDays, type ReadinessSummary } from '../../domain/missions/readiness.ts';
import {
  getCountry,
  getLanguage,
  getLanguageLevel,
  getMissionVaccination,
  getTraining,
} from '../../domain/reference/mission-lists.ts';
import { getProvince } from '../../domain/reference/provinces.ts';
import { getSpecialty } from '../../domain/reference/specialties.ts';
import { isolate } from '../../domain/text/persian-text.ts';
import type { Translate } from '../../i18n/index.ts';

type Draft = Pick<MissionDraft, 'title' | 'destination' | 'requirements' | 'needs'>;

export function destinationText(t: Translate, locale: Locale, d: MissionDestination): string {
  const place = d.kind === 'abroad' ? getCountry(d.country)?.[locale] : getProvince(d.province)?.[locale];
  return t(locale, 'missions:call.destination', { place: place ?? '', city: isolate(d.city) });
}

/** A reference list item's name in the reader's language; the code itself when the list no longer has it. */
export const nameOf = (item: { fa: string; en: string } | undefined, locale: Locale, code: string) =>
  item?.[locale] ?? code;

/** The requirements as a line each; none when the mission asks for nothing beyond the pledge. */
export function requirementLines(t: Translate, locale: Locale, draft: Draft): string[] {
  const r = draft.requirements;
  const lines: string[] = [];
  if (r.passportMonthsAfterReturn !== null)
    lines.push(t(locale, 'missions:call.needs_passport', { months: r.passportMonthsAfterReturn }));
  for (const l of r.languages) {
    const language = nameOf(getLanguage(l.code), locale, l.code);
    const level = nameOf(getLanguageLevel(l.minLevel), locale, l.minLevel);
    lines.push(t(locale, 'missions:call.needs_language', { language, level }));
  }
  const trainings = r.trainings.map((c) => nameOf(getTraining(c), locale, c));
  if (trainings.length > 0)
    lines.push(
      t(locale, 'missions:call.needs_trainings', { names: trainings.join(t(locale, 'common:list_separator')) }),
    );
  const vaccinations = r.vaccinations.map((c) => nameOf(getMissionVaccination(c), locale, c));
  if (vaccinations.length > 0)
    lines.push(
      t(locale, 'missions:call.needs_vaccinations', { names: vaccinations.join(t(locale, 'common:list_separator')) }),
    );
  return lines;
}

/** The invitation a volunteer reads: what, where, when, for how long, and what it asks for. */
export function missionCardText(t: Translate, locale: Locale, draft: Draft): string {
  const needs = draft.needs.map((n) =>
    t(locale, 'missions:call.need', {
      specialty: nameOf(getSpecialty(n.specialty), locale, n.specialty),
      count: n.count,
    }),
  );
  return [
    t(locale, 'missions:call.card_title', { title: isolate(draft.title) }),
    destinationText(t, locale, draft.destination),
    t(locale, 'missions:call.dates', {
      from: draft.requirements.startsOn,
      to: draft.requirements.endsOn,
      days: missionDays(draft.requirements),
    }),
    ...needs,
    ...requirementLines(t, locale, draft),
    t(locale, 'missions:call.two_step'),
  ].join('\n');
}

/** One exclusion reason in words: «بدون گذرنامه‌ی معتبر»، «بدون زبان عربی». */
export function reasonText(t: Translate, locale: Locale, reason: ExclusionReason): string {
  switch (reason.kind) {
    case 'language':
      return t(locale, 'missions:reasons.language', { name: nameOf(getLanguage(reason.code), locale, reason.code) });
    case 'training':
      return t(locale, 'missions:reasons.training', { name: nameOf(getTraining(reason.code), locale, reason.code) });
    case 'vaccination': {
      const name = nameOf(getMissionVaccination(reason.code), locale, reason.code);
      return t(locale, 'missions:reasons.vaccination', { name });
    }
    default:
      return t(locale, `missions:reasons.${reason.kind}`);
  }
}

/** «۱۲ بدون گذرنامه‌ی معتبر، ۵ بدون زبان عربی». */
export function exclusionsText(t: Translate, locale: Locale, summary: ReadinessSummary): string {
  return summary.exclusions
    .map((e) => t(locale, 'missions:reasons.counted', { count: e.count, reason: reasonText(t, locale, e.reason) }))
    .join(t(locale, 'common:list_separator'));
}
