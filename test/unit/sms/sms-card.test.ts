import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/domain/locale.ts';
import { citiesOf } from '../../../src/domain/reference/cities.ts';
import { CRISIS_TYPES, URGENCY_CODES } from '../../../src/domain/reference/crisis-types.ts';
import { PROVINCES } from '../../../src/domain/reference/provinces.ts';
import { SPECIALTIES } from '../../../src/domain/reference/specialties.ts';
import { smsSize } from '../../../src/domain/sms/sms-parts.ts';
import { callUpSmsCode, readSmsReply } from '../../../src/domain/sms/sms-reply.ts';
import { createI18n, type I18n } from '../../../src/i18n/index.ts';
import { smsCardText } from '../../../src/services/reach/sms-card.ts';

describe('SMS parts', () => {
  it('when a Persian text has 70 characters, then it is one part; 71 to 134 are two; 135 are three', () => {
    const persian = (n: number) => 'س'.repeat(n);
    expect(smsSize(persian(70))).toEqual({ encoding: 'ucs2', units: 70, parts: 1 });
    expect(smsSize(persian(71)).parts).toBe(2);
    expect(smsSize(persian(134)).parts).toBe(2);
    expect(smsSize(persian(135)).parts).toBe(3);
  });

  it('when a text is plain Latin, then 160 characters are one part and 161 two; one Persian letter makes it UCS-2', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, parts: 1 });
    expect(smsSize('a'.repeat(161)).parts).toBe(2);
    expect(smsSize(`${'a'.repeat(69)}س`)).toEqual({ encoding: 'ucs2', units: 70, parts: 1 });
  });

  it('when a text has an emoji or a GSM extension character, then it counts two units', () => {
    expect(smsSize('🔴').units).toBe(2);
    expect(smsSize('{').units).toBe(2);
  });
});

describe('SMS replies', () => {
  it('when «۱», «1» or «١» arrives, then each is "coming"; «۲» late and «۰» can\'t', () => {
    for (const text of ['۱', '1', '١', ' ۱ ']) expect(readSmsReply(text)).toEqual({ choice: 'yes', code: undefined });
    expect(readSmsReply('۲')?.choice).toBe('late');
    expect(readSmsReply('٠')?.choice).toBe('no');
  });

  it('when a reply carries a call-up code before or after the digit, then both are read', () => {
    expect(readSmsReply('۱ ۴۲۷')).toEqual({ choice: 'yes', code: '427' });
    expect(readSmsReply('427 0')).toEqual({ choice: 'no', code: '427' });
    expect(readSmsReply('سلام')).toBeUndefined();
    expect(readSmsReply('5 427')).toBeUndefined();
  });

  it('when a code is made for a call-up, then it has three digits and is the same each time', () => {
    const code = callUpSmsCode('6751f0c2a1b2c3d4e5f60718');
    expect(code).toMatch(/^[1-9]\d{2}$/);
    expect(callUpSmsCode('6751f0c2a1b2c3d4e5f60718')).toBe(code);
  });
});

describe('the SMS card', () => {
  let i18n: I18n;
  beforeAll(async () => {
    i18n = await createI18n({ defaultLocale: 'fa' });
  });

  const longest = <T>(items: readonly T[], length: (item: T) => number) =>
    items.reduce((a, b) => (length(b) > length(a) ? b : a));

  it('when every type, urgency and specialty meets the longest city, with a code and a date, then it fits two parts', () => {
    const cities = PROVINCES.flatMap((p) => citiesOf(p.code).map((c) => ({ province: p.code, city: c.fa })));
    const place = longest(cities, (c) => c.city.length);
    for (const locale of LOCALES) {
      const t = i18n.fixedT(locale);
      // The longest specialty name in this language stands for all (the card drops or cuts only other fields).
      const specialty = longest(SPECIALTIES, (s) => s[locale].length);
      for (const crisis of CRISIS_TYPES)
        for (const urgency of URGENCY_CODES) {
          const callUp = { urgency, crisisType: crisis.code, ...place, startsNow: false, startsAt: new Date() };
          const text = smsCardText(t, locale, callUp, specialty.code, '427');
          expect(smsSize(text).parts, text).toBeLessThanOrEqual(2);
        }
    }
  });

  it('when the card is for a common case, then it names the specialty and place and says how to answer', () => {
    const t = i18n.fixedT('fa');
    const callUp = {
      urgency: 'immediate' as const,
      crisisType: CRISIS_TYPES[0]!.code,
      province: 'tehran',
      city: 'تهران',
      startsNow: true,
      startsAt: new Date(),
    };
    const text = smsCardText(t, 'fa', callUp, SPECIALTIES[0]!.code);
    expect(text).toContain(SPECIALTIES[0]!.fa);
    expect(text).toContain('تهران');
    expect(text).toContain('۱ می‌آیم، ۲ با تأخیر، ۰ نمی‌توانم');
    expect(smsSize(text).parts).toBeLessThanOrEqual(2);
    expect(smsCardText(t, 'fa', callUp, SPECIALTIES[0]!.code, '427')).toContain('«۱ ۴۲۷» می‌آیم');
  });
});
