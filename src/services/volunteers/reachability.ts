/**
 * Whether a volunteer's chat takes our messages. A chat that refused one for good (the user blocked the bot) is
 * skipped by call-ups and notices; the user record keeps the mark too, because it is read on every update anyway,
 * so their next message to the bot can lift it at no cost for everybody else.
 */
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';

export interface ReachabilityDeps {
  volunteers: Pick<VolunteerRepository, 'setReachable'>;
  users: Pick<UserRepository, 'markBlockedBot'>;
}

/** The chat refuses our messages for good: leave the volunteer out until they write to the bot again. */
export async function markUnreachable(deps: ReachabilityDeps, userKey: string): Promise<void> {
  await deps.users.markBlockedBot(userKey, true);
  await deps.volunteers.setReachable(userKey, false);
}

/** They wrote to the bot again: reachable once more (the volunteer first, so a crash in between only repeats it). */
export async function markReachable(deps: ReachabilityDeps, userKey: string): Promise<void> {
  await deps.volunteers.setReachable(userKey, true);
  await deps.users.markBlockedBot(userKey, false);
}
