import type { Locale } from '../locale.ts';
import { getProvince } from '../reference/provinces.ts';

/** Province names for a sentence, in the reader's language: «تهران، البرز» / "Tehran, Alborz". */
export function provinceNames(codes: readonly string[], locale: Locale): string {
  const names = codes.map((code) => {
    const province = getProvince(code);
    if (!province) return code;
    return locale === 'fa' ? province.fa : province.en;
  });
  return names.join(locale === 'fa' ? '\u060C ' : ', ');
}
