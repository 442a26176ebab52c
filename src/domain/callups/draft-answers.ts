/**
 * Reading what a coordinator types while creating a call-up. Each parser returns the value to store or a reason;
 * the bot shows `callup:create.errors.<reason>`.
 */
import words from '../data/typed-words.json' with { type: 'json' };
import { asTyped, beforeUnit, isEmojiOnly, normalizeInput, parseInteger } from '../text/persian-text.ts';
import {
  CONTACT_LENGTH,
  DESCRIPTION_LENGTH,
  DURATION_HOURS,
  MEETING_POINT_LENGTH,
  NEED_COUNT,
  TITLE_LENGTH,
} from './callup.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; vars?: Record<string, number> };

const length = (s: string) => [...s].length;

function parseText(input: string, bounds: { min: number; max: number }, oneLine: boolean): Parsed<string> {
  if (isEmojiOnly(input)) return { ok: false, reason: 'emoji_only' };
  // Checked normalised (invisible marks do not count), kept as the coordinator wrote it: it is shown, not matched.
  if (normalizeInput(input) === '') return { ok: false, reason: 'empty' };
  const typed = asTyped(input);
  const value = oneLine ? typed.replace(/\s*\n+\s*/g, ' ') : typed;
  if (length(value) < bounds.min) return { ok: false, reason: 'too_short', vars: { min: bounds.min } };
  if (length(value) > bounds.max) return { ok: false, reason: 'too_long', vars: { max: bounds.max } };
  return { ok: true, value };
}

export const parseTitle = (input: string) => parseText(input, TITLE_LENGTH, true);
export const parseDescription = (input: string) => parseText(input, DESCRIPTION_LENGTH, false);
export const parseMeetingPoint = (input: string) => parseText(input, MEETING_POINT_LENGTH, false);
export const parseContact = (input: string) => parseText(input, CONTACT_LENGTH, true);
/** A city or village: one line, short. */
export const parseCity = (input: string) => parseText(input, { min: 2, max: 50 }, true);

/** A count of people typed in any digits, e.g. «۵» or «5 نفر». */
export function parseNeedCount(input: string): Parsed<number> {
  const text = normalizeInput(input);
  const n = parseInteger(beforeUnit(text, words.unitWords.people) ?? text);
  if (n === null) return { ok: false, reason: 'not_a_number' };
  if (n < NEED_COUNT.min || n > NEED_COUNT.max) return { ok: false, reason: 'count_range', vars: NEED_COUNT };
  return { ok: true, value: n };
}

/** Hours, or days with «روز»/"day(s)": «۶», «۳ روز», "2 days". */
export function parseDuration(input: string): Parsed<number> {
  const text = normalizeInput(input).toLowerCase();
  const days = beforeUnit(text, words.unitWords.days);
  const hours = beforeUnit(text, words.durations.hourUnits);
  const n = parseInteger(days ?? hours ?? text);
  if (n === null) return { ok: false, reason: 'not_a_number' };
  const value = days !== undefined ? n * 24 : n;
  if (value < DURATION_HOURS.min || value > DURATION_HOURS.max) {
    return { ok: false, reason: 'duration_range', vars: { min: DURATION_HOURS.min, max: DURATION_HOURS.max } };
  }
  return { ok: true, value };
}
