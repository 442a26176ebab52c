/**
 * Interpolation formats locale files may use: `{{count, num}}`, `{{when, jdate}}`, `{{when, jdatetime}}` and
 * `{{when, jtime}}`. Each renders for the language being translated to, in Asia/Tehran.
 */
import type { i18n as I18next } from 'i18next';
import type { Locale } from '../domain/locale.ts';
import { formatDate, formatDateTime, formatTime } from '../domain/text/jalali-format.ts';
import { formatNumber } from '../domain/text/persian-text.ts';

const localeOf = (lng: string | undefined): Locale => (lng?.startsWith('fa') ? 'fa' : 'en');

/** Dates arrive as `Date`s, ISO strings or epoch milliseconds (e.g. from a serialised outbox message). */
function toDate(value: unknown): Date | null {
  const date =
    value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

const dateFormat =
  (render: (locale: Locale, date: Date) => string) =>
  (value: unknown, lng: string | undefined): string => {
    const date = toDate(value);
    return date ? render(localeOf(lng), date) : String(value);
  };

export function registerFormatters(instance: I18next): void {
  const formatter = instance.services.formatter;
  if (!formatter) throw new Error('i18next has no formatter service');
  formatter.add('num', (value: unknown, lng: string | undefined) => {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? formatNumber(localeOf(lng), n) : String(value);
  });
  formatter.add('jdate', dateFormat(formatDate));
  formatter.add('jdatetime', dateFormat(formatDateTime));
  formatter.add('jtime', dateFormat(formatTime));
}
