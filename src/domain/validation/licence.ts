/**
 * Professional council numbers. The format is only a hint: nobody has published one, so
 * a coordinator still checks the number on the council's public search before the first deployment.
 */
import type { LicenceBody } from '../reference/specialties.ts';
import { normalizeInput } from '../text/persian-text.ts';

export type LicenceResult =
  | { ok: true; digits: string; raw: string }
  | { ok: false; reason: 'empty' | 'format' | 'not_applicable' };

/** An optional Persian-letter prefix (`م-`) then 1–7 digits: lenient, since no council publishes its format. */
const LICENCE = /^(?:[\p{Script=Arabic}&&\p{L}]{1,3}\s*[\-\u2010-\u2015]?\s*)?(\d{1,7})$/v;

/**
 * Checks a council number for the given body. `raw` is the normalised text to store next to `digits` (numbers are
 * not unique across professions, so store the body too). A body of `none` expects no number at all.
 */
export function validateLicenceNumber(input: string, body: LicenceBody): LicenceResult {
  if (body === 'none') return { ok: false, reason: 'not_applicable' };
  const raw = normalizeInput(input);
  if (raw === '') return { ok: false, reason: 'empty' };
  const m = LICENCE.exec(raw);
  if (!m || /^0+$/.test(m[1]!)) return { ok: false, reason: 'format' };
  return { ok: true, digits: m[1]!, raw };
}
