/**
 * The one matcher for answers typed where a list is offered (profession group, specialty, …): what the person
 * typed, normalised, against every name of every option, its short forms and its words, with room for small typos.
 */
import words from '../data/typed-words.json' with { type: 'json' };
import { matchKey } from './persian-text.ts';

/** An option of a list: its code, the names its button shows (one per language) and any other names it goes by. */
export interface ListOption {
  code: string;
  shown: readonly string[];
  names?: readonly string[];
}

/**
 * `close`: found only by the start of a name or with typos, not by a whole name; an open list (cities) offers such
 * a match as a suggestion rather than taking it.
 */
export type ListMatch =
  /** One option fits best; `exact` when what was typed is its shown name (so there is nothing to confirm). */
  | { kind: 'one'; code: string; exact: boolean; close: boolean }
  /** Several fit equally well: offer them as buttons. */
  | { kind: 'several'; codes: string[]; close: boolean }
  | { kind: 'none' };

/** Titles people leave out when typing: «متخصص جراحی عمومی» is typed «جراحی عمومی». */
const TITLE = new RegExp(`^(?:${words.titles.join('|')}) `, 'u');
/** Words too common to identify an option on their own. */
const COMMON_WORDS = new Set(words.commonWords);
/** Splits a typed list at commas, slashes, new lines and the word «و» («شنبه، دوشنبه و جمعه»). */
export const LIST_SEPARATOR = new RegExp(`\\s*(?:[\\u060C,/\\n]|\\s(?:${words.listJoiners.join('|')})\\s)\\s*`, 'u');
const MOST_SHOWN = 8;

/** Levenshtein distance, giving up (returning `max + 1`) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    if (Math.min(...row) > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** The ways a name is typed: whole, without its title, without or as its bracketed part («… (نورولوژی)»). */
function variantsOf(name: string): string[] {
  const bracketed = [...name.matchAll(/\(([^)]+)\)/g)].map((m) => m[1]!);
  const plain = name.replace(/\([^)]*\)/g, ' ').trim();
  return [name, plain, plain.replace(TITLE, ''), ...bracketed];
}

interface Indexed {
  code: string;
  shown: Set<string>;
  keys: Set<string>;
  words: Set<string>;
}

function indexOption(option: ListOption): Indexed {
  const keys = new Set<string>();
  const words = new Set<string>();
  for (const name of [...option.shown, ...(option.names ?? [])]) {
    for (const variant of variantsOf(name)) {
      keys.add(matchKey(variant));
      for (const word of variant.split(/[\s\u060C,/-]+/u)) {
        const key = matchKey(word);
        if (key.length >= 3 && !COMMON_WORDS.has(key)) words.add(key);
      }
    }
  }
  keys.delete('');
  return { code: option.code, shown: new Set(option.shown.map(matchKey)), keys, words };
}

/** How well a typed key names an option: 0 a whole name, 1 the start of a name or a word, 1 + typos; else none. */
function score(typed: string, option: Indexed): number | undefined {
  if (option.keys.has(typed)) return 0;
  if (typed.length >= 3) {
    for (const key of [...option.keys, ...option.words]) if (key.startsWith(typed)) return 1;
  }
  if (typed.length < 4) return undefined;
  const max = typed.length >= 7 ? 2 : 1;
  let best: number | undefined;
  for (const key of [...option.keys, ...option.words]) {
    const d = editDistance(typed, key, max);
    if (d <= max && (best === undefined || d < best)) best = d;
  }
  return best === undefined ? undefined : 1 + best;
}

/** Builds a matcher over `options`; the index is made once, the options' order breaks ties. */
export function createListMatcher(options: readonly ListOption[]): (input: string) => ListMatch {
  const indexed = options.map(indexOption);
  return (input) => {
    const typed = matchKey(input);
    if (typed.length < 2) return { kind: 'none' };
    const scored = indexed
      .map((option) => ({ option, score: score(typed, option) }))
      .filter((s): s is { option: Indexed; score: number } => s.score !== undefined);
    if (scored.length === 0) return { kind: 'none' };
    const best = Math.min(...scored.map((s) => s.score));
    const top = scored.filter((s) => s.score === best).map((s) => s.option);
    const close = best > 0;
    if (top.length === 1) return { kind: 'one', code: top[0]!.code, exact: top[0]!.shown.has(typed), close };
    return { kind: 'several', codes: top.slice(0, MOST_SHOWN).map((o) => o.code), close };
  };
}
