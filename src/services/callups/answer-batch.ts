/**
 * Answers to one call-up applied together: one read of the call-up, its seats and the invitations, the seats given
 * out in memory in arrival order by the same rules as one answer at a time, then one insert of the seats taken and
 * one write of the invitations. An answer the batch cannot take as it is (a seat given back, which moves the waiting
 * list; a withdrawn card; an invitation another writer holds) ends the run and is applied on its own, so the order
 * of the answers is kept exactly.
 */
import { planAnswer, seatId, seatIds } from '../../domain/callups/answer-rules.ts';
import { type CallUp, needOf } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import type { Choice, Invitation } from '../../domain/callups/invitation.ts';
import type { InvitationChanges } from '../../persistence/repositories/callup-answer.repository.ts';
import type { AnswerOutcome } from './answers.service.ts';
import type { CallUpContext } from './callup-context.ts';
import type { LiveCards } from './live-cards.ts';
import { afterSeats } from './seats.ts';

export interface AnswerRequest {
  userKey: string;
  choice: Choice;
  etaMinutes: number | null;
  card: number | undefined;
  /** When the answer came in: the waiting list is first come, first served, whatever batch an answer is in. */
  arrivedAt: Date;
}

export interface AnswerBatchDeps {
  liveCards: LiveCards;
  /** One answer on its own, as the batch would apply it. */
  answerOne: (request: AnswerRequest) => Promise<AnswerOutcome>;
}

type Settled = PromiseSettledResult<AnswerOutcome>;
type Decided = { kind: AnswerOutcome['kind']; invitation: Invitation; change: InvitationChanges; newSeat: boolean };
type Seat = { id: string; callUpId: string; specialty: string; volunteerKey: string; at: Date };

const refused = (reason: unknown): Settled => ({ status: 'rejected', reason });

/** Applies the answers in order; each settles with the outcome it would have had one at a time. */
export async function applyAnswerBatch(
  ctx: CallUpContext,
  deps: AnswerBatchDeps,
  callUpId: string,
  requests: AnswerRequest[],
): Promise<Settled[]> {
  const settled: Settled[] = [];
  while (settled.length < requests.length) {
    settled.push(...(await applyRun(ctx, deps, callUpId, requests.slice(settled.length))));
    const next = requests[settled.length];
    if (next) {
      settled.push(
        await deps.answerOne(next).then(
          (value): Settled => ({ status: 'fulfilled', value }),
          (reason: unknown) => refused(reason),
        ),
      );
    }
  }
  return settled;
}

/** What one answer of a run does to the seats held in memory, shared by the answers of the run. */
interface RunState {
  callUp: CallUp;
  at: Date;
  holders: () => Promise<Map<string, string>>;
  /** Seats to insert, each with the index of the answer that takes it. */
  seats: { seat: Seat; answer: number }[];
  /** Specialties whose seats an answer tried to take. */
  touched: Set<string>;
}

/** Applies the longest leading run of `requests` the batch can take; returns how each of them settled. */
async function applyRun(
  ctx: CallUpContext,
  deps: AnswerBatchDeps,
  callUpId: string,
  requests: AnswerRequest[],
): Promise<Settled[]> {
  const callUp = await ctx.callUps.get(callUpId);
  if (!callUp) return requests.map(() => refused(new CallUpError('unknown')));
  let holders: Promise<Map<string, string>> | undefined;
  const state: RunState = {
    callUp,
    at: ctx.now(),
    holders: () => {
      holders ??= ctx.callUps.seatHolders(callUpId);
      return holders;
    },
    seats: [],
    touched: new Set(),
  };
  const decided: (Decided | Settled)[] = [];
  const keys = [...new Set(requests.map((r) => r.userKey))];
  await ctx.answers.updateMany(callUpId, keys, async (stored, busy) => {
    const invitations = new Map(stored);
    for (const request of requests) {
      const invitation = invitations.get(request.userKey);
      // Held by another writer, or withdrawn (was the card sent after all?): applied on its own.
      if (busy.has(request.userKey) || (invitation && invitation.withdrawnAt !== null)) break;
      const outcome = invitation
        ? await decide(deps, state, request, invitation, decided.length)
        : refused(new CallUpError('not_invited', callUp));
      if (outcome === 'alone') break;
      if (!('status' in outcome)) invitations.set(request.userKey, outcome.invitation);
      decided.push(outcome);
    }
    // A seat another instance took since the read ends the run there: that answer is read and decided again.
    const taken = await ctx.callUps.takeSeats(state.seats.map((s) => s.seat));
    if (taken < state.seats.length) decided.length = state.seats[taken]!.answer;
    return changesOf(requests, decided);
  });
  let current = callUp;
  const seated = new Set(decided.flatMap((d) => ('newSeat' in d && d.newSeat ? [d.invitation.specialty] : [])));
  // Counted once for the run: each count reads every seat of the call-up, and a run may touch every specialty.
  const counted = state.touched.size > 0 ? await ctx.callUps.countSeats(callUpId) : undefined;
  for (const specialty of state.touched) {
    current = await afterSeats(ctx, current, specialty, state.at, seated.has(specialty), counted);
  }
  return decided.map((d) => ('status' in d ? d : { status: 'fulfilled', value: outcomeOf(d, current) }));
}

/** One answer of a run, by the rules of `planAnswer`; 'alone' when it must be applied on its own. */
async function decide(
  deps: AnswerBatchDeps,
  state: RunState,
  request: AnswerRequest,
  invitation: Invitation,
  index: number,
): Promise<Decided | Settled | 'alone'> {
  const { callUp, at } = state;
  const plan = planAnswer(callUp, invitation, request.choice, at);
  if (plan.kind === 'refuse') return refused(new CallUpError(plan.reason, callUp));
  // A seat given back goes to the waiting list first.
  if (plan.kind === 'decline' && plan.freeSeat) return 'alone';
  try {
    await deps.liveCards.ensureLive(callUp, invitation, request.card);
  } catch (error) {
    return refused(error);
  }
  const eta = request.choice === 'late' ? request.etaMinutes : null;
  const done = (kind: Decided['kind'], change: InvitationChanges, newSeat = false): Decided => ({
    kind,
    invitation: { ...invitation, ...change },
    change,
    newSeat,
  });
  if (plan.kind === 'decline') {
    return done('declined', { answer: 'no', seat: null, etaMinutes: null, waitingSince: null, answeredAt: at });
  }
  if (plan.kind === 'keep_seat') return done('confirmed', { answer: plan.answer, etaMinutes: eta, answeredAt: at });
  if (plan.kind === 'claim_seat') {
    const { specialty } = invitation;
    state.touched.add(specialty);
    const holders = await state.holders();
    const free = freeSeat(holders, callUp, specialty, request.userKey);
    if (free !== undefined) {
      if (!free.mine) {
        const id = seatId(callUp.id, specialty, free.seat);
        holders.set(id, request.userKey);
        state.seats.push({
          seat: { id, callUpId: callUp.id, specialty, volunteerKey: request.userKey, at },
          answer: index,
        });
      }
      const change = { answer: plan.answer, etaMinutes: eta, seat: free.seat, waitingSince: null, answeredAt: at };
      return done('confirmed', change, true);
    }
    // The last seat went to someone else a moment ago: the need is met after all, so they wait.
  }
  const waitingSince = invitation.waitingSince ?? request.arrivedAt;
  return done('waiting', { answer: 'waiting', etaMinutes: eta, waitingSince, answeredAt: at });
}

const outcomeOf = (d: Decided, callUp: CallUp): AnswerOutcome =>
  d.kind === 'confirmed'
    ? { kind: 'confirmed', callUp, invitation: d.invitation, newSeat: d.newSeat }
    : { kind: d.kind, callUp, invitation: d.invitation };

/** The first seat of the specialty free in `holders`, or the one this volunteer holds already (after a crash). */
function freeSeat(holders: ReadonlyMap<string, string>, callUp: CallUp, specialty: string, volunteerKey: string) {
  const ids = seatIds(callUp.id, specialty, needOf(callUp.needs, specialty));
  for (const [index, id] of ids.entries()) {
    const holder = holders.get(id);
    if (holder === volunteerKey) return { seat: index + 1, mine: true };
    if (holder === undefined) return { seat: index + 1, mine: false };
  }
  return undefined;
}

/** The changes of each volunteer's answers, merged in order. */
function changesOf(requests: AnswerRequest[], decided: (Decided | Settled)[]): Map<string, InvitationChanges> {
  const changes = new Map<string, InvitationChanges>();
  decided.forEach((d, index) => {
    if ('status' in d) return;
    const key = requests[index]!.userKey;
    changes.set(key, { ...changes.get(key), ...d.change });
  });
  return changes;
}
