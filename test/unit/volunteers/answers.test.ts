import { describe, expect, it } from 'vitest';
import {
  findSpecialtyInGroup,
  parseCity,
  parseHours,
  parseName,
  parseNote,
  parseOtherSpecialty,
} from '../../../src/domain/volunteers/answers.ts';

const LONG = 'ا'.repeat(5000);

describe('the name', () => {
  it('when a Persian or Latin full name is typed, then it is kept normalised (Arabic yeh/kaf to Persian)', () => {
    expect(parseName('  علي  كريمي ')).toEqual({ ok: true, value: 'علی کریمی' });
    expect(parseName('Sara Ahmadi')).toEqual({ ok: true, value: 'Sara Ahmadi' });
  });

  it('when the answer is blank, emoji only, too long, or has digits in any script, then each is named', () => {
    expect(parseName('\u200c\u200f ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseName('😀👍')).toEqual({ ok: false, reason: 'emoji_only' });
    expect(parseName(LONG)).toEqual({ ok: false, reason: 'too_long' });
    expect(parseName('سارا ٣')).toEqual({ ok: false, reason: 'invalid_chars' });
    expect(parseName('/start')).toEqual({ ok: false, reason: 'invalid_chars' });
    expect(parseName('عل')).toEqual({ ok: false, reason: 'too_short' });
  });
});

describe('the city and an "other" specialty', () => {
  it('when a city is typed with a ZWNJ or district number, then it is accepted', () => {
    expect(parseCity('خرم‌آباد')).toEqual({ ok: true, value: 'خرم‌آباد' });
    expect(parseCity('تهران منطقه ۵')).toEqual({ ok: true, value: 'تهران منطقه 5' });
  });

  it('when the city is only digits, emoji, blank or 5,000 characters, then it is refused with the reason', () => {
    expect(parseCity('١٢٣')).toEqual({ ok: false, reason: 'invalid_chars' });
    expect(parseCity('🏙️')).toEqual({ ok: false, reason: 'emoji_only' });
    expect(parseCity('\u200c')).toEqual({ ok: false, reason: 'empty' });
    expect(parseCity(LONG)).toEqual({ ok: false, reason: 'too_long' });
    expect(parseCity('ق')).toEqual({ ok: false, reason: 'too_short' });
  });

  it('when an "other" specialty is typed, then the same rules apply with room for 60 characters', () => {
    expect(parseOtherSpecialty('طب سنتی')).toEqual({ ok: true, value: 'طب سنتی' });
    expect(parseOtherSpecialty('ب'.repeat(61))).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('hours a month', () => {
  it('when the number is typed in Persian, Arabic-Indic or Latin digits, with or without the unit, then it is read', () => {
    expect(parseHours('۲۰')).toEqual({ ok: true, value: 20 });
    expect(parseHours('٢٠')).toEqual({ ok: true, value: 20 });
    expect(parseHours('20 ساعت')).toEqual({ ok: true, value: 20 });
    expect(parseHours('200')).toEqual({ ok: true, value: 200 });
  });

  it('when it is out of 1–200, not a whole number, or not a number, then the reason says which', () => {
    expect(parseHours('0')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseHours('201')).toEqual({ ok: false, reason: 'out_of_range' });
    expect(parseHours('۲٫۵')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseHours('ده')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseHours('⏰')).toEqual({ ok: false, reason: 'emoji_only' });
  });
});

describe('the note', () => {
  it('when it has up to 500 characters on several lines, then it is kept; 501 is too long', () => {
    expect(parseNote('سطر اول\nسطر دوم')).toEqual({ ok: true, value: 'سطر اول\nسطر دوم' });
    expect(parseNote('ن'.repeat(500)).ok).toBe(true);
    expect(parseNote('ن'.repeat(501))).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('a specialty typed instead of tapped', () => {
  it('when the name is typed in either language or with Arabic letters, then the specialty is found', () => {
    expect(findSpecialtyInGroup('physician', 'پزشك عمومي')?.code).toBe('gp');
    expect(findSpecialtyInGroup('physician', 'emergency medicine')?.code).toBe('emergency_medicine');
    expect(findSpecialtyInGroup('nursing', 'بهیار')?.code).toBe('practical_nurse');
  });

  it('when the text fits several or none, or belongs to another group, then nothing is guessed', () => {
    expect(findSpecialtyInGroup('physician', 'جراحی')).toBeUndefined();
    expect(findSpecialtyInGroup('physician', 'پرستار')).toBeUndefined();
    expect(findSpecialtyInGroup('physician', 'ا')).toBeUndefined();
  });
});
