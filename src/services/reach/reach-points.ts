/**
 * The ways one person can be reached, best first: their messenger accounts, then their mobile by SMS. Failover walks
 * this list. Today a volunteer has one messenger account; the identity work (issue 14 §1) links more accounts and
 * verified numbers to one person, and plugs them in by giving the app its own `ReachPointsOf`.
 */
import type { Platform } from '../../domain/platform.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';

export type ReachPoint =
  /** A chat on a messenger: the account's user key (`bale:123`) and its chat. */
  | { channel: Platform; key: string; chatId: string }
  /** An SMS number, E.164. */
  | { channel: 'sms'; phone: string };

export type ReachChannel = ReachPoint['channel'];

/** The fields of a volunteer the reach points are drawn from. */
export type ReachableVolunteer = Pick<Volunteer, 'key' | 'platform' | 'chatId' | 'mobile' | 'reachable'>;

/** A person's reach points, preferred first; SMS, which costs money, always last. */
export type ReachPointsOf = (volunteer: ReachableVolunteer) => Promise<ReachPoint[]>;

/** One messenger account (the one they registered with), then their mobile when SMS is configured. */
export function defaultReachPoints(options: { sms: boolean }): ReachPointsOf {
  return async (v) => [
    { channel: v.platform, key: v.key, chatId: v.chatId },
    ...(options.sms && v.mobile ? [{ channel: 'sms' as const, phone: v.mobile }] : []),
  ];
}

/** A stable name of a point, for delivery ids: `telegram:123`, `sms:+989121234567`. */
export function pointId(point: ReachPoint): string {
  return point.channel === 'sms' ? `sms:${point.phone}` : point.key;
}
