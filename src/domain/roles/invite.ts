/**
 * A one-time invite link that appoints a coordinator: an admin picks the provinces and the platform, the bot makes a
 * `/start <payload>` deep link; the first person to open it in time, on that platform, becomes the coordinator.
 */
import type { Platform } from '../platform.ts';

/** How long an invite link stays valid. */
export const INVITE_LIFETIME_MS = 48 * 60 * 60 * 1000;

/** Deep-link payloads start with this, so the start feature can tell an invite from other payloads. */
export const INVITE_PAYLOAD_PREFIX = 'inv_';

export interface Invite {
  /** The secret part of the link; also the record's key. */
  token: string;
  platform: Platform;
  provinces: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export type InviteProblem = 'unknown' | 'expired' | 'used' | 'wrong_platform';

/** Why an invite cannot be redeemed by someone on `platform` at `now`, or undefined when it can. */
export function inviteProblem(
  invite: Invite | undefined,
  redeemed: boolean,
  platform: Platform,
  now: Date,
): InviteProblem | undefined {
  if (!invite) return 'unknown';
  if (redeemed) return 'used';
  if (invite.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (invite.platform !== platform) return 'wrong_platform';
  return undefined;
}

export const invitePayload = (token: string): string => `${INVITE_PAYLOAD_PREFIX}${token}`;

/** The token inside a deep-link payload, or undefined when the payload is not an invite. */
export function tokenFromPayload(payload: string): string | undefined {
  if (!payload.startsWith(INVITE_PAYLOAD_PREFIX)) return undefined;
  const token = payload.slice(INVITE_PAYLOAD_PREFIX.length);
  return /^[A-Za-z0-9_-]{16,48}$/.test(token) ? token : undefined;
}
