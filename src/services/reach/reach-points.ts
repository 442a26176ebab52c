/**
 * The ways one person can be reached, best first: their messenger accounts, then their mobile by SMS. Failover walks
 * this list; the person's own record says which accounts are theirs and in what order (domain/identity).
 */
import { reachPointsOf } from '../../domain/identity/reach-point.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';

export type ReachPoint =
  /** A chat on a messenger: the account's user key (`bale:123`) and its chat. */
  | { channel: Platform; key: string; chatId: string }
  /** An SMS number, E.164. */
  | { channel: 'sms'; phone: string };

export type ReachChannel = ReachPoint['channel'];

/** The fields of a volunteer the reach points are drawn from. */
export type ReachableVolunteer = Pick<
  Volunteer,
  'key' | 'platform' | 'chatId' | 'mobile' | 'reachable' | 'reachPoints'
>;

/** A person's reach points, preferred first; SMS, which costs money, always last. */
export type ReachPointsOf = (volunteer: ReachableVolunteer) => Promise<ReachPoint[]>;

/** Every messenger account of the person, preferred first, then their mobile when SMS is configured. */
export function personReachPoints(options: { sms: boolean }): ReachPointsOf {
  return async (v) => [
    ...reachPointsOf(v).flatMap((p) =>
      p.kind === 'messenger' ? [{ channel: p.platform, key: p.key, chatId: p.chatId }] : [],
    ),
    ...(options.sms && v.mobile ? [{ channel: 'sms' as const, phone: v.mobile }] : []),
  ];
}

/** A stable name of a point, for delivery ids: `telegram:123`, `sms:+989121234567`. */
export function pointId(point: ReachPoint): string {
  return point.channel === 'sms' ? `sms:${point.phone}` : point.key;
}
