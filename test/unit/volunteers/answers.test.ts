import { describe, expect, it } from 'vitest';
import {
  matchGroup,
  matchSpecialty,
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
  it('when a city is typed with a ZWNJ, then it is accepted; a name with digits is not a city’s («کاشان۱۲»)', () => {
    expect(parseCity('خرم‌آباد')).toEqual({ ok: true, value: 'خرم‌آباد' });
    expect(parseCity('کاشان۱۲')).toEqual({ ok: false, reason: 'invalid_chars' });
    expect(parseCity('تهران منطقه ۵')).toEqual({ ok: false, reason: 'invalid_chars' });
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
  it('when the name is typed in either language or with Arabic letters, then the specialty is found as typed', () => {
    expect(matchSpecialty('physician', 'پزشك عمومي')).toMatchObject({ kind: 'one', code: 'gp', exact: true });
    expect(matchSpecialty('physician', 'emergency medicine specialist')).toMatchObject({
      kind: 'one',
      code: 'emergency_medicine',
      exact: true,
    });
    expect(matchSpecialty('nursing', 'بهیار')).toMatchObject({ kind: 'one', code: 'practical_nurse', exact: true });
  });

  it('when a short form or a typo names one specialty, then it is found, to be confirmed (not exact)', () => {
    expect(matchSpecialty('physician', 'ارتوپد')).toMatchObject({ kind: 'one', code: 'orthopedics', exact: false });
    expect(matchSpecialty('physician', 'اورژانس')).toMatchObject({
      kind: 'one',
      code: 'emergency_medicine',
      exact: false,
    });
    expect(matchSpecialty('physician', 'جراحی عمومی')).toMatchObject({
      kind: 'one',
      code: 'general_surgery',
      exact: false,
    });
    expect(matchSpecialty('physician', 'نورولوژی')).toMatchObject({ kind: 'one', code: 'neurology', exact: false });
    expect(matchSpecialty('physician', 'ارتپدی')).toMatchObject({ kind: 'one', code: 'orthopedics', exact: false });
  });

  it('when the text fits several specialties, then they all come back to choose from', () => {
    const surgeons = matchSpecialty('physician', 'جراح');
    expect(surgeons.kind).toBe('several');
    expect(surgeons.kind === 'several' && surgeons.codes).toEqual(
      expect.arrayContaining(['general_surgery', 'neurosurgery', 'pediatric_surgery']),
    );
  });

  it('when the text fits nothing in the group, then nothing is guessed', () => {
    expect(matchSpecialty('physician', 'پرستار')).toEqual({ kind: 'none' });
    expect(matchSpecialty('physician', 'ا')).toEqual({ kind: 'none' });
    expect(matchSpecialty('physician', 'خلبان')).toEqual({ kind: 'none' });
  });
});

describe('a profession group typed instead of tapped', () => {
  it('when the group or one of its specialties is typed, then the group is found; only its own name is exact', () => {
    expect(matchGroup('پزشکی')).toMatchObject({ kind: 'one', code: 'physician', exact: true });
    expect(matchGroup('پرستار')).toMatchObject({ kind: 'one', code: 'nursing', exact: false });
    expect(matchGroup('ماما')).toMatchObject({ kind: 'one', code: 'midwifery', exact: false });
    expect(matchGroup('nursing')).toMatchObject({ kind: 'one', code: 'nursing', exact: true });
  });

  it('when a word fits specialties of several groups, then those groups come back to choose from', () => {
    expect(matchGroup('جراح')).toMatchObject({ kind: 'several', codes: ['physician', 'dentistry'] });
    expect(matchGroup('خلبان')).toEqual({ kind: 'none' });
  });
});
