import { describe, expect, it } from 'vitest';
import { validateLicenceNumber } from '../../../../src/domain/validation/licence.ts';

describe('validateLicenceNumber', () => {
  it('when digits are typed in any style, then the digits and the normalised text are returned', () => {
    expect(validateLicenceNumber('۸۰۰۲۵', 'irimc')).toEqual({ ok: true, digits: '80025', raw: '80025' });
    expect(validateLicenceNumber(' ١٢٣٤ ', 'ino')).toEqual({ ok: true, digits: '1234', raw: '1234' });
  });

  it('when a Persian letter prefix is used, then it is accepted and kept in raw', () => {
    expect(validateLicenceNumber('م-۱۲۳۴۵', 'irimc')).toEqual({ ok: true, digits: '12345', raw: 'م-12345' });
    expect(validateLicenceNumber('م - 12345', 'irimc')).toEqual({ ok: true, digits: '12345', raw: 'م - 12345' });
    expect(validateLicenceNumber('پ ۴۵', 'psychology_council')).toEqual({ ok: true, digits: '45', raw: 'پ 45' });
  });

  it('when the text does not fit the lenient pattern, then the reason is format', () => {
    for (const bad of ['12345678', 'abc123', 'ABCD-12', 'مامای-12', '12-م', '۱۲.۵', '0000', 'شماره']) {
      expect(validateLicenceNumber(bad, 'unconfirmed'), bad).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('when nothing is typed, then the reason is empty; when the body issues no number, then not_applicable', () => {
    expect(validateLicenceNumber(' \u200E ', 'irimc')).toEqual({ ok: false, reason: 'empty' });
    expect(validateLicenceNumber('12345', 'none')).toEqual({ ok: false, reason: 'not_applicable' });
  });
});
