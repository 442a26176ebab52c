/**
 * The seats of a call-up as answers change them: the first free seat taken with a unique insert, a seat given back
 * going to the waiting list first come first served, and what a change of seats does to the call-up's status.
 */
import { seatId, seatIds, statusAfterSeats } from '../../domain/callups/answer-rules.ts';
import { acceptsAnswers, type CallUp, isRecruiting, needOf } from '../../domain/callups/callup.ts';
import { hasChat, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import type { CallUpContext } from './callup-context.ts';
import { confirmedPin, promotedText, withDrillBanner } from './callup-texts.ts';
import { withdrawUnsentCards } from './cards.ts';

/**
 * Takes the first free seat of the specialty; undefined when all are taken. Seats seen taken are not tried: one read
 * instead of a failed insert per seat taken (the 200th "yes" would otherwise try 199 seats first). A seat taken
 * since that read, here or by another instance, is still refused by its unique id, and the next is tried.
 */
export async function takeFreeSeat(
  ctx: CallUpContext,
  callUp: CallUp,
  specialty: string,
  volunteerKey: string,
  at: Date,
): Promise<number | undefined> {
  const holders = await ctx.callUps.seatHolders(callUp.id, specialty);
  const ids = seatIds(callUp.id, specialty, needOf(callUp.needs, specialty));
  for (const [index, id] of ids.entries()) {
    const holder = holders.get(id);
    // A crash between taking a seat and recording the answer left this one ours.
    if (holder === volunteerKey) return index + 1;
    if (holder !== undefined) continue;
    const claim = await ctx.callUps.takeSeat({ id, callUpId: callUp.id, specialty, volunteerKey, at });
    if (claim !== 'occupied') return index + 1;
  }
  return undefined;
}

/**
 * After seats changed: stop unsent cards of a specialty this change filled, move the status, tell the coordinator.
 * `tookSeat`: the change gave someone a seat. Only that can fill a specialty, so only then are its unsent cards
 * withdrawn: withdrawing reads every card and invitation of the call-up, and after the fill each further "yes"
 * (now a place on the waiting list) would otherwise pay for it again. It runs beside the answers, not before them:
 * its cancellations go out first, and the scans after them would hold up every answer of the call-up.
 * `counted`: the seats per specialty, when the caller has just counted them (a batch of answers touches many).
 */
export async function afterSeats(
  ctx: CallUpContext,
  callUp: CallUp,
  specialty: string,
  at: Date,
  tookSeat: boolean,
  counted?: ReadonlyMap<string, number>,
): Promise<CallUp> {
  const seats = counted ?? (await ctx.callUps.countSeats(callUp.id));
  const full = (seats.get(specialty) ?? 0) >= needOf(callUp.needs, specialty);
  if (full && tookSeat) ctx.later(withdrawUnsentCards(ctx, callUp.id, specialty));
  // The usual answer changes neither the status nor a first fill: then there is nothing to write.
  const unchanged =
    statusAfterSeats(callUp, seats, callUp.needs) === callUp.status &&
    (!full || callUp.specialtyFilledAt.some((f) => f.specialty === specialty));
  if (unchanged) return callUp;
  let becameFilled = false;
  const updated = await ctx.callUps.update(callUp.id, (current) => {
    const status = statusAfterSeats(current, seats, current.needs);
    becameFilled = status === 'filled' && current.status !== 'filled';
    const firstFill = full && !current.specialtyFilledAt.some((f) => f.specialty === specialty);
    return {
      status,
      ...(firstFill ? { specialtyFilledAt: [...current.specialtyFilledAt, { specialty, at }] } : {}),
      ...(becameFilled && current.filledAt === null ? { filledAt: at } : {}),
      updatedAt: at,
    };
  });
  if (becameFilled && updated) {
    const t = ctx.tr(updated.coordinator.locale);
    await ctx.chat.send(updated.coordinator, {
      text: withDrillBanner(t, updated, t('callup:board.filled_notice', { title: updated.title })),
    });
  }
  return updated ?? callUp;
}

/**
 * Gives freed seats to the waiting list, first come first served, and tells each promoted volunteer; returns how
 * many were promoted.
 */
async function promoteWaiting(ctx: CallUpContext, callUp: CallUp, specialty: string, at: Date): Promise<number> {
  // While the call-up recruits, a "yes" waits only once its specialty has filled: before that nobody waits, and the
  // list is not read (every invitation of the call-up, on the embedded database).
  if (isRecruiting(callUp) && !callUp.specialtyFilledAt.some((f) => f.specialty === specialty)) return 0;
  // The list from memory (a full read of every invitation under the call-up's lock held every answer back while
  // seat holders changed their minds); each person is read again before they are given a seat.
  const listed = (await ctx.followedInvitations.list(callUp.id)).filter(
    (i) => i.specialty === specialty && i.answer === 'waiting',
  );
  // An erased volunteer cannot be told of a seat, so is not given one; an offline member's leader is told instead.
  const chatless = listed.filter((i) => !hasChat(i)).map((i) => i.volunteerKey);
  const relayed = ctx.relayedPromoted && chatless.length > 0 ? await ctx.relayedPeople?.(chatless) : undefined;
  const waiting = listed
    .filter((i) => hasChat(i) || relayed?.has(i.volunteerKey))
    .sort((a, b) => (a.waitingSince?.getTime() ?? 0) - (b.waitingSince?.getTime() ?? 0));
  let seated = 0;
  for (const next of waiting) {
    if ((await ctx.answers.get(callUp.id, next.volunteerKey))?.answer !== 'waiting') continue;
    const seat = await takeFreeSeat(ctx, callUp, specialty, next.volunteerKey, at);
    if (seat === undefined) break;
    seated += 1;
    const promoted = await ctx.answers.update(callUp.id, next.volunteerKey, (current) => ({
      answer: current.etaMinutes === null ? 'yes' : 'late',
      seat,
      waitingSince: null,
      answeredAt: at,
    }));
    if (!promoted) continue;
    if (!hasChat(promoted)) {
      await ctx.relayedPromoted?.(callUp, promoted);
      continue;
    }
    const t = ctx.tr(promoted.locale);
    await ctx.chat.send(promoted, { text: promotedText(t, callUp, specialty, promoted.locale) });
    const pin = confirmedPin(t, callUp);
    if (pin) await ctx.chat.send(promoted, pin);
  }
  return seated;
}

/**
 * Records a "no" (with `extra` changes); a seat it held goes to the waiting list. Returns the call-up and the
 * invitation as they are after it.
 */
export async function decline(
  ctx: CallUpContext,
  callUp: CallUp,
  invitation: Invitation,
  at: Date,
  extra: Partial<Invitation> = {},
): Promise<{ current: CallUp; updated: Invitation }> {
  const hadSeat = holdsSeat(invitation) && invitation.seat !== null;
  if (hadSeat) {
    await ctx.callUps.freeSeat(seatId(callUp.id, invitation.specialty, invitation.seat!), invitation.volunteerKey);
  }
  const updated = await ctx.answers.update(callUp.id, invitation.volunteerKey, () => ({
    answer: 'no',
    seat: null,
    etaMinutes: null,
    waitingSince: null,
    answeredAt: at,
    ...extra,
  }));
  let current = callUp;
  if (hadSeat) {
    const promoted = await promoteWaiting(ctx, callUp, invitation.specialty, at);
    current = await afterSeats(ctx, callUp, invitation.specialty, at, promoted > 0);
  }
  return { current, updated: updated ?? invitation };
}

/**
 * A seat freed outside an answer (one person's second seat, when two accounts of theirs became one): while the
 * call-up still takes answers, the waiting list moves up and the status follows; a past call-up is left as it is.
 */
export async function seatGivenBack(ctx: CallUpContext, callUpId: string, specialty: string): Promise<void> {
  await ctx.lock(callUpId, async () => {
    const callUp = await ctx.callUps.get(callUpId);
    const at = ctx.now();
    if (!callUp || !acceptsAnswers(callUp, at)) return;
    const promoted = await promoteWaiting(ctx, callUp, specialty, at);
    await afterSeats(ctx, callUp, specialty, at, promoted > 0);
  });
}
