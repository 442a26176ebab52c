/**
 * A mission (a call-up of kind `mission`): weeks at home or abroad, with requirements a volunteer's long-missions
 * pledge must meet. Answers are two-step: «داوطلبم» puts a volunteer on the shortlist, and only those the
 * coordinator selects are confirmed; the rest are thanked.
 */
import type { Coordinator, Need } from '../callups/callup.ts';
import { getCountry } from '../reference/mission-lists.ts';
import { getProvince } from '../reference/provinces.ts';
import type { MissionRequirements } from './readiness.ts';

export type MissionDestination =
  | { kind: 'abroad'; country: string; city: string }
  | { kind: 'home'; province: string; city: string };

export const MISSION_STATUSES = ['open', 'closed', 'cancelled'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];

/**
 * `invited` got the card; `volunteered` is on the shortlist; `declined` said no; `selected` was picked on the board
 * and not told yet; `confirmed` got the details; `regretted` got the thanks; `withdrawn` pulled out after selection.
 */
export const MISSION_ANSWER_STATES = [
  'invited',
  'volunteered',
  'declined',
  'selected',
  'confirmed',
  'regretted',
  'withdrawn',
] as const;
export type MissionAnswerState = (typeof MISSION_ANSWER_STATES)[number];

/** What the wizard collects. */
export interface MissionDraft {
  title: string;
  destination: MissionDestination;
  requirements: MissionRequirements;
  needs: Need[];
  meetingPoint: string;
  contact: string;
}

export interface Mission extends MissionDraft {
  id: string;
  kind: 'mission';
  status: MissionStatus;
  coordinator: Coordinator;
  invited: number;
  confirmationsSentAt: Date | null;
  hoursCreditedAt: Date | null;
  createdAt: Date;
}

export interface MissionAnswer {
  missionId: string;
  volunteerKey: string;
  state: MissionAnswerState;
  /** When the volunteer joined the shortlist: the shortlist's order, first come first. */
  volunteeredAt: Date | null;
}

/** The stored id of one volunteer's answer to a mission. */
export const missionAnswerId = (missionId: string, volunteerKey: string): string => `${missionId}:${volunteerKey}`;

/** A mission abroad names a known country, at home a known province. */
export function isKnownDestination(d: MissionDestination): boolean {
  return d.kind === 'abroad' ? getCountry(d.country) !== undefined : getProvince(d.province) !== undefined;
}

/** On the shortlist (and not yet thanked or gone): the people a coordinator selects from. */
export const onShortlist = (state: MissionAnswerState): boolean => state === 'volunteered' || state === 'selected';

/**
 * Who may send a mission: abroad, admins and national coordinators (every province) only; at home, also a provincial
 * coordinator for a destination in their provinces. `provinces` is null for an admin.
 */
export function mayCreateMission(
  provinces: readonly string[] | null,
  destination: Pick<MissionDestination, 'kind'> & { province?: string },
  allProvinces: readonly string[],
): boolean {
  if (provinces === null) return true;
  if (destination.kind === 'abroad') return allProvinces.every((p) => provinces.includes(p));
  return destination.province !== undefined && provinces.includes(destination.province);
}

/** The next on the shortlist after a withdrawal: the earliest volunteer not selected yet. */
export function nextOnShortlist(answers: readonly MissionAnswer[]): MissionAnswer | undefined {
  return answers
    .filter((a) => a.state === 'volunteered' || a.state === 'regretted')
    .sort((a, b) => (a.volunteeredAt?.getTime() ?? 0) - (b.volunteeredAt?.getTime() ?? 0))[0];
}
