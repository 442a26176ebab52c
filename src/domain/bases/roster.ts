/** The buttons of a roster card: a leader's answer for one offline member of one call-up. */
import type { Answer } from '../callups/invitation.ts';

const ROSTER_PREFIX = 'br:';

export const rosterData = (coming: boolean, callUpId: string, offlineId: string) =>
  `${ROSTER_PREFIX}${coming ? 'y' : 'n'}:${callUpId}:${offlineId}`;

/** The callback data of roster buttons, as a pattern: coming (y/n), call-up id, offline member id. */
export const ROSTER_DATA = /^br:([yn]):([a-z0-9]{8}):([\w-]{1,24})$/;

/** How a roster card shows an offline member's answer so far. */
export type RosterState = 'none' | 'coming' | 'waiting' | 'no';

export function rosterState(answer: Answer): RosterState {
  if (answer === 'yes' || answer === 'late') return 'coming';
  if (answer === 'waiting' || answer === 'no') return answer;
  return 'none';
}
