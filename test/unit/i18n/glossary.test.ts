import { describe, expect, it } from 'vitest';
import { loadLocale, type Messages } from './locale-files.ts';

/** A Persian letter or a joiner: what may not touch a whole word on either side. */
const LETTER = '[\\u0600-\\u06FF\\u200C\\u200D]';
const word = (w: string) => new RegExp(`(?<!${LETTER})${w}(?!${LETTER})`, 'u');
const phrase = (w: string) => new RegExp(w, 'u');

/**
 * The "Not" column of the glossary's "One word per concept" table and its verb rules
 * (../shared/domain/glossary.md), each with the word to use instead.
 */
const NOT_WORDS: { not: RegExp; use: string }[] = [
  { not: phrase('هماهنگ‌کنندگان'), use: 'هماهنگ‌کننده‌ها' },
  { not: phrase('تأییدشده‌ها'), use: 'داوطلبان تأییدشده' },
  { not: phrase('تعهد'), use: 'نذر' },
  { not: phrase('حرفه'), use: 'رشته' },
  { not: word('گروه'), use: 'رشته' },
  { not: phrase('نظام صنفی'), use: 'شماره‌ی نظام + the council’s name' },
  { not: phrase('شهر یا روستا'), use: 'شهر یا شهرستان' },
  { not: phrase('انصراف'), use: 'لغو (انصراف only for withdrawing the pledge)' },
  { not: word('تمام'), use: '✔ تأیید' },
  { not: word('ساعت‌ها'), use: 'بازه‌ی زمانی' },
  { not: phrase('ساعت‌های (?:نذر|تعهدشده)'), use: 'ساعت نذر در ماه' },
  { not: word('بات'), use: 'ربات' },
  { not: phrase('گفتگو'), use: 'گفت‌وگو' },
  { not: phrase('نویسه'), use: 'حرف' },
  { not: /فقط در بحران(?!‌ها)|فقط برای بحران/u, use: 'فقط در بحران‌ها' },
  { not: phrase('بدون پایان'), use: 'بدون محدودیت زمانی' },
  { not: phrase('وضعیت زنده'), use: 'وضعیت لحظه‌به‌لحظه' },
  { not: phrase('در دسترس همین حالا'), use: 'هم‌اکنون در دسترس' },
  // Verb rules: the bot speaks as «ما», in the active voice, and asks to type with «بنویسید».
  { not: word('(?:متوجه نشدم|پیدا نکردم|نمی‌توانم بخوانم|نشناختم)'), use: 'متوجه نشدیم، پیدا نکردیم…' },
  { not: word('توسط'), use: 'the active voice' },
  { not: phrase('تایپ کنید'), use: 'بنویسید' },
  { not: phrase('بفرمایید'), use: 'بنویسید (بفرمایید only in the opening registration question)' },
  { not: phrase('خدا قوت'), use: 'سپاسگزاریم (خدا قوت only after work done)' },
];

/** Where a "Not" word is right in its context. */
const ALLOWED: { key: RegExp; not: string; reason: string }[] = [
  { key: /withdraw/, not: 'انصراف', reason: 'withdrawing the pledge is the one meaning «انصراف» keeps' },
  { key: /^registration:name\.ask$/, not: 'بفرمایید', reason: 'the opening registration question' },
  { key: /^callup:attendance\.prompt$/, not: 'خدا قوت', reason: 'said once the call-up’s work is over' },
  { key: /^coordinator:role\.removed$/, not: 'خدا قوت', reason: 'thanks for a coordinator’s work done' },
];

/** Glossary words in fa that are not allowed in their place; one line per finding. */
function glossaryProblems(fa: Messages): string[] {
  const problems: string[] = [];
  for (const [key, value] of fa) {
    for (const { not, use } of NOT_WORDS) {
      const found = not.exec(value)?.[0];
      if (found === undefined) continue;
      if (ALLOWED.some((a) => a.key.test(key) && found.includes(a.not))) continue;
      problems.push(`${key}: «${found}» → ${use}`);
    }
  }
  return problems;
}

/** Volunteers' namespaces; coordinator and admin texts are staff tools, the web chat a developer's. */
const VOLUNTEER_NAMESPACES = ['common', 'registration', 'pledge', 'callup'];
/** callup texts only a coordinator reads. */
const STAFF_PARTS = /^callup:(?:board|create|escalation|attendance|list|menu|drill\.(?!banner))/;
/** The two exceptions the copy review allows: the summary card and the consent (sent as two messages). */
const LONG_ALLOWED = new Set([
  'registration:summary.text',
  'pledge:profile.text',
  'registration:consent.intro',
  'registration:consent.text',
]);
const MAX_MESSAGE = 350;
/** A placeholder counts as a typical value (a name, a date), not as its own `{{…}}` text. */
const PLACEHOLDER_LENGTH = 12;

function tooLong(fa: Messages): string[] {
  const problems: string[] = [];
  for (const [key, value] of fa) {
    if (!VOLUNTEER_NAMESPACES.includes(key.split(':')[0]!) || STAFF_PARTS.test(key) || LONG_ALLOWED.has(key)) continue;
    const length = value.replace(/\{\{.+?\}\}/g, 'x'.repeat(PLACEHOLDER_LENGTH)).length;
    if (length > MAX_MESSAGE) problems.push(`${key}: ${length} characters`);
  }
  return problems;
}

describe('Persian copy follows the glossary', () => {
  const fa = loadLocale('fa');

  it('when locales/fa is read, then no word of the glossary’s "Not" column appears outside its allow-list', () => {
    expect(glossaryProblems(fa)).toEqual([]);
  });

  it('when a volunteer’s message is measured, then none is over 350 characters but the summary card and the consent', () => {
    expect(tooLong(fa)).toEqual([]);
  });

  it('when a text breaks the rules, then the checks name the key and the word (the checks themselves work)', () => {
    const bad = new Map([
      ['x:a', 'لطفاً از هماهنگ‌کنندگان بپرسید'],
      ['x:b', 'تمام ✔'],
      ['x:c', 'تمامی روزها'],
      ['pledge:withdraw.yes', 'بله، انصراف می‌دهم'],
      ['common:flow.cancel', 'انصراف'],
      ['registration:x', 'ب'.repeat(351)],
      ['registration:summary.text', 'ب'.repeat(400)],
    ]);
    expect(glossaryProblems(bad)).toEqual([
      'x:a: «هماهنگ‌کنندگان» → هماهنگ‌کننده‌ها',
      'x:b: «تمام» → ✔ تأیید',
      'common:flow.cancel: «انصراف» → لغو (انصراف only for withdrawing the pledge)',
    ]);
    expect(tooLong(bad)).toEqual(['registration:x: 351 characters']);
  });
});
