import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocale } from './locale-files.ts';

/** A Persian letter or a joiner: what may not touch a whole word on either side. */
const LETTER = '[\\u0600-\\u06FF\\u200C\\u200D]';

/** Glossary terms whose ezafe after a silent «ه» is written «‌ی»; written bare they read as two separate words. */
const EZAFE_PHRASES = [
  'شماره‌ی همراه',
  'شماره‌ی نظام',
  'شماره‌ی عضویت',
  'بیمه‌ی حوادث',
  'خانه‌ی بهداشت',
  'بازه‌ی زمانی',
  'محدوده‌ی اعزام',
  'نقطه‌ی تجمع',
  'هماهنگ‌کننده‌ی محل',
  'قفسه‌ی صدری',
  'حادثه‌ی معدن',
  'حادثه‌ی صنعتی',
  'حادثه‌ی شیمیایی',
  'سانحه‌ی هوایی',
  'ویژه‌ی نوزادان',
];

/** The orthography rules of the glossary (../shared/domain/glossary.md), each with what to write instead. */
const RULES: { wrong: RegExp; write: string }[] = [
  { wrong: /[\u064A\u0643\u0649]/u, write: 'Persian ی and ک, not Arabic ي، ك، ى' },
  { wrong: /[0-9]/u, write: 'Persian digits (۰–۹)' },
  { wrong: /%/u, write: '«٪»' },
  { wrong: new RegExp(`(?<!${LETTER})ن?می (?=[\\u0600-\\u06FF])`, 'u'), write: 'a ZWNJ after «می»: «می‌شود»' },
  {
    wrong: new RegExp(
      `(?<!${LETTER})ن?می(?:شود|شوند|کنید|کنیم|کند|کنند|توان|توانید|دهید|دهد|دهیم|رسد|فرستیم|بینید|آیم|آید|خواهید|گیرد|گیرید|دانید|پرسیم|ماند)(?!${LETTER})`,
      'u',
    ),
    write: 'a ZWNJ after «می»: «می‌شود»',
  },
  {
    wrong: new RegExp(`(?<=[\\u0600-\\u06FF]) (?:ها|های|هایی|تر|ترین)(?!${LETTER})`, 'u'),
    write: 'a ZWNJ before «ها»، «تر»، «ترین»: «روزها»، «استان‌ها»',
  },
  { wrong: /\u06C0|\u0647\u0654/u, write: 'the ezafe as «ه‌ی», not «ۀ» or «هٔ»' },
  { wrong: new RegExp(`ه ی(?!${LETTER})`, 'u'), write: 'the ezafe joined with a ZWNJ: «ه‌ی»' },
  ...EZAFE_PHRASES.map((phrase) => ({ wrong: bare(phrase), write: `«${phrase}»` })),
];

/** «شماره‌ی همراه» → /شماره همراه/: the phrase with its ezafe dropped. */
function bare(phrase: string): RegExp {
  return new RegExp(`(?<!${LETTER})${phrase.replace('\u200Cی ', ' ')}(?!${LETTER})`, 'u');
}

/** Where Latin digits are right: examples of ids an admin types in a command, which must stay Latin. */
const LATIN_DIGITS_ALLOWED = new Set(['admin:panel.title', 'admin:block.usage', 'coordinator:export.callup_usage']);

/** Every rule a text breaks, as `where: «what» → write …`. */
function orthographyProblems(texts: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [where, text] of texts) {
    const plain = text.replace(/\{\{.+?\}\}|\$t\(.+?\)/g, '');
    for (const { wrong, write } of RULES) {
      const found = wrong.exec(plain)?.[0];
      if (found === undefined) continue;
      if (write.startsWith('Persian digits') && LATIN_DIGITS_ALLOWED.has(where)) continue;
      problems.push(`${where}: «${found}» → ${write}`);
    }
  }
  return problems;
}

/** The Persian names in the reference data (specialties, crisis types, provinces, cities), shown on buttons and cards. */
function referenceNames(): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (file: string, node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(file, item, `${path}[${i}]`);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '_meta') continue;
        if (key === 'fa' && typeof value === 'string') names.set(`${file}${path}`, value);
        else visit(file, value, `${path}.${key}`);
      }
    }
  };
  for (const file of ['specialties.json', 'crisis-types.json', 'provinces.json', 'cities.json']) {
    const path = join(import.meta.dirname, '../../../src/domain/data', file);
    visit(file, JSON.parse(readFileSync(path, 'utf8')), '');
  }
  return names;
}

describe('Persian orthography (the glossary’s rules)', () => {
  it('when locales/fa is read, then ZWNJ, ezafe, letters and digits follow the glossary', () => {
    expect(orthographyProblems(loadLocale('fa'))).toEqual([]);
  });

  it('when the Persian names of the reference data are read, then they follow the same rules', () => {
    const names = referenceNames();
    expect(names.size).toBeGreaterThan(100);
    expect(orthographyProblems(names)).toEqual([]);
  });

  it('when a text breaks a rule, then the lint names it and says what to write (the lint itself works)', () => {
    const bad = new Map([
      ['a', 'علي'],
      ['b', 'ساعت 8'],
      ['c', 'این کار می شود'],
      ['d', 'فردا میشود'],
      ['e', 'روز ها'],
      ['f', 'متخصص جراحی قفسه صدری'],
      ['g', 'زلزله ی بم'],
      ['h', 'زلزله‌ی ۵٫۸ در {{city}} {{n, num}}، میز و میدان'],
    ]);
    expect(orthographyProblems(bad)).toEqual([
      'a: «ي» → Persian ی and ک, not Arabic ي، ك، ى',
      'b: «8» → Persian digits (۰–۹)',
      'c: «می » → a ZWNJ after «می»: «می‌شود»',
      'd: «میشود» → a ZWNJ after «می»: «می‌شود»',
      'e: « ها» → a ZWNJ before «ها»، «تر»، «ترین»: «روزها»، «استان‌ها»',
      'f: «قفسه صدری» → «قفسه‌ی صدری»',
      'g: «ه ی» → the ezafe joined with a ZWNJ: «ه‌ی»',
    ]);
  });
});
