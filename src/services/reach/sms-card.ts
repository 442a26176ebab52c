/**
 * The call-up card as an SMS: what, for whom, where and when, and how to answer by number — within two SMS parts
 * (134 Persian characters), since every part is paid for. Longer names drop the type and time, then shorten the place.
 */
import type { CallUp } from '../../domain/callups/callup.ts';
import type { Locale } from '../../domain/locale.ts';
import { cityName } from '../../domain/reference/cities.ts';
import { smsSize } from '../../domain/sms/sms-parts.ts';
import { toPersianDigits } from '../../domain/text/persian-text.ts';
import type { Tr } from '../../i18n/index.ts';
import { crisisTypeName, specialtyName, urgencyName, whenText } from '../callups/callup-texts.ts';

/** At most this many parts per card. */
export const SMS_CARD_MAX_PARTS = 2;

/** Digits as the reader's language writes them. */
export const digitsFor = (locale: Locale, digits: string) => (locale === 'fa' ? toPersianDigits(digits) : digits);

type CardCallUp = Pick<CallUp, 'urgency' | 'crisisType' | 'province' | 'city' | 'startsNow' | 'startsAt'>;

/**
 * The SMS card of one invitation; `code`: the call-up's short code, given when the person has more than one open
 * invitation, so the reply says which one it answers.
 */
export function smsCardText(t: Tr, locale: Locale, callUp: CardCallUp, specialty: string, code?: string): string {
  const answer = code ? t('reach:sms.answer_code', { code: digitsFor(locale, code) }) : t('reach:sms.answer');
  const place = cityName(callUp.province, callUp.city, locale);
  const fields = {
    urgency: urgencyName(callUp.urgency, locale),
    type: crisisTypeName(callUp.crisisType, locale),
    specialty: specialtyName(specialty, locale),
    when: whenText(t, callUp),
  };
  const full = `${t('reach:sms.card', { ...fields, place })}\n${answer}`;
  if (smsSize(full).parts <= SMS_CARD_MAX_PARTS) return full;
  const short = (placeText: string) => `${t('reach:sms.card_short', { ...fields, place: placeText })}\n${answer}`;
  let cut = place;
  while (smsSize(short(cut)).parts > SMS_CARD_MAX_PARTS && cut.length > 3) cut = `${cut.slice(0, cut.length - 2)}…`;
  return short(cut);
}
