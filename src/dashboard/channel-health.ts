/**
 * How a call-up's cards are getting through, per messenger: delivered, still on the way, not delivered (failed or
 * the bot blocked). A messenger whose cards fail shows here before its silence shows in the answers.
 */
import type { Invitation } from '../domain/callups/invitation.ts';
import { PLATFORMS, type Platform } from '../domain/platform.ts';
import type { CardResult } from '../persistence/repositories/dashboard-read.repository.ts';

export interface ChannelHealth {
  platform: Platform;
  invited: number;
  delivered: number;
  pending: number;
  failed: number;
}

export function channelHealth(
  invitations: readonly Pick<Invitation, 'volunteerKey' | 'platform' | 'withdrawnAt'>[],
  results: readonly CardResult[],
): ChannelHealth[] {
  const platformOf = new Map(invitations.map((i) => [i.volunteerKey, i.platform]));
  const channels = new Map<Platform, ChannelHealth>();
  const channel = (platform: Platform) => {
    let entry = channels.get(platform);
    if (!entry) {
      entry = { platform, invited: 0, delivered: 0, pending: 0, failed: 0 };
      channels.set(platform, entry);
    }
    return entry;
  };
  // A withdrawn card was never meant to go out: it is neither on the way nor a failure.
  for (const i of invitations) if (i.withdrawnAt === null) channel(i.platform).invited += 1;
  for (const result of results) {
    const platform = platformOf.get(result.recipientKey);
    if (!platform) continue;
    if (result.state === 'sent') channel(platform).delivered += 1;
    else if (result.state === 'failed' || result.state === 'blocked') channel(platform).failed += 1;
  }
  for (const entry of channels.values()) entry.pending = Math.max(0, entry.invited - entry.delivered - entry.failed);
  return PLATFORMS.flatMap((p) => channels.get(p) ?? []);
}
