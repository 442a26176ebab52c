/**
 * A call-up's first wave as one recoverable step. The call-up is stored `queuing`, under a lease its instance keeps
 * renewing while it queues the cards chunk by chunk (the first chunk before anything else), and `queued` at the end.
 * A call-up still `queuing` whose lease ran out was left by an instance that is gone: any instance finishes it within
 * seconds, whatever the wave lag. The wave's volunteers are chosen once and stored with how far queuing got, so
 * finishing starts at once from there, without loading and ranking every pledge again. Finishing is idempotent:
 * invitations are keyed by call-up and volunteer and cards by card id, so the cards of invitations stored before the
 * crash are queued (once), and only the rest of the wave is invited.
 */
import { type CallUp, hasEnded, isRecruiting } from '../../domain/callups/callup.ts';
import { awaitsAnswer, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import type { MatchFields } from '../../domain/callups/matching.ts';
import { nextWaveSize } from '../../domain/callups/waves.ts';
import type { PickedVolunteer } from '../../persistence/repositories/callup-picks.repository.ts';
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
  lease(): { queuingUntil: Date; queuingBy: string };
  /**
   * Queues the first wave of a call-up this instance just stored; returns how many were invited, once `before` (the
   * coordinator's board, posted meanwhile) is done too.
   */
  queue(callUp: CallUp, before?: Promise<unknown>): Promise<number>;
  /** Finishes now every first wave an instance that is gone left unfinished; then keeps looking until `stop`. */
  watch(): void;
  /**
   * Resolves once the watch's first look has ended (with every wave it resumed queued): other work of a start that
   * scans a collection (the match index, the boards' progress) waits for it, so as not to slow the resumed waves and
   * the outbox's own first scan, which send the cards.
   */
  firstLook(): Promise<void>;
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
  const firstLook = Promise.withResolvers<void>();

  /** Queues the rest of the first wave and marks it queued; `resumed` when an earlier attempt may have begun it. */
  const complete = async (callUp: CallUp, resumed: boolean, before?: Promise<unknown>) => {
    const invited = await queueMissing(ctx, queue, callUp, { resumed, before }, () => !(resumed && stopping));
    if (resumed && stopping) {
      // Handed back: the next instance to look takes it over at once.
      await ctx.callUps.update(callUp.id, () => ({ queuingUntil: null }));
      return invited;
    }
    await markQueued(ctx, callUp);
    ctx.logger.info({ callUpId: callUp.id, invited, resumed }, 'call-up first wave queued');
    onInvited(callUp.id);
    await waves.afterFirstWave(callUp);
    return invited;
  };

  /** One look; returns how long until a lease it saw held elsewhere lapses (the watch looks again then). */
  const look = async (): Promise<number> => {
    const now = ctx.now();
    let next = WATCH_MS;
    for (const listed of await ctx.callUps.listQueuing(followedSince(now))) {
      if (stopping) break;
      if (lease.isMine(listed.id)) continue;
      const claimed = await lease.claim(listed);
      if (!claimed) {
        next = Math.min(next, Math.max(0, (listed.queuingUntil?.getTime() ?? 0) - Date.now()) + 100);
        continue;
      }
      const { callUp } = claimed;
      try {
        if (!isRecruiting(callUp) || hasEnded(callUp, now)) {
          await markQueued(ctx, callUp);
          continue;
        }
        ctx.logger.info({ callUpId: callUp.id, reason: claimed.reason }, 'resuming an unfinished first wave');
        await lease.hold(callUp, () => complete(callUp, true));
      } catch (error) {
        ctx.logger.error({ err: error, callUpId: callUp.id }, 'could not resume a first wave');
      }
    }
    return next;
  };

  const resume = () => look().finally(() => firstLook.resolve());
  const watch = repeatingPass(resume, WATCH_MS, ctx.logger, 'look for unfinished first waves');
  return {
    lease: lease.take,
    queue(callUp, before) {
      before?.catch(() => {}); // Awaited in `complete`, once the picks are chosen; until then it may not reject unseen.
      return lease.hold(callUp, () => complete(callUp, false, before));
    },
    watch: watch.start,
    firstLook: () => firstLook.promise,
    async resume() {
      await watch.run();
    },
    async stop() {
      stopping = true;
      await watch.stop();
    },
  };
}

/**
 * Queues what is missing of a first wave, picks stored with how far it got: `resumed` when an earlier attempt may
 * have stored some of it; resolves once `before` is done too. Stops after a chunk when `goOn` says so.
 */
async function queueMissing(
  ctx: CallUpContext,
  queue: WaveQueue,
  callUp: CallUp,
  { resumed, before }: { resumed: boolean; before?: Promise<unknown> | undefined },
  goOn: () => boolean,
): Promise<number> {
  const now = ctx.now();
  const { chosen, done, begun, stored } = await planOf(ctx, queue, callUp, resumed, now);
  // Stored while the board is posted and the first chunk re-read: a crash from then on resumes from these picks.
  const saving = stored ? Promise.resolve(true) : savePicks(ctx, callUp, chosen, now);
  const invitationOf = (v: MatchFields) => queue.invitationOf(callUp, v, 1, now, false);
  const notes = positionNotes(ctx, callUp);
  // The cards do not wait for the board: posting it waits out the pace of the coordinator's chat (a message a second
  // there, and the confirm was answered a moment ago), which held the first card back by a second.
  const queueing = queue.queue(callUp, chosen.slice(done), invitationOf, now, {
    resumed: begun,
    onChunk: async (count) => {
      if (await saving) notes.note(done + count);
      return goOn();
    },
  });
  const [invited] = await Promise.all([queueing, before]);
  await notes.written();
  return invited;
}

/** What a first wave has left to queue: its picks from the `done`-th on. */
interface Plan {
  chosen: readonly PickedVolunteer[];
  done: number;
  /** An earlier attempt may have invited some of them, and queued some of their cards. */
  begun: boolean;
  /** The picks are stored already. */
  stored: boolean;
}

/**
 * A new wave's picks are chosen now. A resumed one goes on from its stored picks, without loading and ranking every
 * pledge again; one cut short before they were stored (within a second of the confirm) is read back and chosen again.
 */
async function planOf(
  ctx: CallUpContext,
  queue: WaveQueue,
  callUp: CallUp,
  resumed: boolean,
  now: Date,
): Promise<Plan> {
  const picked = resumed ? await ctx.callUps.picks(callUp.id) : undefined;
  if (picked) return { chosen: picked.picks, done: picked.queued, begun: true, stored: true };
  const existing = resumed ? await ctx.answers.listByCallUp(callUp.id) : [];
  if (resumed) await queue.queueCards(callUp, await withoutCard(ctx, callUp, existing), now);
  const sizes = sizesFor(callUp, existing);
  const asked = new Set(existing.map((i) => i.volunteerKey));
  const chosen = sizes.size > 0 ? await queue.choose(callUp, sizes, asked, now) : [];
  return { chosen, done: 0, begun: false, stored: false };
}

/** Stores a wave's picks; false (and the wave goes on without them) when that fails. */
async function savePicks(ctx: CallUpContext, callUp: CallUp, chosen: readonly PickedVolunteer[], now: Date) {
  if (chosen.length === 0) return false;
  try {
    await ctx.callUps.savePicks(callUp.id, chosen, now);
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error, callUpId: callUp.id }, "could not store a first wave's picks");
    return false;
  }
}

/**
 * How far a wave got, noted beside it: rewriting the picks (a hundred kilobytes for 5,000) took a fifth of a second a
 * chunk on FerretDB, and the next chunk waited for it. Notes made while one is written go as one, the latest. A note
 * lost only means a resume re-reads a chunk more; the outbox keeps one card per card id.
 */
function positionNotes(ctx: CallUpContext, callUp: CallUp) {
  let latest: number | undefined;
  let writing: Promise<void> | undefined;
  const write = async () => {
    try {
      while (latest !== undefined) {
        const queued = latest;
        latest = undefined;
        await ctx.callUps
          .notePicksQueued(callUp.id, queued)
          .catch((error: unknown) =>
            ctx.logger.warn({ err: error, callUpId: callUp.id }, "could not note a wave's progress"),
          );
      }
    } finally {
      writing = undefined;
    }
  };
  return {
    /** The first `queued` picks are invited, their cards queued. */
    note(queued: number) {
      latest = queued;
      writing ??= write();
    },
    written: () => writing ?? Promise.resolve(),
  };
}

/**
 * The first wave is done with: its picks are dropped, then no instance resumes it. In that order, so no picks (the
 * volunteers' keys) outlive it: a crash between the two leaves it to be resumed from the invitations it made.
 */
async function markQueued(ctx: CallUpContext, callUp: CallUp) {
  await ctx.callUps
    .forgetPicks(callUp.id)
    .catch((error: unknown) => ctx.logger.warn({ err: error, callUpId: callUp.id }, "could not drop a wave's picks"));
  await ctx.callUps.update(callUp.id, () => ({ firstWave: 'queued', queuingUntil: null, updatedAt: ctx.now() }));
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
