/** A person's name as typed: Persian or Latin letters with the joiners names really use. */
import { normalizeInput } from '../text/persian-text.ts';

export type PersonNameResult =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'too_short' | 'too_long' | 'invalid_chars' };

export const PERSON_NAME_LENGTH = { min: 3, max: 60 } as const;

/** Letters of the Persian/Arabic or Latin script (with combining accents), space, ZWNJ, hyphen and apostrophes. */
const ALLOWED = /^(?:[\p{Script=Arabic}&&\p{L}]|[\p{Script=Latin}&&\p{L}]|\p{Mn}|[ \u200C\-'’ʼ])+$/v;
/** A name starts and ends with a letter, so «-» or «'» on their own are not names. */
const LETTER_EDGES = /^\p{L}(?:.*[\p{L}\p{Mn}])?$/su;

/** Checks a full name after normalisation; on success `value` is the form to store. */
export function validatePersonName(input: string): PersonNameResult {
  const value = normalizeInput(input);
  if (value === '') return { ok: false, reason: 'empty' };
  if (!ALLOWED.test(value) || !LETTER_EDGES.test(value)) return { ok: false, reason: 'invalid_chars' };
  const length = [...value].length;
  if (length < PERSON_NAME_LENGTH.min) return { ok: false, reason: 'too_short' };
  if (length > PERSON_NAME_LENGTH.max) return { ok: false, reason: 'too_long' };
  return { ok: true, value };
}
