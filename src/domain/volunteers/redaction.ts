/**
 * "Delete my data" reaches beyond the person's own records: a coordinator's verification queue, a confirmed list,
 * an admin's request notice or a flow in someone else's session may still name them. These rules find a person's
 * traces in any text, whatever digits or spacing it was rendered with, and blank them out.
 */

import { toLatinDigits, toPersianDigits } from '../text/persian-text.ts';

/** What is left where a name or a number was. */
export const REDACTED = '***';

/** What identifies the person, as stored. */
export interface PersonTraces {
  /** The user key (`"bale:123"`): replaced by the anonymous id, so what the log says about them still adds up. */
  key: string;
  anonymousId: string;
  /** Platform user and chat ids. */
  ids: readonly string[];
  /** Names and other words of theirs (a request note), as stored. */
  phrases: readonly string[];
  /** Iranian mobiles in E.164 (`+989…`). */
  mobiles: readonly string[];
  /** Council numbers, as typed or as digits. */
  numbers: readonly string[];
}

/** Shorter phrases (a one-letter profile name) would blank out unrelated words. */
const MIN_PHRASE_LENGTH = 3;

/** A Latin digit, or the same digit in Persian or Arabic-Indic script. */
const DIGIT_FORMS = (d: string) => `[${d}${toPersianDigits(d)}${String.fromCharCode(0x0660 + Number(d))}]`;
/** Spaces, dashes, digit grouping and bidi marks that a rendering may put between digits. */
const BETWEEN_DIGITS = '[\\s\\-.,\\u066C\\u200C-\\u200F\\u2066-\\u2069]{0,2}';
const NOT_A_DIGIT_BEFORE = '(?<![0-9\\u06F0-\\u06F9\\u0660-\\u0669])';
const NOT_A_DIGIT_AFTER = '(?![0-9\\u06F0-\\u06F9\\u0660-\\u0669])';
/** `+98`, `0098`, `98` or the trunk `0` before a national mobile number. */
const MOBILE_PREFIX = `(?:(?:(?:\\+|${DIGIT_FORMS('0')}{2})?${DIGIT_FORMS('9')}${DIGIT_FORMS('8')}|${DIGIT_FORMS('0')})${BETWEEN_DIGITS})?`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A run of digits in any of the three digit sets, with the separators a display may add. */
function digitsPattern(digits: string): string {
  return [...digits].map(DIGIT_FORMS).join(BETWEEN_DIGITS);
}

const onlyDigits = (s: string) => toLatinDigits(s).replace(/\D/g, '');
/** A phrase counts only as whole words (a ZWNJ joins a word): «Ali» does not blank out half of «Alireza». */
const NOT_A_LETTER_BEFORE = '(?<![\\p{L}\\p{N}\\u200C])';
const NOT_A_LETTER_AFTER = '(?![\\p{L}\\p{N}\\u200C])';

/** A function that blanks the person's traces out of a text, and gives the same text back when there are none. */
export function traceRedactor(traces: PersonTraces): (text: string) => string {
  const mobilePatterns = traces.mobiles.map((m) => MOBILE_PREFIX + digitsPattern(onlyDigits(m).replace(/^98/, '')));
  const otherDigits = [...new Set([...traces.ids, ...traces.numbers].map(onlyDigits))].filter((d) => d !== '');
  const numberPatterns = [...mobilePatterns, ...otherDigits.map(digitsPattern)];
  const phrasePatterns = [...traces.numbers, ...traces.phrases]
    .map((p) => p.trim())
    .filter((p) => [...p].length >= MIN_PHRASE_LENGTH && /\D/.test(p))
    .map((p) => p.split(/\s+/).map(escapeRegExp).join('\\s+'));
  const rules: [RegExp, string][] = [[new RegExp(escapeRegExp(traces.key), 'g'), traces.anonymousId]];
  if (phrasePatterns.length > 0) {
    rules.push([
      new RegExp(`${NOT_A_LETTER_BEFORE}(?:${phrasePatterns.join('|')})${NOT_A_LETTER_AFTER}`, 'giu'),
      REDACTED,
    ]);
  }
  if (numberPatterns.length > 0) {
    rules.push([
      new RegExp(`${NOT_A_DIGIT_BEFORE}(?:${numberPatterns.join('|')})${NOT_A_DIGIT_AFTER}`, 'gu'),
      REDACTED,
    ]);
  }
  return (text) => rules.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Applies `redact` to every string inside plain objects and arrays (dates, ids and other values are left alone).
 * Returns the very same value when nothing changed, so a caller can tell whether to write it back.
 */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) {
    const out = value.map((item) => redactDeep(item, redact));
    return (out.some((item, i) => item !== value[i]) ? out : value) as T;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    const out = entries.map(([k, v]) => [k, redactDeep(v, redact)] as const);
    return (out.some(([, v], i) => v !== entries[i]![1]) ? Object.fromEntries(out) : value) as T;
  }
  return value;
}
