/** The buttons of a roster card: a leader's answer for one offline member of one call-up. */
import { type Answer, ETA_MINUTES, isEta } from '../callups/invitation.ts';

const ROSTER_PREFIX = 'br:';

/** What a roster button says: coming, not coming, late (then asks how late), or late by so many minutes. */
export type RosterPress = { kind: 'yes' } | { kind: 'no' } | { kind: 'ask_eta' } | { kind: 'late'; minutes: number };

const pressCode = (press: RosterPress): string =>
  press.kind === 'late' ? String(press.minutes) : { yes: 'y', no: 'n', ask_eta: 'l' }[press.kind];

export const rosterData = (press: RosterPress, callUpId: string, offlineId: string) =>
  `${ROSTER_PREFIX}${pressCode(press)}:${callUpId}:${offlineId}`;

/** The callback data of roster buttons, as a pattern: the press, call-up id, offline member id. */
export const ROSTER_DATA = /^br:([ynl]|\d{1,3}):([a-z0-9]{8}):([\w-]{1,24})$/;

/** The press a roster button's code stands for; undefined for a delay no button offers. */
export function rosterPress(code: string): RosterPress | undefined {
  if (code === 'y') return { kind: 'yes' };
  if (code === 'n') return { kind: 'no' };
  if (code === 'l') return { kind: 'ask_eta' };
  const minutes = Number(code);
  return isEta(minutes) ? { kind: 'late', minutes } : undefined;
}

/** The delays a leader picks from with one more tap. */
export const ROSTER_ETA_MINUTES = ETA_MINUTES;

/** How a roster card shows an offline member's answer so far. */
type RosterState = 'none' | 'coming' | 'late' | 'waiting' | 'no';

export function rosterState(answer: Answer): RosterState {
  if (answer === 'yes') return 'coming';
  if (answer === 'late' || answer === 'waiting' || answer === 'no') return answer;
  return 'none';
}
