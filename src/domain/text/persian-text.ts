import type { Locale } from '../locale.ts';

/**
 * Persian text rules: digits, look-alike Arabic letters and invisible characters. Telegram and Bale deliver whatever the keyboard produced, so every
 * piece of user input goes through `normalizeInput` once, at the boundary, before any rule looks at it.
 */

const ZWNJ = '\u200C';
const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** One emoji sequence (ZWJ sequences, flags, keycaps, skin tones): kept intact because it relies on ZWJ and VS16. */
const EMOJI = /\p{RGI_Emoji}/gv;
/** Bidi controls, zero-width characters other than ZWNJ, soft hyphen and the Arabic letter mark: never meaningful. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\u200D/g;
/** Harakat, tanwin, sukun and the superscript alef: decoration a matcher must not see. */
const DIACRITICS = /[\u064B-\u0652\u0670]/g;
const TATWEEL = /\u0640/g;
/** NBSP and the other horizontal spaces some keyboards and copy-paste produce. */
const ODD_SPACES = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

export const toLatinDigits = (s: string): string =>
  s
    .replace(/[\u06F0-\u06F9]/g, (c) => String(c.charCodeAt(0) - PERSIAN_ZERO))
    .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - ARABIC_INDIC_ZERO));

export const toPersianDigits = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));

/** Normalises a stretch of text that holds no emoji. */
function normalizeTextRun(s: string): string {
  return (
    toLatinDigits(s)
      .replace(/[\u064A\u0649]/g, '\u06CC') // Arabic yeh and alef maksura → Persian yeh
      .replace(/\u0643/g, '\u06A9') // Arabic kaf → Persian keheh
      .replace(TATWEEL, '')
      .replace(DIACRITICS, '')
      .replace(INVISIBLE, '')
      .replace(ODD_SPACES, ' ')
      .replace(/\u200C{2,}/g, ZWNJ)
      // A ZWNJ only means something between two letters (می‌شود); next to a space, digit or edge it is noise.
      .replace(/\u200C/g, (_, offset: number, whole: string) =>
        isLetter(whole[offset - 1]) && isLetter(whole[offset + 1]) ? ZWNJ : '',
      )
  );
}

const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);

/** Collapses spaces, keeps line breaks (at most one blank line) so a multi-line note keeps its shape. */
function tidyWhitespace(s: string): string {
  return s
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The one normaliser for user input: NFC, Latin digits, Persian ی/ک, no tatweel, diacritics or invisible marks,
 * ZWNJ only between letters, NBSP as space, spaces collapsed, trimmed. Emoji sequences are left untouched.
 */
export function normalizeInput(input: string): string {
  const s = input.normalize('NFC');
  let out = '';
  let last = 0;
  for (const m of s.matchAll(EMOJI)) {
    out += normalizeTextRun(s.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  out += normalizeTextRun(s.slice(last));
  // Removing a mark can bring a letter and a combining sign together (ا + ◌ٓ → آ), so compose once more.
  return tidyWhitespace(out.normalize('NFC'));
}

/**
 * Text a person wrote for others to read (a call-up's title, its meeting point), kept as written: their digits,
 * ZWNJ and diacritics («زلزله‌ی ۵٫۸»، «درِ اورژانس») stay. Only control and bidi-override characters go, line
 * breaks become `\n`, and the ends are trimmed. Match and store keys with `matchKey`; never show this normalised.
 */
export function asTyped(input: string): string {
  return (
    input
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
      .trim()
  );
}

/**
 * A key for tolerant equality (provinces, specialties, month names): `normalizeInput` plus no spaces, ZWNJ, ZWJ,
 * hyphens, dots or apostrophes, one heh for ۀ/هٔ/ە, bare alef for آ/أ/إ/ٱ, and lower-case Latin.
 * Never display it.
 */
export function matchKey(s: string): string {
  return normalizeInput(s)
    .replace(/\u06C0|\u0647\u0654|\u06D5/g, '\u0647') // heh with yeh or hamza above, ae → heh
    .replace(/\u0654/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627') // alef with madda, hamza or wasla → alef
    .replace(/[\s\u200C\-\u2010-\u2015_.'’‘ʼ`]|\u200D/g, '')
    .toLowerCase();
}

/**
 * Reads a whole number typed in any digit style (`۱۲`, `١٢`, `12`, `۱٬۲۰۰`). Anything else, including decimals,
 * stray words and numbers beyond `Number.MAX_SAFE_INTEGER`, gives `null`.
 */
/** The text before a trailing unit word («۵ نفر» → «۵», "3 days" → "3"); undefined when it ends in none of them. */
export function beforeUnit(text: string, units: readonly string[]): string | undefined {
  return new RegExp(`^(.+?)\\s*(?:${units.join('|')})$`, 'i').exec(text)?.[1];
}

export function parseInteger(input: string): number | null {
  const s = normalizeInput(input).replace(/^[−–]/, '-');
  const m = /^([+-]?)(\d+|\d{1,3}(?:[,\u066C]\d{3})+)$/.exec(s);
  if (!m) return null;
  const n = Number(m[2]!.replace(/[,\u066C]/g, ''));
  if (!Number.isSafeInteger(n)) return null;
  return m[1] === '-' ? -n || 0 : n;
}

/** True when the message is only emoji (and spaces), e.g. a 👍 sent instead of an answer. */
export function isEmojiOnly(input: string): boolean {
  const s = input.normalize('NFC');
  const rest = s
    .replace(EMOJI, '')
    // Text-style pictographs (☺ without VS16) and stray skin tones are not RGI sequences but are still emoji.
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}]|\uFE0E|\uFE0F|\u20E3/gu, '')
    .replace(INVISIBLE, '')
    .replace(/\s/g, '');
  return rest === '' && /\p{RGI_Emoji}|\p{Extended_Pictographic}/v.test(s);
}

/** True when the text has at least one letter of any script. */
export function containsLetters(input: string): boolean {
  return /\p{L}/u.test(input);
}

// Made once: building an Intl.NumberFormat costs far more than formatting with it (keyboards format many numbers).
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: true });
const UNGROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });

/**
 * Formats a number for display: Persian digits, `٬` grouping, `٫` decimal point (and CLDR's LRM + minus sign) in
 * fa; `1,234.5` in en. Built by hand rather than with `Intl.NumberFormat('fa')` so it does not depend on ICU data.
 */
export function formatNumber(locale: Locale, n: number, options?: { grouping?: boolean }): string {
  const latin = (options?.grouping === false ? UNGROUPED : GROUPED).format(n);
  if (locale === 'en') return latin;
  return toPersianDigits(latin.replace(/,/g, '\u066C').replace(/\./g, '\u066B').replace(/^-/, '\u200E\u2212'));
}

/**
 * Wraps a user-provided or Latin fragment (a name, a phone number) in FSI…PDI so that it cannot reorder the
 * Persian sentence around it. Bidi controls already inside the fragment are removed first, so a name cannot
 * smuggle in an unbalanced override.
 */
export function isolate(text: string): string {
  return `\u2068${text.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')}\u2069`;
}
