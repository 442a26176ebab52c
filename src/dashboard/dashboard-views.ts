/**
 * The pages' data, each for one viewer: Now (their running call-ups), Readiness (available volunteers per province
 * and specialty) and History (past call-ups and how they went). Scope is the bot's: admins everything,
 * coordinators their provinces.
 */
import { type CallUp, hasEnded, isRecruiting } from '../domain/callups/callup.ts';
import { drillScore } from '../domain/callups/figures.ts';
import type { Invitation } from '../domain/callups/invitation.ts';
import type { Locale } from '../domain/locale.ts';
import { PROVINCES } from '../domain/reference/provinces.ts';
import { type Actor, coversProvince, scopeOf } from '../domain/roles/actor.ts';
import { formatDateTime } from '../domain/text/jalali-format.ts';
import type { Tr } from '../i18n/index.ts';
import type { DashboardReadRepository } from '../persistence/repositories/dashboard-read.repository.ts';
import { campaigns } from '../services/callups/callup-context.ts';
import { specialtyName } from '../services/reports/stats-chart.ts';
import { callUpFigures, callUpHeader } from './callup-rows.ts';
import { channelHealth } from './channel-health.ts';

export interface ViewSources {
  liveCallUps(since: Date): Promise<CallUp[]>;
  recentCallUps(since: Date, provinces: readonly string[] | null): Promise<CallUp[]>;
  invitations(callUpId: string): Promise<Invitation[]>;
  read: Pick<DashboardReadRepository, 'readiness' | 'results'>;
  tr(locale: Locale): Tr;
  now(): Date;
}

const DAY_MS = 86_400_000;
/** How old a shared read of the running call-ups may be when another viewer's Now page asks. */
const NOW_SHARED_MS = 500;
const HISTORY_DAYS = 90;
const HISTORY_LIMIT = 50;

/** The provinces an actor sees, `null` for all of them. */
export const provincesOf = (actor: Actor): readonly string[] | null => {
  const scope = scopeOf(actor);
  return scope.kind === 'country' ? null : scope.provinces;
};

/**
 * One read serves every caller with the same key within `maxAgeMs` (a read under way included): fifty open Now
 * pages cost one read of the running call-ups a tick, not fifty. Aged by the process's monotonic time, as it is a
 * cache, not a fact about the call-ups.
 */
function sharedReads<T>(maxAgeMs: number) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key: string, read: () => Promise<T>): Promise<T> => {
    const entry = entries.get(key);
    if (entry && performance.now() - entry.at < maxAgeMs) return entry.value;
    const value = read();
    entries.set(key, { at: performance.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
}

export function createDashboardViews(sources: ViewSources) {
  const labels = (locale: Locale) => ({ locale, t: sources.tr(locale) });
  const shared = sharedReads<Awaited<ReturnType<typeof running>>>(NOW_SHARED_MS);

  /** Every call-up of the last month still recruiting or holding seats, before its end, whoever's it is. */
  async function running(locale: Locale) {
    const now = sources.now();
    const live = (await sources.liveCallUps(new Date(now.getTime() - 30 * DAY_MS))).filter(
      (c) => !hasEnded(c, now) && c.status !== 'closed',
    );
    const items = [];
    for (const callUp of live.reverse()) {
      const invitations = await sources.invitations(callUp.id);
      items.push({
        ...callUpHeader(callUp, locale, now),
        recruiting: isRecruiting(callUp),
        figures: callUpFigures(callUp, invitations, labels(locale), now),
        channels: channelHealth(invitations, await sources.read.results(campaigns.cards(callUp.id))),
      });
    }
    return items;
  }

  return {
    /** The running call-ups in the viewer's scope. */
    async now(actor: Actor, locale: Locale) {
      const all = await shared(locale, () => running(locale));
      return { callUps: all.filter((c) => coversProvince(actor, c.provinceCode)) };
    },

    async readiness(actor: Actor, locale: Locale) {
      const provinces = provincesOf(actor);
      const counts = await sources.read.readiness(provinces, sources.now());
      const t = sources.tr(locale);
      const specialties = [...new Set(counts.map((c) => c.specialty))]
        .map((code) => ({ code, label: specialtyName(code, locale, t) }))
        .sort((a, b) => a.label.localeCompare(b.label, locale));
      return {
        specialties,
        provinces: PROVINCES.map((p) => ({
          code: p.code,
          name: p[locale],
          inScope: provinces === null || provinces.includes(p.code),
          counts: Object.fromEntries(counts.filter((c) => c.province === p.code).map((c) => [c.specialty, c.count])),
        })),
      };
    },

    /** The scope's call-ups of the last 90 days that are over (ended, closed or cancelled), newest first. */
    async history(actor: Actor, locale: Locale) {
      const now = sources.now();
      const past = (await sources.recentCallUps(new Date(now.getTime() - HISTORY_DAYS * DAY_MS), provincesOf(actor)))
        .filter((c) => hasEnded(c, now) || c.status === 'closed' || c.status === 'cancelled')
        .slice(0, HISTORY_LIMIT);
      const items = [];
      for (const callUp of past) {
        const score = drillScore(callUp, await sources.invitations(callUp.id));
        const filledAt = callUp.filledAt ?? null;
        items.push({
          ...callUpHeader(callUp, locale, now),
          createdAt: formatDateTime(locale, callUp.createdAt),
          needed: callUp.needs.reduce((sum, need) => sum + need.count, 0),
          confirmed: score.specialties.reduce((sum, s) => sum + s.confirmed, 0),
          invited: score.invited,
          answerRate: score.answerRate,
          minutesToFill: filledAt ? Math.round((filledAt.getTime() - callUp.createdAt.getTime()) / 60_000) : null,
          specialties: score.specialties.map((s) => ({
            ...s,
            label: specialtyName(s.specialty, locale, sources.tr(locale)),
          })),
        });
      }
      return { callUps: items };
    },
  };
}

export type DashboardViews = ReturnType<typeof createDashboardViews>;
