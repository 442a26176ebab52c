/**
 * Callback data of the buttons on scheduled messages (check-in, expiry, reminder). They live outside any flow, so
 * they carry no nonce: each acts on the volunteer's current record and is safe to press late or twice.
 */
export const NOTICE_ACTIONS = {
  /** Check-in: "my pledge still stands". */
  stillValid: 'pl:ok',
  /** Check-in: "I want to change it" → the profile card. */
  change: 'pl:change',
  /** Check-in: "pause it". */
  pause: 'pl:pause',
  /** Expiry: set a new end date. */
  renew: 'pl:renew',
  /** Abandoned registration: show the question where they stopped. */
  continueRegistration: 'reg:continue',
} as const;
