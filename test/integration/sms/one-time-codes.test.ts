import { type SmsGatewayEmulator, startSmsEmulator } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLatinDigits } from '../../../src/domain/text/persian-text.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { createSmsGateway } from '../../../src/messaging/sms/create-sms-gateway.ts';
import { createDocumentLock } from '../../../src/persistence/document-lock.ts';
import { createOneTimeCodeRepository } from '../../../src/persistence/repositories/reach.repository.ts';
import { createOneTimeCodes, type OneTimeCodes } from '../../../src/services/reach/one-time-codes.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const clock = new TestClock();
let emulator: SmsGatewayEmulator;
let codes: OneTimeCodes;
/** Numbers the provider refuses to text. */
const unreachable = new Set<string>();

beforeAll(async () => {
  clock.set(new Date('2026-12-07T08:00:00Z'));
  emulator = await startSmsEmulator();
  const gateway = createSmsGateway({
    provider: 'smsir',
    apiKey: 'otp-test-key',
    sender: '3000505',
    apiRoot: emulator.apiRoot,
  })!;
  const t = (await createI18n({ defaultLocale: 'fa' })).fixedT('fa');
  codes = createOneTimeCodes({
    codes: createOneTimeCodeRepository(database.models),
    lock: createDocumentLock(database.models.documentLocks),
    now: clock.now,
    deliver: async (phone, code) => {
      if (unreachable.has(phone)) return false;
      await gateway.send(phone, t('reach:sms.code', { code }));
      return true;
    },
  });
});
afterAll(() => emulator.close());

/** The six digits of the last code texted to the phone. */
async function lastCode(phone: string): Promise<string> {
  await emulator.phone(phone).waitFor((r) => /\d{6}/.test(toLatinDigits(r.text)));
  const received = emulator.phone(phone).received().at(-1)!.text;
  return /\d{6}/.exec(toLatinDigits(received))![0];
}

describe('one-time codes by SMS', () => {
  it('when the provider refuses the SMS, then no code is issued and the refusal does not count toward the hourly cap', async () => {
    const phone = '+989121230009';
    unreachable.add(phone);
    for (let i = 0; i < 4; i++) expect(await codes.issue(phone)).toEqual({ kind: 'not_sent' });
    expect(await codes.check(phone, '123456')).toBe('no_code');
    unreachable.delete(phone);
    expect(await codes.issue(phone)).toEqual({ kind: 'sent' });
    expect(await codes.check(phone, await lastCode(phone))).toBe('verified');
  });

  it('when the right code is typed back (in Persian digits) within 5 minutes, then the number is verified once', async () => {
    const phone = '+989121230001';
    expect(await codes.issue(phone)).toEqual({ kind: 'sent' });
    const code = await lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    clock.advance(4 * 60_000);
    expect(
      await codes.check(
        phone,
        code.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d))),
      ),
    ).toBe('verified');
    expect(await codes.check(phone, code)).toBe('no_code');
  });

  it('when 5 minutes have passed, then the right code is refused as expired', async () => {
    const phone = '+989121230002';
    await codes.issue(phone);
    const code = await lastCode(phone);
    clock.advance(5 * 60_000);
    expect(await codes.check(phone, code)).toBe('expired');
  });

  it('when three wrong codes are typed, then the right one no longer counts', async () => {
    const phone = '+989121230003';
    await codes.issue(phone);
    const code = await lastCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await codes.check(phone, wrong)).toBe('wrong');
    expect(await codes.check(phone, wrong)).toBe('wrong');
    expect(await codes.check(phone, wrong)).toBe('no_tries');
    expect(await codes.check(phone, code)).toBe('no_tries');
  });

  it('when a fourth code is asked within the hour, then none is sent until the first is an hour old', async () => {
    const phone = '+989121230004';
    for (let i = 0; i < 3; i++) {
      expect(await codes.issue(phone)).toEqual({ kind: 'sent' });
      clock.advance(10 * 60_000);
    }
    const sentBefore = emulator.phone(phone).received().length;
    const refused = await codes.issue(phone);
    expect(refused.kind).toBe('too_many');
    expect(emulator.phone(phone).received()).toHaveLength(sentBefore);
    clock.advance(30 * 60_000);
    expect(await codes.issue(phone)).toEqual({ kind: 'sent' });
    expect(emulator.phone(phone).received()).toHaveLength(sentBefore + 1);
  });
});
