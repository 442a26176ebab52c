/** Iranian national ID (کد ملی): 10 digits with a mod-11 check digit. Real IDs never appear in tests or logs. */
import { normalizeInput } from '../text/persian-text.ts';

export type NationalIdResult =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'format' | 'repeated_digits' | 'checksum' };

/**
 * Checks a national ID typed in any digit style, with spaces, dashes or bidi marks. 8–9 digit input is left-padded
 * with zeros (spreadsheets drop them). On success `value` is the canonical 10-digit string to store.
 */
export function validateNationalId(input: string): NationalIdResult {
  let s = normalizeInput(input).replace(/[\s\-\u2010-\u2015]/g, '');
  if (s === '') return { ok: false, reason: 'empty' };
  if (/^\d{8,9}$/.test(s)) s = s.padStart(10, '0');
  if (!/^\d{10}$/.test(s)) return { ok: false, reason: 'format' };
  // Every repeated-digit string passes the checksum, so it must be rejected on its own.
  if (/^(\d)\1{9}$/.test(s)) return { ok: false, reason: 'repeated_digits' };
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(s[i]) * (10 - i);
  const r = sum % 11;
  const check = Number(s[9]);
  const expected = r < 2 ? r : 11 - r;
  return check === expected ? { ok: true, value: s } : { ok: false, reason: 'checksum' };
}

export function isValidNationalId(input: string): boolean {
  return validateNationalId(input).ok;
}

/** Shows only the first six digits of a stored ID (`049937••••`); convert digits for display separately. */
export function maskNationalId(id: string): string {
  return `${id.slice(0, 6)}${'•'.repeat(Math.max(0, id.length - 6))}`;
}
