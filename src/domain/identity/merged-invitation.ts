import { hasAnswered, holdsSeat, type Invitation } from '../callups/invitation.ts';

type Compared = Pick<Invitation, 'answer' | 'answeredAt' | 'attended'>;

/** How much an invitation says about the person: attended, then a seat, then a place on the list, then any answer. */
const weight = (i: Compared): number =>
  i.attended ? 4 : holdsSeat(i) ? 3 : i.answer === 'waiting' ? 2 : hasAnswered(i) ? 1 : 0;

/**
 * Of one person's two invitations to one call-up (two accounts invited before they were linked), the one that
 * stays: the one that says more, then the later answer; `kept` (the surviving record's own) on a tie.
 */
export function invitationToKeep<T extends Compared>(kept: T, joined: T): T {
  const byWeight = weight(joined) - weight(kept);
  if (byWeight !== 0) return byWeight > 0 ? joined : kept;
  return (joined.answeredAt?.getTime() ?? 0) > (kept.answeredAt?.getTime() ?? 0) ? joined : kept;
}
