import { Refusal } from '../refusal.ts';

/** Why a call-up action changed nothing; `key` is what the person reads (a polite alert for a button). */
export const CALLUP_ERROR_CODES = [
  /** No such call-up: forged or garbled data. */
  'unknown',
  /** The person pressing was not invited to it (a forwarded or copied card). */
  'not_invited',
  'cancelled',
  /** The event is over. */
  'ended',
  /** The button belongs to an earlier state (e.g. a re-confirmation no longer asked). */
  'stale',
  /** The button is on an older card: a newer one was sent since, and only that one answers. */
  'superseded',
  /** Only the call-up's coordinators may do this. */
  'forbidden',
  /** Extending works once, and only where the province has neighbours. */
  'already_extended',
  'nothing_to_do',
] as const;
export type CallUpErrorCode = (typeof CALLUP_ERROR_CODES)[number];

export class CallUpError extends Refusal<CallUpErrorCode> {
  /** About a drill: the answer is marked as one too. */
  readonly drill: boolean;

  /** `about`: the call-up concerned, when it is known. */
  constructor(code: CallUpErrorCode, about?: { drill: boolean }) {
    super('callup', code, `callup:errors.${code}`);
    this.drill = about?.drill ?? false;
  }
}
