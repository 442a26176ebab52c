/**
 * Invitation waves after the first (see first-wave.service.ts): who is still needed, three per open seat minus those
 * still expected to answer. Someone whose card was withdrawn unsent (their specialty had filled) may be invited
 * again when it reopens.
 */
import { type CallUp, isRecruiting } from '../../domain/callups/callup.ts';
import { awaitsAnswer, holdsSeat, type Invitation, isWithdrawn } from '../../domain/callups/invitation.ts';
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import { isFresh, nextWaveSize } from '../../domain/callups/waves.ts';
import { bandOf, bandsWithin, type DistanceBand } from '../../domain/geo/bands.ts';
import { nearestFirst } from '../nearest/nearest.ts';
import type { CallUpContext } from './callup-context.ts';
import { readBeganAfter } from './read-after.ts';
import type { WaveQueue } from './wave-queue.ts';

export { criteriaOf } from './wave-queue.ts';

export interface MatchCounts {
  bySpecialty: Map<string, number>;
  /** Empty unless the criteria are a circle. */
  byRing: Map<DistanceBand, number>;
}

export interface Waves {
  /**
   * Invites the next wave where the need is not met: three per open seat, minus those still expected to answer.
   * `allLagging` (the wave timer ran out) counts every unanswered invitation as lagging. Nothing while the first
   * wave is still being queued (it was sized at the start): that top-up waits for `afterFirstWave`. A top-up for a
   * "can't" stored here at `declinedAt` (wall clock) is left out when any instance's wave read the invitations after
   * it. Returns how many were invited.
   */
  send(callUp: CallUp, options?: { allLagging?: boolean; declinedAt?: number }): Promise<number>;
  /** The top-up asked for while the call-up's first wave was being queued here, if one was. */
  afterFirstWave(callUp: CallUp): Promise<number>;
  /**
   * How many would be invited right now, before anyone is asked (the creation preview): per specialty, and for a
   * call-up by distance per distance ring.
   */
  matchCounts(criteria: MatchCriteria): Promise<MatchCounts>;
}

export function createWaves(ctx: CallUpContext, queue: WaveQueue, onInvited: (callUpId: string) => void): Waves {
  /** Call-ups whose answers asked for a top-up while their first wave was still being queued. */
  const deferred = new Set<string>();
  /** Invites again those whose earlier card was withdrawn unsent; only the call that finds them withdrawn does. */
  const inviteAgain = async (invitations: readonly Invitation[]) => {
    const stored: Invitation[] = [];
    for (const { callUpId, volunteerKey, ...fresh } of invitations) {
      let renewed = false;
      await ctx.answers.update(callUpId, volunteerKey, (current) => {
        renewed = current.withdrawnAt !== null && current.answer === 'none';
        return renewed ? fresh : {};
      });
      if (renewed) stored.push({ callUpId, volunteerKey, ...fresh });
    }
    return stored;
  };

  return {
    async send(given, options = {}) {
      // Read again: the caller's copy may be from before it was filled, closed or cancelled (a job's list).
      const callUp = await ctx.callUps.get(given.id);
      if (!callUp || !isRecruiting(callUp)) return 0;
      if (options.declinedAt !== undefined && readBeganAfter(callUp.wavesReadFrom, options.declinedAt)) return 0;
      if (callUp.firstWave === 'queuing') {
        deferred.add(callUp.id);
        return 0;
      }
      const now = ctx.now();
      const readFrom = new Date();
      const existing = await ctx.followedInvitations.list(callUp.id);
      const sizes = waveSizes(ctx, callUp, existing, now, options.allLagging ?? false);
      if (sizes.size === 0) {
        // Noted for other instances' top-ups only: a job's lagging check would write it every run for nothing.
        if (options.declinedAt !== undefined) {
          await ctx.callUps.update(callUp.id, () => ({ wavesReadFrom: readFrom }));
        }
        return 0;
      }

      const withdrawn = new Set(existing.filter(isWithdrawn).map((i) => i.volunteerKey));
      const asked = new Set(existing.filter((i) => !isWithdrawn(i)).map((i) => i.volunteerKey));
      const chosen = await queue.choose(callUp, sizes, asked, now);
      const wave = callUp.waves + 1;
      await ctx.callUps.update(callUp.id, (current) => ({
        waves: Math.max(current.waves, wave),
        lastWaveAt: now,
        updatedAt: now,
        wavesReadFrom: readFrom,
      }));
      const again = await inviteAgain(
        (
          await queue.confirm(
            callUp,
            chosen.filter((v) => withdrawn.has(v.key)),
            now,
          )
        ).map((v) => queue.invitationOf(callUp, v, wave, now, true)),
      );
      await queue.queueCards(callUp, again, now);
      const fresh = chosen.filter((v) => !withdrawn.has(v.key));
      const invited =
        again.length + (await queue.queue(callUp, fresh, (v) => queue.invitationOf(callUp, v, wave, now, false), now));
      if (invited === 0) return 0;
      ctx.logger.info({ callUpId: callUp.id, wave, invited }, 'call-up wave queued');
      onInvited(callUp.id);
      return invited;
    },

    async afterFirstWave(callUp) {
      return deferred.delete(callUp.id) ? this.send(callUp) : 0;
    },

    async matchCounts(criteria) {
      return countMatches(await ctx.candidates.find(criteria, ctx.now()), criteria);
    },
  };
}

/** Per specialty still short, how many to invite next, from the invitations so far. */
function waveSizes(
  ctx: CallUpContext,
  callUp: CallUp,
  existing: readonly Invitation[],
  now: Date,
  allLagging: boolean,
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const need of callUp.needs) {
    const mine = existing.filter((i) => i.specialty === need.specialty);
    const pending = allLagging
      ? 0
      : mine.filter((i) => awaitsAnswer(i) && isFresh(i.invitedAt, callUp.urgency, now, ctx.timings)).length;
    const size = nextWaveSize({ need: need.count, confirmed: mine.filter(holdsSeat).length, pending });
    if (size > 0) sizes.set(need.specialty, size);
  }
  return sizes;
}

function countMatches(found: readonly MatchFields[], criteria: MatchCriteria): MatchCounts {
  const bySpecialty = new Map<string, number>(criteria.specialties.map((s) => [s, 0]));
  for (const v of found) bySpecialty.set(v.specialty, (bySpecialty.get(v.specialty) ?? 0) + 1);
  const byRing = new Map<DistanceBand, number>();
  if (criteria.near) {
    for (const band of bandsWithin(criteria.near.km)) byRing.set(band, 0);
    for (const { km } of nearestFirst(found, criteria.near.center)) {
      byRing.set(bandOf(km), (byRing.get(bandOf(km)) ?? 0) + 1);
    }
  }
  return { bySpecialty, byRing };
}
