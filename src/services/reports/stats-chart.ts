import type { Locale } from '../../domain/locale.ts';
import { cityName, isListedCity } from '../../domain/reference/cities.ts';
import { getSpecialty, getSpecialtyGroup } from '../../domain/reference/specialties.ts';
import { provinceNames } from '../../domain/roles/province-names.ts';
import { formatDate } from '../../domain/text/jalali-format.ts';
import { formatNumber } from '../../domain/text/persian-text.ts';
import { OTHER_SPECIALTY } from '../../domain/volunteers/volunteer.ts';
import type { Tr } from '../../i18n/index.ts';
import type { ChartSpec } from './bar-chart.svg.ts';
import type { ScopeStats } from './scope-stats.ts';

export function groupName(code: string, locale: Locale): string {
  const group = getSpecialtyGroup(code);
  return group ? group[locale] : code;
}

export function specialtyName(code: string, locale: Locale, t: Tr): string {
  if (code === OTHER_SPECIALTY) return t('coordinator:stats.other_specialty');
  const specialty = getSpecialty(code);
  return specialty ? specialty[locale] : code;
}

/**
 * A volunteer's city as staff read it: a listed city in the reader's language; a name on no list (taken after the
 * volunteer confirmed it) marked as unchecked.
 */
export function staffCityName(province: string, city: string, locale: Locale, t: Tr): string {
  return isListedCity(province, city) ? cityName(province, city, locale) : t('coordinator:city_unlisted', { city });
}

export function scopeName(stats: Pick<ScopeStats, 'scope'>, locale: Locale, t: Tr): string {
  return stats.scope.kind === 'country'
    ? t('coordinator:stats.country')
    : provinceNames(stats.scope.provinces, locale) || t('coordinator:stats.no_provinces');
}

const percent = (rate: number, locale: Locale, t: Tr) =>
  t('common:percent', { value: formatNumber(locale, Math.round(rate * 100)) });

/** What the chart shows, in the reader's language: the numbers are the report's own. */
export function statsChartSpec(stats: ScopeStats, locale: Locale, t: Tr, now: Date): ChartSpec {
  const calls = stats.callUps;
  return {
    locale,
    title: t('coordinator:stats.chart_title', { scope: scopeName(stats, locale, t) }),
    subtitle: t('coordinator:stats.chart_subtitle', { date: formatDate(locale, now), count: stats.volunteers }),
    emptyLabel: t('coordinator:stats.chart_empty'),
    sections: [
      {
        title: t('coordinator:stats.by_group'),
        bars: stats.byGroup.map((g) => ({ label: groupName(g.code, locale), value: g.count })),
      },
      {
        title: t('coordinator:stats.by_specialty'),
        bars: stats.topSpecialties.map((s) => ({ label: specialtyName(s.code, locale, t), value: s.count })),
      },
      {
        title: t('coordinator:stats.pledges'),
        bars: [
          { label: t('coordinator:stats.active'), value: stats.pledges.active },
          { label: t('coordinator:stats.paused'), value: stats.pledges.paused },
          { label: t('coordinator:stats.available_now'), value: stats.availableNow },
          { label: t('coordinator:stats.verified'), value: stats.licences.verified },
        ],
      },
      {
        title: t('coordinator:stats.callups_title', { days: stats.callUpDays }),
        max: 1,
        bars:
          calls.count === 0
            ? []
            : [
                {
                  label: t('coordinator:stats.answer_rate'),
                  value: calls.answerRate ?? 0,
                  display: percent(calls.answerRate ?? 0, locale, t),
                },
                {
                  label: t('coordinator:stats.fill_rate'),
                  value: calls.filled / calls.count,
                  display: percent(calls.filled / calls.count, locale, t),
                },
              ],
      },
    ],
  };
}

/** The short text that goes with the chart. */
export function statsSummary(stats: ScopeStats, locale: Locale, t: Tr): string {
  const list = (items: { label: string; count: number }[]) =>
    items.length === 0
      ? '—'
      : items.map((i) => `${i.label}: ${formatNumber(locale, i.count)}`).join(t('common:list_separator'));
  const calls = stats.callUps;
  const callUps =
    calls.count === 0
      ? t('coordinator:stats.summary_no_callups', { days: stats.callUpDays })
      : t('coordinator:stats.summary_callups', {
          days: stats.callUpDays,
          count: calls.count,
          rate: percent(calls.answerRate ?? 0, locale, t),
          filled: calls.filled,
          fill:
            calls.medianFillMinutes === null ? '—' : t('coordinator:stats.minutes', { count: calls.medianFillMinutes }),
        });
  return t('coordinator:stats.summary', {
    scope: scopeName(stats, locale, t),
    volunteers: stats.volunteers,
    groups: list(stats.byGroup.map((g) => ({ label: groupName(g.code, locale), count: g.count }))),
    specialties: list(
      stats.topSpecialties.slice(0, 5).map((s) => ({ label: specialtyName(s.code, locale, t), count: s.count })),
    ),
    active: stats.pledges.active,
    paused: stats.pledges.paused,
    ended: stats.pledges.ended,
    hours: stats.hoursPerMonth,
    crisisOnly: stats.crisisOnly,
    available: stats.availableNow,
    verified: stats.licences.verified,
    unverified: stats.licences.unverified,
    served: stats.hoursServed,
    callUps,
  });
}
