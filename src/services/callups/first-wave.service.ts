/**
 * A call-up's first wave as one recoverable step. The call-up is stored `queuing`, under a lease its instance keeps
 * renewing while it queues the cards chunk by chunk (the first chunk before anything else), and `queued` at the end.
 * A call-up still `queuing` whose lease ran out was left by an instance that is gone: any instance finishes it within
 * seconds, whatever the wave lag. Finishing is idempotent: invitations are keyed by call-up and volunteer and cards
 * by card id, so the cards of invitations stored before the crash are queued (once), and only the rest of the wave
 * is invited.
 */
import { type CallUp, hasEnded, isRecruiting } from '../../domain/callups/callup.ts';
import { awaitsAnswer, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import { nextWaveSize } from '../../domain/callups/waves.ts';
import { type CallUpContext, campaigns, followedSince } from './callup-context.ts';
import { createQueuingLease } from './first-wave-lease.ts';
import { repeatingPass } from './repeating-pass.ts';
import type { WaveQueue } from './wave-queue.ts';
import type { Waves } from './waves.service.ts';

/**
 * How often every instance looks for first waves another instance left unfinished; sooner when it saw one whose
 * lease is about to lapse (a restart finds its own crashed predecessor's that way, within the lease).
 */
const WATCH_MS = 5000;

export interface FirstWave {
  /** The lease a new call-up is stored with (wall clock, like every lease: a test's frozen clock must not keep it). */
  lease(): Date;
  /** Queues the first wave of a call-up this instance just stored; returns how many were invited. */
  queue(callUp: CallUp): Promise<number>;
  /** Finishes now every first wave an instance that is gone left unfinished; then keeps looking until `stop`. */
  watch(): void;
  /** One pass of the watch (tests, and the start). */
  resume(): Promise<void>;
  /** Stops watching; a resume in progress stops after its current chunk and hands its lease back. */
  stop(): Promise<void>;
}

export function createFirstWave(
  ctx: CallUpContext,
  queue: WaveQueue,
  waves: Pick<Waves, 'afterFirstWave'>,
  onInvited: (callUpId: string) => void,
): FirstWave {
  const lease = createQueuingLease(ctx);
  let stopping = false;

  /** Queues what is missing of the first wave; `resumed` when an earlier attempt may have stored some of it. */
  const complete = async (callUp: CallUp, resumed: boolean) => {
    const now = ctx.now();
    const existing = resumed ? await ctx.answers.listByCallUp(callUp.id) : [];
    if (resumed) await queue.queueCards(callUp, await withoutCard(ctx, callUp, existing), now);
    const sizes = sizesFor(callUp, existing);
    const asked = new Set(existing.map((i) => i.volunteerKey));
    const chosen = sizes.size > 0 ? await queue.choose(callUp, sizes, asked, now) : [];
    const invited = await queue.queue(
      callUp,
      chosen,
      (v) => queue.invitationOf(callUp, v, 1, now, false),
      now,
      () => !(resumed && stopping),
    );
    if (resumed && stopping) {
      // Handed back: the next instance to look takes it over at once.
      await ctx.callUps.update(callUp.id, () => ({ queuingUntil: null }));
      return invited;
    }
    await ctx.callUps.update(callUp.id, () => ({ firstWave: 'queued', queuingUntil: null, updatedAt: ctx.now() }));
    ctx.logger.info({ callUpId: callUp.id, invited, resumed }, 'call-up first wave queued');
    onInvited(callUp.id);
    await waves.afterFirstWave(callUp);
    return invited;
  };

  /** One look; returns how long until a lease it saw held elsewhere lapses (the watch looks again then). */
  const resume = async (): Promise<number> => {
    const now = ctx.now();
    let next = WATCH_MS;
    for (const listed of await ctx.callUps.listQueuing(followedSince(now))) {
      if (stopping) break;
      if (lease.isMine(listed.id)) continue;
      const callUp = await lease.claim(listed);
      if (!callUp) {
        next = Math.min(next, Math.max(0, (listed.queuingUntil?.getTime() ?? 0) - Date.now()) + 100);
        continue;
      }
      try {
        if (!isRecruiting(callUp) || hasEnded(callUp, now)) {
          await ctx.callUps.update(callUp.id, () => ({ firstWave: 'queued', queuingUntil: null }));
          continue;
        }
        ctx.logger.info({ callUpId: callUp.id }, 'resuming an unfinished first wave');
        await lease.hold(callUp, () => complete(callUp, true));
      } catch (error) {
        ctx.logger.error({ err: error, callUpId: callUp.id }, 'could not resume a first wave');
      }
    }
    return next;
  };

  const watch = repeatingPass(resume, WATCH_MS, ctx.logger, 'look for unfinished first waves');
  return {
    lease: lease.expiry,
    queue: (callUp) => lease.hold(callUp, () => complete(callUp, false)),
    watch: watch.start,
    async resume() {
      await watch.run();
    },
    async stop() {
      stopping = true;
      await watch.stop();
    },
  };
}

/** Three per open seat, minus every unanswered invitation already made: this is still the first wave. */
function sizesFor(callUp: CallUp, existing: readonly Invitation[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const need of callUp.needs) {
    const theirs = existing.filter((i) => i.specialty === need.specialty);
    const size = nextWaveSize({
      need: need.count,
      confirmed: theirs.filter(holdsSeat).length,
      pending: theirs.filter(awaitsAnswer).length,
    });
    if (size > 0) sizes.set(need.specialty, size);
  }
  return sizes;
}

/** Invitations stored before a crash whose card never reached the outbox. */
async function withoutCard(ctx: CallUpContext, callUp: CallUp, existing: readonly Invitation[]) {
  const queued = new Set((await ctx.deliveries.listCampaign(campaigns.cards(callUp.id))).map((d) => d.id));
  return existing.filter((i) => awaitsAnswer(i) && !queued.has(i.cardId));
}
