import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asTyped,
  containsLetters,
  formatNumber,
  isEmojiOnly,
  isolate,
  matchKey,
  normalizeInput,
  parseInteger,
  toLatinDigits,
  toPersianDigits,
} from '../../../../src/domain/text/persian-text.ts';

const ZWNJ = '\u200C';
const ZWJ = '\u200D';

/** The characters that make Persian input messy, plus ordinary text and emoji that must survive. */
const TRICKY = [
  'ی',
  'ي',
  'ى',
  'ک',
  'ك',
  'ه',
  'ۀ',
  '\u0654',
  'ا',
  '\u0653',
  'آ',
  'م',
  'ن',
  'ش',
  'ـ',
  '\u064E',
  '\u0651',
  '\u0670',
  '۰',
  '۴',
  '۹',
  '٠',
  '٤',
  '٩',
  '0',
  '7',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00A0',
  '\u202F',
  ZWNJ,
  ZWJ,
  '\u200B',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061C',
  '\uFEFF',
  'a',
  'Z',
  '-',
  "'",
  '.',
  '👍',
  '👍🏽',
  '👨‍⚕️',
  '🇮🇷',
  '1️⃣',
  '\uFE0F',
];
const messy = fc.array(fc.constantFrom(...TRICKY), { maxLength: 40 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  messy,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const EMOJI = /\p{RGI_Emoji}/gv;

describe('normalizeInput', () => {
  it('when run twice, then the second run changes nothing', () => {
    fc.assert(
      fc.property(anyText, (s) => normalizeInput(normalizeInput(s)) === normalizeInput(s)),
      { numRuns: 2000 },
    );
  });

  it('when removing a mark brings a letter and its combining sign together, then they are composed (ا + ◌ٓ → آ)', () => {
    expect(normalizeInput('ا\u200E\u0653')).toBe('آ');
    expect(normalizeInput('ا\u0653')).toBe('آ');
  });

  it('when given messy input, then the output has no non-Latin digits, Arabic yeh/kaf, tatweel or diacritics', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(normalizeInput(s)).not.toMatch(
          /[\u06F0-\u06F9\u0660-\u0669\u064A\u0643\u0649\u0640\u064B-\u0652\u0670]/,
        );
      }),
    );
  });

  it('when given messy input, then no bidi or zero-width mark survives (ZWJ only inside an emoji)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = normalizeInput(s);
        expect(out).not.toMatch(/[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00A0]/);
        expect(out.replace(EMOJI, '')).not.toContain(ZWJ);
      }),
    );
  });

  it('when given messy input, then spaces are single, the ends are trimmed and a ZWNJ sits only between letters', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = normalizeInput(s);
        expect(out).not.toMatch(/ {2}|\t|\u200C\u200C/);
        expect(out).toBe(out.trim());
        for (const m of out.matchAll(/\u200C/g)) {
          expect(out[m.index - 1]).toMatch(/\p{L}/u);
          expect(out[m.index + 1]).toMatch(/\p{L}/u);
        }
      }),
    );
  });

  it('when Arabic letters, tatweel, Arabic-Indic digits or direction marks are typed, then the standard forms come out', () => {
    expect(normalizeInput('آذربايجان شرقي')).toBe('آذربایجان شرقی');
    expect(normalizeInput('كرمانشاه')).toBe('کرمانشاه');
    expect(normalizeInput('تهـــران')).toBe('تهران');
    expect(normalizeInput('۱۲۳٤٥٦')).toBe('123456');
    expect(normalizeInput('\u202A+98 912 123 4567\u202C')).toBe('+98 912 123 4567');
  });

  it('when a ZWNJ is typed between letters, then exactly one is kept; at the edges or by a space it goes', () => {
    expect(normalizeInput(`می${ZWNJ}${ZWNJ}${ZWNJ}شود`)).toBe(`می${ZWNJ}شود`);
    expect(normalizeInput(`${ZWNJ}خرم${ZWNJ}آباد${ZWNJ}`)).toBe(`خرم${ZWNJ}آباد`);
    expect(normalizeInput(`می${ZWNJ} شود`)).toBe('می شود');
  });

  it('when the text has diacritics, NBSP and repeated spaces, then it is plain and single-spaced', () => {
    expect(normalizeInput('  مُحَمَّد\u00A0\u00A0 رضا  ')).toBe('محمد رضا');
  });

  it('when the text has several lines, then lines are kept with at most one blank line', () => {
    expect(normalizeInput('خط اول  \r\n\r\n\r\n  خط دوم')).toBe('خط اول\n\nخط دوم');
  });

  it('when the text has emoji sequences, then they keep their joiners and variation selectors', () => {
    expect(normalizeInput(' 👨‍⚕️ سلام 👍🏽 ')).toBe('👨‍⚕️ سلام 👍🏽');
  });
});

describe('digits', () => {
  it('when a number is written in Persian or Arabic-Indic digits, then converting back gives the same number', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const latin = String(n);
        const persian = toPersianDigits(latin);
        const arabic = latin.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
        expect(persian).toMatch(/^[\u06F0-\u06F9]+$/);
        expect(toLatinDigits(persian)).toBe(latin);
        expect(toLatinDigits(arabic)).toBe(latin);
        expect(parseInteger(persian)).toBe(n);
        expect(parseInteger(arabic)).toBe(n);
      }),
    );
  });

  it('when digit styles are mixed, then parseInteger reads them all', () => {
    expect(parseInteger(' ۱2٣ ')).toBe(123);
    expect(parseInteger('۱٬۲۰۰')).toBe(1200);
    expect(parseInteger('1,200')).toBe(1200);
    expect(parseInteger('-۵')).toBe(-5);
  });

  it('when the text is not a plain whole number, then parseInteger rejects it', () => {
    for (const junk of [
      '',
      ' ',
      'abc',
      '12a',
      '۱۲ سال',
      '1.5',
      '۱٫۵',
      '1,20',
      '12 34',
      '--1',
      '1e3',
      '0x10',
      '99999999999999999',
    ]) {
      expect(parseInteger(junk), junk).toBeNull();
    }
  });
});

describe('matchKey', () => {
  const words = fc.array(fc.constantFrom('خرم', 'آباد', 'چهار', 'محال', 'بختیاری', 'کرمان', 'شاه', 'یزد'), {
    minLength: 1,
    maxLength: 4,
  });
  const joiner = fc.constantFrom(' ', '  ', ZWNJ, '', `${ZWNJ}${ZWNJ}`, '\u00A0', ZWJ);

  it('when words differ only in spacing, ZWNJ, yeh/kaf form or tatweel, then the keys are equal', () => {
    fc.assert(
      fc.property(words, fc.array(joiner, { minLength: 4, maxLength: 4 }), fc.boolean(), (ws, joiners, arabic) => {
        const canonical = ws.join(' ');
        let variant = ws.map((w, i) => (i === 0 ? w : joiners[i - 1] + w)).join('');
        if (arabic) variant = variant.replace(/ی/g, 'ي').replace(/ک/g, 'ك').replace(/ه/g, 'هـ');
        expect(matchKey(variant)).toBe(matchKey(canonical));
      }),
    );
  });

  it('when spellings differing only in hamza, Arabic letters, spaces or ZWNJ are compared, then they share a key', () => {
    expect(matchKey('خانهٔ بهداشت')).toBe(matchKey('خانۀ بهداشت'));
    expect(matchKey('چهار محال و بختياري')).toBe(matchKey('چهارمحال و بختیاری'));
    expect(matchKey('خرم آباد')).toBe(matchKey(`خرم${ZWNJ}آباد`));
    expect(matchKey('خرمآباد')).toBe(matchKey('خرم آباد'));
    expect(matchKey('East  Azerbaijan')).toBe(matchKey('east azerbaijan'));
  });

  it('when two different names are compared, then their keys differ', () => {
    expect(matchKey('کرمان')).not.toBe(matchKey('کرمانشاه'));
    expect(matchKey('شرقی')).not.toBe(matchKey('غربی'));
  });
});

describe('isEmojiOnly and containsLetters', () => {
  it('when a message is only emoji, then isEmojiOnly is true', () => {
    for (const s of ['👍', ' 👍🏽 ', '👨‍⚕️🇮🇷', '1️⃣', '❤️']) expect(isEmojiOnly(s), s).toBe(true);
  });

  it('when a message has any text or is empty, then isEmojiOnly is false', () => {
    for (const s of ['', ' ', 'سلام 👍', '1', 'ok👍', '#']) expect(isEmojiOnly(s), s).toBe(false);
  });

  it('when text has a letter of any script, then containsLetters is true; digits and symbols alone are not', () => {
    expect(containsLetters('۱۲ سال')).toBe(true);
    expect(containsLetters('abc')).toBe(true);
    expect(containsLetters('۱۲۳ - ۴')).toBe(false);
    expect(containsLetters('👍')).toBe(false);
  });
});

describe('output helpers', () => {
  it('when a number is formatted, then fa uses Persian digits and separators and en Latin ones', () => {
    expect(formatNumber('fa', 1234567)).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber('fa', 2.5)).toBe('۲٫۵');
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatNumber('fa', 1404, { grouping: false })).toBe('۱۴۰۴');
  });

  it('when a fragment is isolated, then it is wrapped in FSI…PDI with inner bidi controls removed', () => {
    expect(isolate('+989121234567')).toBe('\u2068+989121234567\u2069');
    expect(isolate('Ali\u202E evil')).toBe('\u2068Ali evil\u2069');
  });
});

describe('asTyped', () => {
  it('when a person’s text is kept for display, then digits, ZWNJ and diacritics stay; controls and bidi overrides go', () => {
    expect(asTyped(' \u202Eزلزله‌ی ۵٫۸\u202C در درِ اورژانس\u0007 ')).toBe('زلزله‌ی ۵٫۸ در درِ اورژانس');
    expect(asTyped('خط اول\r\nخط دوم\u2066')).toBe('خط اول\nخط دوم');
    expect(asTyped('۰۹۱۲۳۴۵۶۷۸۹')).toBe('۰۹۱۲۳۴۵۶۷۸۹');
  });
});
