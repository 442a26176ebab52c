import { describe, expect, it } from 'vitest';
import { validatePersonName } from '../../../../src/domain/validation/person-name.ts';

describe('validatePersonName', () => {
  it('when a Persian or Latin name is typed, then it is accepted in normalised form', () => {
    expect(validatePersonName('  علی   رضایی ')).toEqual({ ok: true, value: 'علی رضایی' });
    expect(validatePersonName('محمد\u200Cرضا کاظمی')).toEqual({ ok: true, value: 'محمد\u200Cرضا کاظمی' });
    expect(validatePersonName('Jean-Luc O’Brien')).toEqual({ ok: true, value: 'Jean-Luc O’Brien' });
    expect(validatePersonName("Zoë d'Arc")).toEqual({ ok: true, value: "Zoë d'Arc" });
  });

  it('when the name has Arabic yeh/kaf or diacritics, then the stored value uses Persian letters without them', () => {
    expect(validatePersonName('علي كاظمي')).toEqual({ ok: true, value: 'علی کاظمی' });
    expect(validatePersonName('مُحَمَّد')).toEqual({ ok: true, value: 'محمد' });
  });

  it('when the name has digits, symbols, emoji or starts with punctuation, then the reason is invalid_chars', () => {
    for (const bad of ['Ali2', 'علی@رضایی', 'علی 👍', '-علی', "علی'", 'Али Иванов', '۱۲۳']) {
      expect(validatePersonName(bad), bad).toEqual({ ok: false, reason: 'invalid_chars' });
    }
  });

  it('when the name is blank, too short or too long, then the reason says so', () => {
    expect(validatePersonName(' \u200C ')).toEqual({ ok: false, reason: 'empty' });
    expect(validatePersonName('عل')).toEqual({ ok: false, reason: 'too_short' });
    expect(validatePersonName('علی').ok).toBe(true);
    expect(validatePersonName('ا'.repeat(60)).ok).toBe(true);
    expect(validatePersonName('ا'.repeat(61))).toEqual({ ok: false, reason: 'too_long' });
  });
});
