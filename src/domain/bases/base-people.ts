/**
 * The people of a base: volunteers who joined it (one base each, left at will), and offline members a leader
 * keeps for people with no messenger, who count for call-ups through their base and are answered for by its leader.
 */
import type { Platform } from '../platform.ts';
import { getSpecialty, SPECIALTIES } from '../reference/specialties.ts';
import { createListMatcher } from '../text/list-matcher.ts';
import { normalizeMobile } from '../validation/mobile.ts';
import { validatePersonName } from '../validation/person-name.ts';

export interface BaseMembership {
  volunteerKey: string;
  baseId: string;
  joinedAt: Date;
}

export interface OfflineMember {
  id: string;
  baseId: string;
  name: string;
  /** A specialty code of specialties.json. */
  specialty: string;
  /** E.164, `+989XXXXXXXXX`. */
  phone: string;
  /** Hours a month they pledge, as the leader was told. */
  pledgeHours: number;
  addedBy: string;
  addedAt: Date;
}

export const OFFLINE_PLEDGE_HOURS = { min: 1, max: 200 } as const;

export type OfflineMemberProblem = 'name' | 'specialty' | 'phone' | 'hours';

export type OfflineMemberFields = Pick<OfflineMember, 'name' | 'specialty' | 'phone' | 'pledgeHours'>;

/** Checks what a leader typed for an offline member; on success the normalised fields to store. */
export function checkOfflineMember(input: {
  name: string;
  specialty: string;
  phone: string;
  pledgeHours: number;
}): { ok: true; fields: OfflineMemberFields } | { ok: false; problem: OfflineMemberProblem } {
  const name = validatePersonName(input.name);
  if (!name.ok) return { ok: false, problem: 'name' };
  if (!getSpecialty(input.specialty)) return { ok: false, problem: 'specialty' };
  const phone = normalizeMobile(input.phone);
  if (!phone) return { ok: false, problem: 'phone' };
  const hours = input.pledgeHours;
  if (!Number.isInteger(hours) || hours < OFFLINE_PLEDGE_HOURS.min || hours > OFFLINE_PLEDGE_HOURS.max) {
    return { ok: false, problem: 'hours' };
  }
  return { ok: true, fields: { name: name.value, specialty: input.specialty, phone, pledgeHours: hours } };
}

/** A link that makes its first opener a leader of one base. */
export interface LeaderInvite {
  token: string;
  baseId: string;
  platform: Platform;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export const LEADER_INVITE_PREFIX = 'bl_';

export const leaderInvitePayload = (token: string) => `${LEADER_INVITE_PREFIX}${token}`;

/** The token in a `/start` payload when it is a leader invite. */
export function leaderTokenFromPayload(payload: string): string | undefined {
  if (!payload.startsWith(LEADER_INVITE_PREFIX)) return undefined;
  const token = payload.slice(LEADER_INVITE_PREFIX.length);
  return /^[A-Za-z0-9_-]{16,48}$/.test(token) ? token : undefined;
}

const specialtyMatcher = createListMatcher(
  SPECIALTIES.map((s) => ({ code: s.code, shown: [s.fa, s.en], names: [s.code] })),
);

/** The specialty a leader typed for an offline member, when the words name exactly one. */
export function matchAnySpecialty(input: string): string | undefined {
  const match = specialtyMatcher(input);
  return match.kind === 'one' ? match.code : undefined;
}

/**
 * An offline member's key among a call-up's invitations: their base's leader answers for them (a relayed answer),
 * and no chat is written to them.
 */
const OFFLINE_KEY_PREFIX = 'offline:';

export const offlineKey = (offlineId: string) => `${OFFLINE_KEY_PREFIX}${offlineId}`;

/** The offline member an invitation key names, when it names one. */
export const offlineIdOf = (volunteerKey: string): string | undefined =>
  volunteerKey.startsWith(OFFLINE_KEY_PREFIX) ? volunteerKey.slice(OFFLINE_KEY_PREFIX.length) : undefined;

/** Whether an invitation's answer is relayed: given by a base leader for an offline member. */
export const isRelayed = (invitation: { volunteerKey: string }): boolean =>
  invitation.volunteerKey.startsWith(OFFLINE_KEY_PREFIX);
