/**
 * A reply by SMS to a call-up card: «۱» coming, «۲» late, «۰» can't — in Persian, Arabic-Indic or Latin digits —
 * and, when the person has several open invitations, the call-up's short code beside it («۱ ۴۲۷» or «۴۲۷ ۱»).
 */
import { readCardReply } from '../callups/card-reply.ts';
import type { Choice } from '../callups/invitation.ts';
import { normalizeInput } from '../text/persian-text.ts';

export interface SmsReply {
  choice: Choice;
  /** The call-up's short code, when the reply named one. */
  code: string | undefined;
}

/** A call-up's short code: three digits, enough to tell apart the few call-ups one person has open at once. */
export function callUpSmsCode(callUpId: string): string {
  let hash = 0;
  for (const char of callUpId) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return String(100 + (hash % 900));
}

const WITH_CODE = /^(\d)\s*[-,.]?\s*(\d{3})$|^(\d{3})\s*[-,.]?\s*(\d)$/;

/** What an SMS says to a card; undefined when it is not an answer at all. */
export function readSmsReply(text: string): SmsReply | undefined {
  const normalized = normalizeInput(text);
  const bare = readCardReply(normalized);
  if (bare?.kind === 'choice') return { choice: bare.choice, code: undefined };
  const match = WITH_CODE.exec(normalized);
  if (!match) return undefined;
  const digit = match[1] ?? match[4] ?? '';
  const choice = readCardReply(digit);
  if (choice?.kind !== 'choice') return undefined;
  return { choice: choice.choice, code: match[2] ?? match[3] };
}
