/**
 * A call-up (فراخوان): a coordinator's request for so many volunteers of each specialty, at a place and a time.
 * Pure types and rules; the service stores it, the outbox delivers its cards.
 */

import type { Locale } from '../locale.ts';
import type { Platform } from '../platform.ts';
import type { UrgencyCode } from '../reference/crisis-types.ts';
import type { CallUpTarget } from './target.ts';

/**
 * `open` recruits; `filled` has every seat taken (a late "yes" joins the waiting list); `closed` was stopped by the
 * coordinator (seats kept, answers no longer taken); `cancelled` is off for everyone.
 */
export const CALLUP_STATUSES = ['open', 'filled', 'closed', 'cancelled'] as const;
export type CallUpStatus = (typeof CALLUP_STATUSES)[number];

/** The crisis type whose call-ups are exercises: every message they send says so. */
export const DRILL_TYPE = 'drill';

export const TITLE_LENGTH = { min: 3, max: 80 } as const;
export const DESCRIPTION_LENGTH = { min: 3, max: 400 } as const;
export const MEETING_POINT_LENGTH = { min: 3, max: 200 } as const;
export const CONTACT_LENGTH = { min: 3, max: 120 } as const;
/** Seats per specialty a call-up may ask for, and how many specialties. */
export const NEED_COUNT = { min: 1, max: 200 } as const;
export const MAX_NEEDS = 12;
/** Expected duration in hours: from a short shift to a two-week deployment. */
export const DURATION_HOURS = { min: 1, max: 336 } as const;

/** Ids are short (they travel in 64-byte callback data) and unguessable. */
export const CALLUP_ID_PATTERN = /^[a-z0-9]{8}$/;

export type FirstWaveState = 'queuing' | 'queued';

export interface Need {
  specialty: string;
  count: number;
}

export interface ChatAddress {
  platform: Platform;
  chatId: string;
}

export interface Coordinator extends ChatAddress {
  /** User key of the coordinator who created the call-up. */
  key: string;
  locale: Locale;
}

/** What the creation flow collects. */
export interface CallUpDraft {
  crisisType: string;
  urgency: UrgencyCode;
  title: string;
  description: string;
  province: string;
  city: string;
  location: { latitude: number; longitude: number } | null;
  needs: Need[];
  /** null: now (the moment of sending). */
  startsAt: Date | null;
  durationHours: number;
  meetingPoint: string;
  /** Where to meet as a map pin, when the meeting point is a base (sent to those coming instead of `location`). */
  meetingPin?: { latitude: number; longitude: number } | null;
  /** Who to call on arrival; shown to confirmed volunteers only. */
  contact: string;
  /** Whom it reaches; absent: its province (see target.ts). */
  target?: CallUpTarget;
}

/** A render of the coordinator's status message: when its read of the figures began, and whether cards were going out. */
export interface BoardShown {
  /** Wall clock: instances compare it with when they changed something (see read-after.ts). */
  readFrom: Date;
  inFlight: boolean;
}

export interface CallUp extends Omit<CallUpDraft, 'startsAt'> {
  id: string;
  status: CallUpStatus;
  drill: boolean;
  startsAt: Date;
  /** The call-up asked for people "now": cards say so instead of a date. */
  startsNow: boolean;
  coordinator: Coordinator;
  /** The live status message in the coordinator's chat. */
  statusMessageId: number | null;
  /** The status message's latest render by any instance (absent: none yet, or rendered before this was kept). */
  boardShown?: BoardShown | null;
  /** Provinces whose volunteers are invited: the call-up's own, and its neighbours once extended. */
  reachProvinces: string[];
  extendedAt: Date | null;
  escalatedAt: Date | null;
  lastWaveAt: Date | null;
  /** When the latest wave or top-up of any instance began reading the invitations (wall clock; see read-after.ts). */
  wavesReadFrom?: Date | null;
  waves: number;
  /**
   * `queuing` from the confirm until every card of the first wave is in the outbox; a call-up left `queuing` by a
   * crash is resumed by the next instance that sees it (see first-wave.service.ts).
   */
  firstWave: FirstWaveState;
  /** While queuing: the instance doing it keeps moving this ahead; once it is past, that instance is gone. */
  queuingUntil: Date | null;
  /** While queuing: which process holds the lease (a holder id), so a process started after it crashed knows it is gone. */
  queuingBy: string | null;
  /** When each specialty's need was first met, for the drill score. */
  specialtyFilledAt: { specialty: string; at: Date }[];
  filledAt: Date | null;
  closedAt: Date | null;
  /** When a card of it first went another way than the first (a copy on another messenger, an SMS). */
  failedOverAt?: Date | null;
  cancelledAt: Date | null;
  reconfirmAskedAt: Date | null;
  wrapUpSentAt: Date | null;
  attendanceSavedAt: Date | null;
  /** How many times the coordinator has messaged or updated the confirmed volunteers (campaign ids count on it). */
  notices: number;
  createdAt: Date;
  updatedAt: Date;
}

const HOUR_MS = 3_600_000;

export const isDrill = (crisisType: string): boolean => crisisType === DRILL_TYPE;

export function endsAt(callUp: Pick<CallUp, 'startsAt' | 'durationHours'>): Date {
  return new Date(callUp.startsAt.getTime() + callUp.durationHours * HOUR_MS);
}

/** The event is over: answers no longer change anything, and the wrap-up (attendance, drill score) is due. */
export function hasEnded(callUp: Pick<CallUp, 'startsAt' | 'durationHours'>, now: Date): boolean {
  return endsAt(callUp).getTime() <= now.getTime();
}

/** Still recruiting: seats can be taken and new waves sent. */
export const isRecruiting = (callUp: Pick<CallUp, 'status'>): boolean => callUp.status === 'open';

/**
 * Volunteers may still answer or change an answer (a "yes" after filling joins the waiting list). Once the coordinator
 * closes it, the figures they work from stay as they are.
 */
export function acceptsAnswers(callUp: Pick<CallUp, 'status' | 'startsAt' | 'durationHours'>, now: Date): boolean {
  return (callUp.status === 'open' || callUp.status === 'filled') && !hasEnded(callUp, now);
}

/** The confirmed may still say whether they come (the day-before question), closed or not, until the event ends. */
export function takesReconfirmation(callUp: Pick<CallUp, 'status' | 'startsAt' | 'durationHours'>, now: Date): boolean {
  return callUp.status !== 'cancelled' && !hasEnded(callUp, now);
}

export const totalNeeded = (needs: readonly Need[]): number => needs.reduce((sum, need) => sum + need.count, 0);

/** The need for one specialty (0 when the call-up does not ask for it). */
export const needOf = (needs: readonly Need[], specialty: string): number =>
  needs.find((need) => need.specialty === specialty)?.count ?? 0;

/** Planned call-ups start at least this far ahead; they get a re-confirmation a day before. */
export const RECONFIRM_BEFORE_MS = 24 * HOUR_MS;

/** True when a re-confirmation should be asked now: the start is within a day, and it was not asked already. */
export function reconfirmDue(
  callUp: Pick<CallUp, 'startsAt' | 'startsNow' | 'reconfirmAskedAt' | 'createdAt' | 'status'>,
  now: Date,
): boolean {
  if (callUp.startsNow || callUp.reconfirmAskedAt !== null || callUp.status === 'cancelled') return false;
  const start = callUp.startsAt.getTime();
  // A call-up created less than a day before its start was just answered: asking again would only be noise.
  if (start - callUp.createdAt.getTime() <= RECONFIRM_BEFORE_MS) return false;
  return now.getTime() >= start - RECONFIRM_BEFORE_MS && now.getTime() < start;
}
