import { describe, expect, it } from 'vitest';
import { normalizeMobile } from '../../../../src/domain/validation/mobile.ts';

describe('normalizeMobile', () => {
  it('when a number is typed in any of the usual forms, then it becomes +989121234567', () => {
    const forms = [
      '09121234567',
      '+989121234567',
      '00989121234567',
      '989121234567',
      '9121234567',
      '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      '0912-123-4567',
      '٠٩١٢١٢٣٤٥٦٧',
      '(0912) 123 4567',
      '\u202A+98 912 123 4567\u202C',
      '\u200F۰۹۱۲۱۲۳۴۵۶۷\u200E',
    ];
    for (const form of forms) expect(normalizeMobile(form), form).toBe('+989121234567');
  });

  it('when the country code is followed by the trunk 0 (+98 0912…), then it is forgiven', () => {
    expect(normalizeMobile('+98 0912 123 4567')).toBe('+989121234567');
    expect(normalizeMobile('0098-0912-123-4567')).toBe('+989121234567');
  });

  it('when the number is too short, too long, a landline or not a number, then it is null', () => {
    for (const bad of [
      '0912123456',
      '091212345678',
      '08121234567',
      '02112345678',
      '+1 912 123 4567',
      'abc',
      '',
      '0+9121234567',
    ]) {
      expect(normalizeMobile(bad), bad).toBeNull();
    }
  });
});
