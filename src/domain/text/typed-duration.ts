/**
 * A duration typed in words or digits, in minutes: «۴۵»، «۴۵ دقیقه»، «یک ساعت»، «یک ساعت و نیم»، «سه ربع»، «۱:۳۰»،
 * «۱٫۵ ساعت», "45 min", "an hour". The words are data (typed-words.json); anything else in the text gives undefined.
 */
import words from '../data/typed-words.json' with { type: 'json' };
import { normalizeInput } from './persian-text.ts';

const { durations } = words;
const NUMBER_WORDS = new Map(Object.entries(durations.numbers));
const UNITS = new Map<string, number>([
  ...durations.minuteUnits.map((w) => [w, 1] as const),
  ...durations.hourUnits.map((w) => [w, 60] as const),
  ...durations.quarterUnits.map((w) => [w, 15] as const),
]);
const HALF = new Set(durations.half);
const SKIPPED = new Set([...durations.joiners, ...durations.fillers]);

/** `h:mm`, as a clock shows a duration. */
const CLOCK = /^(\d{1,2}):([0-5]\d)$/;
/** A number in digits; Persian writes the decimal point as «٫» or «/». */
const DIGITS = /^\d+(?:[.\u066B/]\d+)?$/;

/** Splits «۴۵دقیقه» and "45min" into number and word, and drops the full stop a sentence may end with. */
function tokensOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\d)(?=\p{L})|(\p{L})(?=\d)/gu, '$1$2 ')
    .replace(/[.!\u061F?]+$/u, '')
    .split(/\s+/)
    .filter((token) => token !== '');
}

/** The minutes a typed duration names, rounded; undefined when it is not one (a bare number word is not). */
export function parseTypedMinutes(input: string): number | undefined {
  const text = normalizeInput(input);
  const clock = CLOCK.exec(text);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  let total = 0;
  /** A number waiting for its unit: «یک» in «یک ساعت». */
  let pending: number | undefined;
  let onlyDigits = true;
  let lastUnit: number | undefined;
  const tokens = tokensOf(text);
  for (const [i, token] of tokens.entries()) {
    const unit = UNITS.get(token);
    if (DIGITS.test(token)) {
      // «۰۹۱۲ ۱۲۳ ۴۵۶۷» is a phone number, not a sum.
      if (pending !== undefined) return undefined;
      pending = Number(token.replace(/[\u066B/]/, '.'));
    } else if (NUMBER_WORDS.has(token)) {
      pending = (pending ?? 0) + NUMBER_WORDS.get(token)!;
      onlyDigits = false;
    } else if (HALF.has(token)) {
      // «نیم ساعت», «یک و نیم ساعت»: half of the unit that follows; «یک ساعت و نیم»: half of the one before.
      const before = UNITS.get(tokens[i + 1] ?? '') === undefined ? lastUnit : undefined;
      onlyDigits = false;
      if (before === undefined) pending = (pending ?? 0) + 0.5;
      else total += before / 2;
    } else if (unit !== undefined) {
      // «ربع ساعت» is a quarter, not a quarter and an hour.
      if (pending === undefined && lastUnit === 15 && unit === 60) continue;
      // «ساعت ۵» is a time of day, not an hour and five minutes.
      if (pending === undefined && DIGITS.test(tokens[i + 1] ?? '')) return undefined;
      total += (pending ?? 1) * unit;
      pending = undefined;
      lastUnit = unit;
    } else if (!SKIPPED.has(token)) return undefined;
  }
  // A number after a unit counts in minutes («یک ساعت و ۲۰»); alone, only digits do («۴۵», not «نه»).
  if (pending !== undefined) {
    if (lastUnit === undefined && !onlyDigits) return undefined;
    total += pending;
  }
  if (lastUnit === undefined && pending === undefined) return undefined;
  return Math.round(total);
}
