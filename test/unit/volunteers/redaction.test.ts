import { describe, expect, it } from 'vitest';
import { REDACTED, redactDeep, traceRedactor } from '../../../src/domain/volunteers/redaction.ts';

const redact = traceRedactor({
  key: 'telegram:987654321',
  anonymousId: 'erased:abc',
  ids: ['987654321'],
  phrases: ['پریسا کمالی', 'Al'],
  mobiles: ['+989357654321'],
  numbers: ['م-87654', '87654'],
});

describe('redacting a person’s traces', () => {
  it('when a text names the person, then the name, phone, council number and id are blanked, the key made anonymous', () => {
    const card = 'پریسا کمالی — پزشک عمومی\nشماره‌ی نظام پزشکی: 87654\nدماوند، تهران';
    expect(redact(card)).toBe(`${REDACTED} — پزشک عمومی\nشماره‌ی نظام پزشکی: ${REDACTED}\nدماوند، تهران`);
    expect(redact('۱. \u2068پریسا کمالی\u2069 — \u2068+989357654321\u2069 — به‌موقع')).toBe(
      `۱. \u2068${REDACTED}\u2069 — \u2068${REDACTED}\u2069 — به‌موقع`,
    );
    expect(redact('vf:ok:telegram:987654321')).toBe('vf:ok:erased:abc');
    expect(redact('block 987654321 now')).toBe(`block ${REDACTED} now`);
    expect(redact('شماره: م-87654')).toBe(`شماره: ${REDACTED}`);
  });

  it('when the phone or number is written in Persian digits, with a trunk zero or spaces, then it is still found', () => {
    for (const phone of ['۰۹۳۵۷۶۵۴۳۲۱', '0935 765 4321', '۹۳۵۷۶۵۴۳۲۱', '00989357654321', '+98 935-765-4321']) {
      expect(redact(`تلفن: ${phone}.`)).toBe(`تلفن: ${REDACTED}.`);
    }
    expect(redact('نظام: ۸۷۶۵۴')).toBe(`نظام: ${REDACTED}`);
  });

  it('when a text only looks alike (longer numbers, other words, short names), then it is left exactly as it was', () => {
    for (const text of [
      'شماره‌ی 187654 و 876540',
      '09357654320',
      'پریسا کمالی‌نژاد',
      'Alireza and Ali',
      'id 9876543210',
    ]) {
      expect(redact(text)).toBe(text);
    }
  });

  it('when a document holds traces deep inside, then only those strings change and untouched parts stay the same objects', () => {
    const at = new Date();
    const untouched = { city: 'تهران' };
    const session = {
      flow: { name: 'reject', data: { key: 'telegram:987654321', name: 'پریسا کمالی' } },
      untouched,
      at,
    };
    const out = redactDeep(session, redact);
    expect(out).toEqual({ flow: { name: 'reject', data: { key: 'erased:abc', name: REDACTED } }, untouched, at });
    expect(out.untouched).toBe(untouched);
    expect(out.at).toBe(at);
    const clean = { list: ['a', 'b'], n: 1 };
    expect(redactDeep(clean, redact)).toBe(clean);
  });
});
