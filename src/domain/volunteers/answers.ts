/**
 * Reading the free-text answers of registration. Each parser takes the text as typed and returns the value to store
 * or a reason code; the bot shows `registration:errors.<step>.<reason>`.
 */

import words from '../data/typed-words.json' with { type: 'json' };
import { getSpecialty, SPECIALTY_GROUPS, specialtiesInGroup } from '../reference/specialties.ts';
import { createListMatcher, type ListMatch } from '../text/list-matcher.ts';
import { beforeUnit, containsLetters, isEmojiOnly, normalizeInput, parseInteger } from '../text/persian-text.ts';
import { validatePersonName } from '../validation/person-name.ts';
import { NOTE_MAX_LENGTH, PLEDGE_HOURS } from './pledge.ts';
import { CITY_LENGTH, OTHER_SPECIALTY_LENGTH } from './volunteer.ts';

export type Answer<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R };

const length = (s: string) => [...s].length;

/** Failures every free-text answer shares: nothing typed, or only emoji. */
function blankReason(input: string): 'empty' | 'emoji_only' | undefined {
  if (isEmojiOnly(input)) return 'emoji_only';
  if (normalizeInput(input) === '') return 'empty';
  return undefined;
}

export function parseName(
  input: string,
): Answer<string, 'empty' | 'emoji_only' | 'too_short' | 'too_long' | 'invalid_chars'> {
  const blank = blankReason(input);
  if (blank) return { ok: false, reason: blank };
  const result = validatePersonName(input);
  return result.ok ? { ok: true, value: result.value } : { ok: false, reason: result.reason };
}

/** Letters (any script), digits, spaces, ZWNJ and the punctuation place and job names use. */
const PLACE_TEXT = /^[\p{L}\p{M}\d \u200C\-'’().\u060C,/]+$/u;

function parseShortText(
  input: string,
  bounds: { min: number; max: number },
  options: { digits: boolean },
): Answer<string, 'empty' | 'emoji_only' | 'too_short' | 'too_long' | 'invalid_chars'> {
  const blank = blankReason(input);
  if (blank) return { ok: false, reason: blank };
  const value = normalizeInput(input).replace(/\n+/g, ' ');
  if (length(value) > bounds.max) return { ok: false, reason: 'too_long' };
  if (!PLACE_TEXT.test(value) || !containsLetters(value)) return { ok: false, reason: 'invalid_chars' };
  if (!options.digits && /\d/.test(value)) return { ok: false, reason: 'invalid_chars' };
  if (length(value) < bounds.min) return { ok: false, reason: 'too_short' };
  return { ok: true, value };
}

/** No city's name has digits: «کاشان۱۲» is a slip, not a city. */
export const parseCity = (input: string) => parseShortText(input, CITY_LENGTH, { digits: false });
export const parseOtherSpecialty = (input: string) => parseShortText(input, OTHER_SPECIALTY_LENGTH, { digits: true });

export function parseNote(input: string): Answer<string, 'empty' | 'emoji_only' | 'too_long'> {
  const blank = blankReason(input);
  if (blank) return { ok: false, reason: blank };
  const value = normalizeInput(input);
  if (length(value) > NOTE_MAX_LENGTH) return { ok: false, reason: 'too_long' };
  return { ok: true, value };
}

export function parseHours(input: string): Answer<number, 'empty' | 'emoji_only' | 'not_a_number' | 'out_of_range'> {
  const blank = blankReason(input);
  if (blank) return { ok: false, reason: blank };
  // «۲۰ ساعت» / "20 hours": the unit is what was asked, so it may be typed along.
  const text = normalizeInput(input);
  const n = parseInteger(beforeUnit(text, words.durations.hourUnits) ?? text);
  if (n === null) return { ok: false, reason: 'not_a_number' };
  if (n < PLEDGE_HOURS.min || n > PLEDGE_HOURS.max) return { ok: false, reason: 'out_of_range' };
  return { ok: true, value: n };
}

/** The specialties of a group as a list to match typed answers against (names in both languages, and the code). */
const specialtyMatchers = new Map(
  SPECIALTY_GROUPS.map((g) => [
    g.code,
    createListMatcher(specialtiesInGroup(g.code).map((s) => ({ code: s.code, shown: [s.fa, s.en], names: [s.code] }))),
  ]),
);

/** A specialty typed instead of tapped, within the chosen group: one, several to choose from, or none. */
export function matchSpecialty(groupCode: string, input: string): ListMatch {
  return specialtyMatchers.get(groupCode)?.(input) ?? { kind: 'none' };
}

/**
 * The profession group typed instead of tapped. A specialty's name counts for its group, since people answer
 * «رشته‌ی شما؟» with what they do («جراح»، «پرستار اورژانس»).
 */
export const matchGroup: (input: string) => ListMatch = createListMatcher(
  SPECIALTY_GROUPS.map((g) => ({
    code: g.code,
    shown: [g.fa, g.en],
    names: [g.code, ...specialtiesInGroup(g.code).flatMap((s) => [s.fa, s.en])],
  })),
);

export function isKnownSpecialty(code: string): boolean {
  return getSpecialty(code) !== undefined;
}
