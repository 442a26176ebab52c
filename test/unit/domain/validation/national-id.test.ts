import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidNationalId,
  maskNationalId,
  validateNationalId,
} from '../../../../src/domain/validation/national-id.ts';

/** A synthetic ID with a correct check digit (never a real person's). */
function withCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const r = sum % 11;
  return `${nine}${r < 2 ? r : 11 - r}`;
}

describe('national ID', () => {
  it('when known test vectors are checked, then valid and invalid ones are told apart', () => {
    expect(isValidNationalId('0499370899')).toBe(true);
    expect(isValidNationalId('0790419904')).toBe(true);
    expect(isValidNationalId('1234567891')).toBe(true); // exercises the r < 2 branch
    expect(validateNationalId('1234567890')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateNationalId('0499370898')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('when all ten digits repeat, then it is rejected even though the checksum passes', () => {
    for (let d = 0; d <= 9; d++) {
      const id = String(d).repeat(10);
      expect(validateNationalId(id), id).toEqual({ ok: false, reason: 'repeated_digits' });
    }
  });

  it('when it is typed in Persian or Arabic-Indic digits, with spaces, dashes or bidi marks, then it is valid', () => {
    expect(validateNationalId('۰۴۹۹۳۷۰۸۹۹')).toEqual({ ok: true, value: '0499370899' });
    expect(validateNationalId('٠٧٩٠٤١٩٩٠٤')).toEqual({ ok: true, value: '0790419904' });
    expect(validateNationalId('\u200E049-937 0899\u200F')).toEqual({ ok: true, value: '0499370899' });
  });

  it('when leading zeros were lost (8–9 digits), then they are restored before checking', () => {
    expect(validateNationalId('499370899')).toEqual({ ok: true, value: '0499370899' });
    expect(validateNationalId(withCheckDigit('001234567').slice(2))).toEqual({
      ok: true,
      value: withCheckDigit('001234567'),
    });
  });

  it('when the length or characters are wrong, then the reason is format or empty', () => {
    for (const s of ['1234567', '12345678901', '04993708a9', '0499370899x']) {
      expect(validateNationalId(s), s).toEqual({ ok: false, reason: 'format' });
    }
    expect(validateNationalId('  ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('when the check digit of a valid synthetic ID is changed, then it becomes invalid', () => {
    const nine = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 });
    fc.assert(
      fc.property(nine, fc.integer({ min: 1, max: 9 }), (prefix, shift) => {
        const id = withCheckDigit(prefix);
        fc.pre(!/^(\d)\1{9}$/.test(id));
        expect(isValidNationalId(id)).toBe(true);
        const wrong = `${id.slice(0, 9)}${(Number(id[9]) + shift) % 10}`;
        expect(isValidNationalId(wrong)).toBe(false);
      }),
    );
  });

  it('when an ID is masked, then only the first six digits show', () => {
    expect(maskNationalId('0499370899')).toBe('049937••••');
  });
});
