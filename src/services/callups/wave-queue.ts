/**
 * What every invitation wave shares: choosing whom to ask (fairly ranked), and queuing their cards chunk by chunk —
 * invitations stored (the unique `_id` makes a concurrent second wave skip them), cards in the outbox, cards
 * remembered for a numbered reply — so the first cards go out while the rest of a large wave is still being written.
 */

import { basesOf } from '../../domain/bases/target-bases.ts';
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Invitation } from '../../domain/callups/invitation.ts';
import type { MatchCriteria, MatchFields } from '../../domain/callups/matching.ts';
import { circleOf } from '../../domain/callups/radius.ts';
import { rankCandidates } from '../../domain/callups/ranking.ts';
import { rankNearestFirst } from '../../domain/geo/nearest-ranking.ts';
import type { EnqueueOptions } from '../../messaging/outbox/outbox-sender.ts';
import type { PickedVolunteer } from '../../persistence/repositories/callup-picks.repository.ts';
import { type CallUpContext, monthKey } from './callup-context.ts';
import type { ConfirmOptions } from './ports.ts';
import { createInvitationRotation, type InvitationRotation } from './rotation.ts';
import { createCardQueuing, invitationOf } from './wave-cards.ts';

/** The first chunk is small, so its cards reach the sender within a second of the confirm. */
const FIRST_CHUNK = 50;
/** The largest chunk: what FerretDB inserts in one go (see insert-unordered.ts). */
const CHUNK = 500;

export function criteriaOf(callUp: CallUp, specialties?: readonly string[]): MatchCriteria {
  const near = circleOf(callUp);
  return {
    ...(near ? { near } : {}),
    specialties: specialties ?? callUp.needs.map((n) => n.specialty),
    provinces: callUp.reachProvinces,
    urgency: callUp.urgency,
    startsAt: callUp.startsAt,
    ...basesOf(callUp),
  };
}

export interface QueueOptions {
  /** Runs after each chunk with how many of the chosen are done, in order; no further chunk once it gives false. */
  onChunk?: (done: number) => boolean | Promise<boolean>;
  /**
   * A wave an earlier attempt began: queue the card of every invitation of a chunk, also of those that attempt stored
   * (it may have died before their cards were queued), and re-read the chosen chunk by chunk.
   */
  resumed?: boolean;
}

export interface WaveQueue {
  /**
   * Up to `sizes` per specialty of the best-ranked matching volunteers, leaving out those in `asked`; from the
   * candidate source as it is, so they are re-read (`confirm`, or inside `queue`) before anyone is invited.
   */
  choose(callUp: CallUp, sizes: Map<string, number>, asked: Set<string>, now: Date): Promise<MatchFields[]>;
  /** The chosen as stored now, keeping those who still match (the in-process index may be stale). */
  confirm(callUp: CallUp, chosen: readonly PickedVolunteer[], now: Date): Promise<MatchFields[]>;
  /** The invitation a chosen volunteer gets in this wave; a second one after a withdrawn card has its own card id. */
  invitationOf(callUp: CallUp, v: MatchFields, wave: number, now: Date, again: boolean): Invitation;
  /**
   * Confirms the chosen and invites them chunk by chunk, queuing the card of each invitation this call stored; the
   * first chunk is confirmed on its own, so its cards do not wait for the rest to be re-read. Returns how many were
   * invited.
   */
  queue(
    callUp: CallUp,
    chosen: readonly PickedVolunteer[],
    invitationOf: (v: MatchFields) => Invitation,
    now: Date,
    options?: QueueOptions,
  ): Promise<number>;
  /** Queues the cards of invitations stored already; the outbox keeps one delivery per card id. */
  queueCards(callUp: CallUp, invitations: readonly Invitation[], now: Date, options?: EnqueueOptions): Promise<void>;
}

export function createWaveQueue(ctx: CallUpContext): WaveQueue {
  const rotation = createInvitationRotation(ctx.answers, ctx.now);
  const confirm = async (callUp: CallUp, chosen: readonly PickedVolunteer[], now: Date, options?: ConfirmOptions) => {
    if (chosen.length === 0) return [];
    const specialties = [...new Set(chosen.map((v) => v.specialty))];
    return ctx.candidates.confirm(chosen, criteriaOf(callUp, specialties), now, options);
  };
  const queueCards = createCardQueuing(ctx, rotation);
  return {
    choose: rankedChoice(ctx, rotation),
    confirm,
    invitationOf,
    queue: chunkedQueue(ctx, confirm, queueCards),
    queueCards,
  };
}

/** Ranks the matching volunteers (fair rotation, verified first, least served this month) and takes the best. */
function rankedChoice(ctx: CallUpContext, rotation: InvitationRotation): WaveQueue['choose'] {
  return async (callUp, sizes, asked, now) => {
    const criteria = criteriaOf(callUp, [...sizes.keys()]);
    const found = (await ctx.candidates.find(criteria, now)).filter((v) => !asked.has(v.key));
    const served = await ctx.answers.servedInMonth(monthKey(now));
    await rotation.sync();
    const candidates = found.map((v) => ({
      ...v,
      verified: v.licence?.status === 'verified',
      lastInvitedAt: rotation.lastInvitedAt(v.key),
      servedThisMonth: served.get(v.key) ?? 0,
    }));
    const ranked = criteria.near ? rankNearestFirst(candidates, criteria.near.center) : rankCandidates(candidates);
    const chosen: MatchFields[] = [];
    for (const [specialty, size] of sizes) {
      chosen.push(...ranked.filter((v) => v.specialty === specialty).slice(0, size));
    }
    return chosen;
  };
}

function chunkedQueue(
  ctx: CallUpContext,
  confirm: (
    callUp: CallUp,
    chosen: readonly PickedVolunteer[],
    now: Date,
    o?: ConfirmOptions,
  ) => Promise<MatchFields[]>,
  queueCards: WaveQueue['queueCards'],
): WaveQueue['queue'] {
  return async (callUp, chosen, invitationOf, now, options = {}) => {
    const store = async (confirmed: readonly MatchFields[], moreToCome: boolean) => {
      const invitations = confirmed.map(invitationOf);
      const mine = await ctx.answers.invite(invitations);
      await queueCards(callUp, options.resumed ? invitations : mine, now, { moreToCome });
      return mine.length;
    };
    const goOn = (done: number) => options.onChunk?.(done) ?? true;
    // The first few by `_id` (a scan costs more than their latency), the rest with one query while they are written.
    // A resumed wave reads the rest by `_id` too, chunk by chunk: one scan of every pledge just after a restart would
    // hold back the outbox's own first scan, which sends the cards queued before the crash.
    const first = await confirm(callUp, chosen.slice(0, FIRST_CHUNK), now, { byId: true });
    const confirming = options.resumed ? undefined : confirm(callUp, chosen.slice(FIRST_CHUNK), now);
    confirming?.catch(() => {});
    let invited = await store(first, chosen.length > FIRST_CHUNK);
    if (!(await goOn(Math.min(FIRST_CHUNK, chosen.length)))) return invited;
    const rest: readonly PickedVolunteer[] = (await confirming) ?? chosen.slice(FIRST_CHUNK);
    const position = new Map(chosen.map((v, i) => [v.key, i]));
    // Chunks double up to CHUNK, so the next cards are ready before the sender has sent the ones before them.
    for (let start = 0, size = 2 * FIRST_CHUNK; start < rest.length; start += size, size = Math.min(CHUNK, 2 * size)) {
      const slice = rest.slice(start, start + size);
      const confirmedSlice = confirming ? (slice as MatchFields[]) : await confirm(callUp, slice, now, { byId: true });
      invited += await store(confirmedSlice, start + size < rest.length);
      // Done: the chosen up to this chunk's last, and all of them after the last chunk.
      const done = start + size >= rest.length ? chosen.length : (position.get(slice.at(-1)!.key) ?? 0) + 1;
      if (!(await goOn(done))) break;
    }
    return invited;
  };
}
