import type { DistanceBand } from '../geo/bands.ts';
import type { Locale } from '../locale.ts';
import type { Platform } from '../platform.ts';

/**
 * One volunteer invited to one call-up, and their answer: the record a tap is checked against. Keyed
 * `${callUpId}:${volunteerKey}`, so the check and the update are lookups by `_id`, which FerretDB pushes down.
 */

/** `yes`/`late` hold a seat; `waiting` said yes after the specialty was full; `none` has not answered. */
export const ANSWERS = ['none', 'yes', 'late', 'no', 'waiting'] as const;
export type Answer = (typeof ANSWERS)[number];

/** What a volunteer can choose on the card. */
export const CHOICES = ['yes', 'late', 'no'] as const;
export type Choice = (typeof CHOICES)[number];

/** Minutes a late volunteer may name with one tap; any whole number within `ETA_RANGE` may be typed. */
export const ETA_MINUTES = [30, 60, 120] as const;
/** How late a volunteer may say they will be: less is on time, more is another day's shift. */
export const ETA_RANGE = { min: 5, max: 600 } as const;

/** A day before a planned start, confirmed volunteers are asked again: still coming, or not. */
export type Reconfirmation = 'asked' | 'yes' | 'no';

export interface Invitation {
  callUpId: string;
  volunteerKey: string;
  platform: Platform;
  chatId: string;
  locale: Locale;
  specialty: string;
  /** The volunteer's own province, for the per-province drill score and contact-detail rules. */
  province: string;
  verified: boolean;
  /** In a call-up by distance, how far from the incident they were placed when invited (absent otherwise). */
  distanceBand?: DistanceBand;
  wave: number;
  invitedAt: Date;
  /** The outbox delivery of the card: an answer is checked against what was really sent. */
  cardId: string;
  /**
   * The version of the person's one live card for this call-up. Each new card (the reply to a typed answer, a
   * reminder, a new wave) takes the next, and only the live card's buttons count.
   */
  card: number;
  /** The live card's message, when it was sent in reply to a typed answer; otherwise the outbox's card or reminder. */
  cardMessageId: number | null;
  /**
   * Set when the card was cancelled before it went out (the specialty filled, or the call-up was closed): they were
   * never asked, so they wait for no answer, get no reminder, and a later wave may invite them again.
   */
  withdrawnAt: Date | null;
  answer: Answer;
  etaMinutes: number | null;
  answeredAt: Date | null;
  /** The seat number held (1…need) while the answer is yes/late. */
  seat: number | null;
  /** When they joined the waiting list, which is served first come, first served. */
  waitingSince: Date | null;
  remindedAt: Date | null;
  reconfirm: Reconfirmation | null;
  /** Marked by the coordinator after the event; hours are credited once. */
  attended: boolean;
  hoursCredited: number;
}

export const invitationId = (callUpId: string, volunteerKey: string): string => `${callUpId}:${volunteerKey}`;

export const holdsSeat = (invitation: Pick<Invitation, 'answer'>): boolean =>
  invitation.answer === 'yes' || invitation.answer === 'late';

export const hasAnswered = (invitation: Pick<Invitation, 'answer'>): boolean => invitation.answer !== 'none';

/** False for an erased volunteer's invitation: its answer still counts in the figures, but there is no chat to write to. */
export const hasChat = (invitation: Pick<Invitation, 'chatId'>): boolean => invitation.chatId !== '';

export const isWithdrawn = (invitation: Pick<Invitation, 'withdrawnAt'>): boolean => invitation.withdrawnAt !== null;

/** Invited and not answered yet, with a card that was not withdrawn: an answer may still come. */
export const awaitsAnswer = (invitation: Pick<Invitation, 'answer' | 'withdrawnAt'>): boolean =>
  invitation.answer === 'none' && !isWithdrawn(invitation);

/** A delay a late volunteer may name: whole minutes within `ETA_RANGE`. */
export function isEta(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= ETA_RANGE.min && minutes <= ETA_RANGE.max;
}
