import type { Locale } from '../../domain/locale.ts';
import { type Actor, COUNTRY, narrowScope, type Scope } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Tr } from '../../i18n/index.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { Authorization } from '../roles/authorization.ts';
import { barChartSvg, type ChartSpec } from './bar-chart.svg.ts';
import { renderPng } from './render-png.ts';
import { type CallUpOutcome, computeScopeStats, type ScopeStats } from './scope-stats.ts';
import { statsChartSpec, statsSummary } from './stats-chart.ts';

/** Recent call-ups of a scope; the call-up module provides it, and until it does the report shows zero. */
export interface CallUpStatsSource {
  recent(scope: Scope, since: Date): Promise<CallUpOutcome[]>;
}

export const NO_CALL_UPS: CallUpStatsSource = { recent: async () => [] };

/** How far back the report looks at call-ups. */
export const CALL_UP_DAYS = 30;

export interface StatsReport {
  stats: ScopeStats;
  summary: string;
  /** What the chart was drawn from. */
  chart: ChartSpec;
  png: Uint8Array;
}

export interface ReportsService {
  /** The figures for the actor's scope, or for one province of it (`out_of_scope` otherwise). */
  stats(actor: Actor, province?: string): Promise<ScopeStats>;
  /** The figures with their text summary and chart, in the reader's language. */
  report(actor: Actor, province: string | undefined, locale: Locale, t: Tr): Promise<StatsReport>;
}

export interface ReportsServiceDeps {
  volunteers: Pick<VolunteerRepository, 'listInProvinces' | 'erasedHoursServed'>;
  callUps?: CallUpStatsSource;
  authorization: Authorization;
  now: () => Date;
}

/** `/stats`: what a coordinator's provinces (an admin's country, or a chosen province) have to offer. */
export function createReportsService(deps: ReportsServiceDeps): ReportsService {
  const callUps = deps.callUps ?? NO_CALL_UPS;

  const stats = async (actor: Actor, province?: string): Promise<ScopeStats> => {
    await deps.authorization.ensure(actor, { role: 'coordinator', ...(province ? { province } : {}) }, 'stats');
    const scope = narrowScope(actor, province);
    if (!scope) throw new RoleError('out_of_scope');
    const now = deps.now();
    const country = scope.kind === 'country';
    const [volunteers, recent, erasedHours] = await Promise.all([
      deps.volunteers.listInProvinces(country ? null : scope.provinces),
      callUps.recent(scope, new Date(now.getTime() - CALL_UP_DAYS * 86_400_000)),
      country ? deps.volunteers.erasedHoursServed() : Promise.resolve(0),
    ]);
    return computeScopeStats({
      scope: country ? COUNTRY : scope,
      volunteers,
      callUps: recent,
      callUpDays: CALL_UP_DAYS,
      extraHoursServed: erasedHours,
      now,
    });
  };

  return {
    stats,
    async report(actor, province, locale, t) {
      const figures = await stats(actor, province);
      const chart = statsChartSpec(figures, locale, t, deps.now());
      const png = await renderPng(barChartSvg(chart));
      return { stats: figures, summary: statsSummary(figures, locale, t), chart, png };
    },
  };
}
