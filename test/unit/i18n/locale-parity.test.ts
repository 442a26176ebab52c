import { describe, expect, it } from 'vitest';
import { loadNamespace as load, type Messages, namespaceFiles } from './locale-files.ts';

/**
 * en values that may contain Persian on purpose: a language's own name, shown so that someone stuck in the wrong
 * language can still find their way back.
 */
const PERSIAN_ALLOWED_IN_EN = new Set(['common:language.name_fa', 'common:menu.language']);

/** `{{name}}`, `{{count, num}}` and `$t(other.key)` references, whitespace-insensitive. */
function placeholders(value: string): string[] {
  const found = [...value.matchAll(/\{\{(.+?)\}\}|\$t\((.+?)\)/g)].map((m) =>
    (m[1] ?? `$t(${m[2]})`).replace(/\s+/g, ''),
  );
  return [...new Set(found)].sort();
}

/** Every rule between one fa and one en namespace; returns what is wrong, in words. */
function compare(fa: Messages, en: Messages): string[] {
  const problems: string[] = [];
  for (const key of fa.keys()) if (!en.has(key)) problems.push(`${key} is missing in en`);
  for (const key of en.keys()) if (!fa.has(key)) problems.push(`${key} is missing in fa`);
  for (const [locale, messages] of [
    ['fa', fa],
    ['en', en],
  ] as const) {
    for (const [key, value] of messages) if (value.trim() === '') problems.push(`${locale} ${key} is empty`);
  }
  for (const [key, faValue] of fa) {
    const enValue = en.get(key);
    if (enValue !== undefined && placeholders(faValue).join() !== placeholders(enValue).join()) {
      problems.push(`${key} placeholders differ: fa ${placeholders(faValue)} / en ${placeholders(enValue)}`);
    }
  }
  for (const [key, enValue] of en) {
    if (!PERSIAN_ALLOWED_IN_EN.has(key) && /[\u0600-\u06FF]/.test(enValue)) problems.push(`en ${key} contains Persian`);
  }
  return problems;
}

describe('locale parity', () => {
  it('when the locale folders are listed, then fa and en have the same namespace files, including common', () => {
    expect(namespaceFiles('en')).toEqual(namespaceFiles('fa'));
    expect(namespaceFiles('fa')).toContain('common.json');
  });

  for (const file of namespaceFiles('fa')) {
    it(`when ${file} is compared, then keys, placeholders and scripts agree and nothing is empty`, () => {
      const fa = load('fa', file);
      const en = load('en', file);
      expect([...fa.problems, ...en.problems, ...compare(fa.messages, en.messages)]).toEqual([]);
    });
  }

  it('when a namespace breaks a rule, then the comparison reports it (the check itself works)', () => {
    const fa = new Map([
      ['x:a', 'سلام {{name}}'],
      ['x:b', 'علی'],
      ['x:c', ''],
      ['x:only_fa', 'فقط'],
    ]);
    const en = new Map([
      ['x:a', 'Hello {{ nam }}'],
      ['x:b', 'Ali سلام'],
      ['x:c', 'C'],
    ]);
    expect(compare(fa, en)).toEqual([
      'x:only_fa is missing in en',
      'fa x:c is empty',
      'x:a placeholders differ: fa name / en nam',
      'en x:b contains Persian',
    ]);
  });

  it('when placeholders differ only in spacing, then they count as the same', () => {
    const fa = new Map([['x:a', '{{count, num}} نفر $t(x:b)']]);
    const en = new Map([['x:a', '{{ count,num }} people $t(x:b)']]);
    expect(compare(fa, en)).toEqual([]);
  });
});
