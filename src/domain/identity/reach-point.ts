/**
 * A person is one volunteer record reached through one or more reach points. The record's `_id` (the person's key)
 * is the user key of the account they first registered with and never changes; other messenger accounts of the same
 * person are aliases: their user record carries `personKey`, and they have no volunteer record of their own.
 * `reachPoints` lists them all, the preferred one first; the record's `platform` and `chatId` always repeat the
 * first messenger reach point, so everything that sends to `platform`/`chatId` reaches the preferred chat.
 */
import { z } from 'zod';
import { PLATFORM_PATTERN, PLATFORMS, type Platform } from '../platform.ts';

/** A messenger account (its user key and private chat), or a mobile number for SMS. */
export type ReachPoint =
  | { kind: 'messenger'; platform: Platform; key: string; chatId: string }
  | { kind: 'sms'; mobile: string };

export type MessengerReachPoint = Extract<ReachPoint, { kind: 'messenger' }>;

export const reachPointSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('messenger'),
    platform: z.enum(PLATFORMS),
    key: z.string().regex(new RegExp(`^(${PLATFORM_PATTERN}):\\d+$`)),
    chatId: z.string().regex(/^-?\d+$/),
  }),
  z.object({ kind: z.literal('sms'), mobile: z.string().regex(/^\+989\d{9}$/) }),
]);

/** The fields of a person's record that say where they are reached. */
export interface Reachable {
  key: string;
  platform: Platform;
  chatId: string;
  /** Absent on records older than reach points: then the own account is the only one. */
  reachPoints?: ReachPoint[] | undefined;
}

/** The person's reach points, preferred first. */
export function reachPointsOf(person: Reachable): ReachPoint[] {
  if (person.reachPoints && person.reachPoints.length > 0) return person.reachPoints;
  return [{ kind: 'messenger', platform: person.platform, key: person.key, chatId: person.chatId }];
}

export const isMessenger = (point: ReachPoint): point is MessengerReachPoint => point.kind === 'messenger';

/** The user keys of every messenger account of the person. */
export const accountKeysOf = (person: Reachable): string[] =>
  reachPointsOf(person)
    .filter(isMessenger)
    .map((p) => p.key);

/** A reach point's stable id, for buttons: the user key, or `sms:` and the number. */
export const reachPointId = (point: ReachPoint): string =>
  point.kind === 'messenger' ? point.key : `sms:${point.mobile}`;

/** The record's fields after the reach points change: the list, and the preferred messenger's platform and chat. */
export function withReachPoints(points: ReachPoint[]): {
  reachPoints: ReachPoint[];
  platform?: Platform;
  chatId?: string;
} {
  const messenger = points.find(isMessenger);
  return messenger
    ? { reachPoints: points, platform: messenger.platform, chatId: messenger.chatId }
    : { reachPoints: points };
}

/** Adds a reach point (last, unless already there). */
export function addReachPoint(person: Reachable, point: ReachPoint): ReachPoint[] {
  const points = reachPointsOf(person);
  return points.some((p) => reachPointId(p) === reachPointId(point)) ? points : [...points, point];
}

/** Moves one reach point first; undefined when the person has no such point. */
export function preferReachPoint(person: Reachable, id: string): ReachPoint[] | undefined {
  const points = reachPointsOf(person);
  const chosen = points.find((p) => reachPointId(p) === id);
  return chosen ? [chosen, ...points.filter((p) => p !== chosen)] : undefined;
}

/**
 * Removes one reach point; undefined when it is not the person's, is the last one, or would leave no messenger
 * account (the record's own chat must stay one) or would remove the account whose key is the person's key.
 */
export function removeReachPoint(person: Reachable, id: string): ReachPoint[] | undefined {
  if (id === person.key) return undefined;
  const points = reachPointsOf(person);
  const rest = points.filter((p) => reachPointId(p) !== id);
  if (rest.length === points.length || rest.length === 0 || !rest.some(isMessenger)) return undefined;
  return rest;
}

/** The first of the person's reach points (preferred first) not yet tried, by reachPointId; undefined when none is left. */
export function nextReachPoint(person: Reachable, tried: ReadonlySet<string>): ReachPoint | undefined {
  return reachPointsOf(person).find((p) => !tried.has(reachPointId(p)));
}
