/**
 * How many SMS parts a text costs. A text of GSM-7 characters only takes 160 per single part (153 per part of a
 * longer one); anything else — every Persian letter — is sent as UCS-2: 70 per single part, 67 per part of a longer
 * one (the rest carries the part header), so two parts hold 134.
 */

// The GSM 03.38 default alphabet; the extension table's characters (^{}\[~]|€) cost two each.
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Characters as the encoding counts them (UTF-16 code units for UCS-2; extension characters twice for GSM-7). */
  units: number;
  parts: number;
}

const LIMITS: Record<SmsEncoding, { single: number; perPart: number }> = {
  gsm7: { single: 160, perPart: 153 },
  ucs2: { single: 70, perPart: 67 },
};

/** The encoding, length and number of parts of `text`. */
export function smsSize(text: string): SmsSize {
  let gsmUnits = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM7_BASIC.includes(char)) gsmUnits += 1;
    else if (GSM7_EXTENDED.includes(char)) gsmUnits += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding: SmsEncoding = gsm ? 'gsm7' : 'ucs2';
  // UCS-2 counts UTF-16 code units: an emoji outside the basic plane costs two.
  const units = gsm ? gsmUnits : text.length;
  const limit = LIMITS[encoding];
  const parts = units === 0 ? 1 : units <= limit.single ? 1 : Math.ceil(units / limit.perPart);
  return { encoding, units, parts };
}
