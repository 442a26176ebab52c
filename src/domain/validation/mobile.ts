/** Iranian mobile numbers: validated by shape, never by an operator prefix list (prefixes move between operators). */
import { normalizeInput } from '../text/persian-text.ts';

export type IranianMobile = `+989${string}`;

/**
 * Returns the E.164 form `+989XXXXXXXXX` for `09…`, `+98…`, `0098…`, `98…` or a bare `9…` number in any digit
 * style, with spaces, dashes, brackets or bidi marks; also forgives the common `+98 0912…`. Otherwise `null`.
 */
export function normalizeMobile(input: string): IranianMobile | null {
  const s = normalizeInput(input).replace(/[\s\-\u2010-\u2015().]/g, '');
  const m = /^(?:(?:\+|00)?980?|0)?(9\d{9})$/.exec(s);
  return m ? (`+98${m[1]}` as IranianMobile) : null;
}
