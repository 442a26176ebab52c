/**
 * One-time codes that prove a person holds a mobile number: 6 digits, valid 5 minutes, 3 tries, at most 3 codes per
 * number per hour (each one costs an SMS, and a cap keeps anyone from flooding a stranger's phone). One number's
 * codes are read and written under its document lock, so two instances never both grant a fourth code or a fourth try.
 */
import { createHash, randomInt } from 'node:crypto';
import { toLatinDigits } from '../../domain/text/persian-text.ts';
import type { DocumentLock } from '../../persistence/document-lock.ts';
import type { OneTimeCodeRepository } from '../../persistence/repositories/reach.repository.ts';

export const CODE_VALID_MS = 5 * 60_000;
export const CODE_TRIES = 3;
export const CODES_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

export type IssueResult = { kind: 'sent' } | { kind: 'not_sent' } | { kind: 'too_many'; retryAt: Date };
export type CheckResult = 'verified' | 'wrong' | 'expired' | 'no_tries' | 'no_code';

export interface OneTimeCodeDeps {
  codes: OneTimeCodeRepository;
  lock: DocumentLock;
  now: () => Date;
  /** Sends the code to the number (by SMS); false when the provider refused it, which leaves the code unissued. */
  deliver: (phone: string, code: string) => Promise<boolean>;
  /** Six digits; injected by tests that need to know the code. */
  randomCode?: () => string;
}

export interface OneTimeCodes {
  /** Sends a fresh code to `phone` (E.164), replacing any earlier one, unless the hourly cap is reached. */
  issue(phone: string): Promise<IssueResult>;
  /** Checks a typed code («۱۲۳۴۵۶» or 123456); a right one is used up, a wrong one costs a try. */
  check(phone: string, typed: string): Promise<CheckResult>;
}

const hashOf = (phone: string, code: string) => createHash('sha256').update(`${phone}:${code}`).digest('hex');
const sixDigits = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

export function createOneTimeCodes(deps: OneTimeCodeDeps): OneTimeCodes {
  const randomCode = deps.randomCode ?? sixDigits;
  return {
    issue: (phone) =>
      deps.lock(`otp:${phone}`, async () => {
        const now = deps.now();
        const record = await deps.codes.get(phone);
        const recent = (record?.issuedAt ?? []).filter((at) => now.getTime() - at.getTime() < HOUR_MS);
        const oldest = recent[0];
        if (recent.length >= CODES_PER_HOUR && oldest) {
          return { kind: 'too_many', retryAt: new Date(oldest.getTime() + HOUR_MS) };
        }
        const code = randomCode();
        if (!(await deps.deliver(phone, code))) return { kind: 'not_sent' };
        await deps.codes.put(phone, {
          issuedAt: [...recent, now],
          codeHash: hashOf(phone, code),
          expiresAt: new Date(now.getTime() + CODE_VALID_MS),
          triesLeft: CODE_TRIES,
        });
        return { kind: 'sent' };
      }),

    check: (phone, typed) =>
      deps.lock(`otp:${phone}`, async (): Promise<CheckResult> => {
        const record = await deps.codes.get(phone);
        if (!record?.codeHash || !record.expiresAt) return 'no_code';
        if (deps.now() >= record.expiresAt) return 'expired';
        if (record.triesLeft <= 0) return 'no_tries';
        const digits = toLatinDigits(typed).replace(/\s/g, '');
        if (hashOf(phone, digits) === record.codeHash) {
          await deps.codes.put(phone, { ...record, codeHash: null, expiresAt: null, triesLeft: 0 });
          return 'verified';
        }
        const triesLeft = record.triesLeft - 1;
        await deps.codes.put(phone, { ...record, triesLeft });
        return triesLeft === 0 ? 'no_tries' : 'wrong';
      }),
  };
}
