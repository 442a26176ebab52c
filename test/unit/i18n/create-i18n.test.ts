import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n, type I18n, LOCALES } from '../../../src/i18n/index.ts';

const FIXTURES = {
  fa: {
    common: {
      people: '{{count, num}} نفر',
      on: 'در تاریخ {{when, jdate}}',
      at: 'زمان: {{when, jdatetime}}',
      hello: 'سلام {{name}}',
      only_fa: 'فقط فارسی',
      empty_en: 'متن فارسی',
    },
    callup: { title: 'فراخوان {{code}}' },
  },
  en: {
    common: {
      people: '{{count, num}} people',
      on: 'on {{when, jdate}}',
      at: 'time: {{when, jdatetime}}',
      hello: 'Hello {{name}}',
      empty_en: '',
    },
    callup: { title: 'Call-up {{code}}' },
  },
};

let dir: string;
let i18n: I18n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nazr-i18n-'));
  for (const [locale, namespaces] of Object.entries(FIXTURES)) {
    mkdirSync(join(dir, locale));
    for (const [ns, messages] of Object.entries(namespaces)) {
      writeFileSync(join(dir, locale, `${ns}.json`), JSON.stringify(messages));
    }
  }
  i18n = await createI18n({ defaultLocale: 'fa', localesDir: dir });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createI18n', () => {
  const when = new Date('2025-04-04T05:35:00Z'); // 09:05 on 15 Farvardin 1404 in Tehran

  it('when a number is interpolated with num, then fa shows Persian digits and en Latin ones', () => {
    expect(i18n.t('fa', 'people', { count: 1234 })).toBe('۱٬۲۳۴ نفر');
    expect(i18n.t('en', 'people', { count: 1234 })).toBe('1,234 people');
  });

  it('when a date is interpolated with jdate or jdatetime, then fa is Jalali and en Gregorian, in Tehran time', () => {
    expect(i18n.t('fa', 'on', { when })).toBe('در تاریخ ۱۵ فروردین ۱۴۰۴');
    expect(i18n.t('en', 'on', { when })).toBe('on 4 Apr 2025');
    expect(i18n.t('fa', 'at', { when: when.toISOString() })).toBe('زمان: ۱۵ فروردین ۱۴۰۴، ساعت ۰۹:۰۵');
    expect(i18n.t('en', 'at', { when: when.getTime() })).toBe('time: 4 Apr 2025, 09:05');
  });

  it('when a value has HTML-like characters, then it is not escaped', () => {
    expect(i18n.t('en', 'hello', { name: '<b>Tom & Jerry</b>' })).toBe('Hello <b>Tom & Jerry</b>');
  });

  it('when a key is missing or empty in en, then the default locale is used', () => {
    expect(i18n.t('en', 'only_fa')).toBe('فقط فارسی');
    expect(i18n.t('en', 'empty_en')).toBe('متن فارسی');
  });

  it('when a namespace is named, then its file is used; fixedT binds the locale', () => {
    expect(i18n.namespaces).toEqual(['callup', 'common']);
    expect(i18n.t('fa', 'callup:title', { code: 'A1' })).toBe('فراخوان A1');
    const t = i18n.fixedT('en');
    expect(t('callup:title', { code: 'A1' })).toBe('Call-up A1');
    expect(t('common:hello', { name: 'Sara' })).toBe('Hello Sara');
  });

  it('when two instances use different defaults, then they do not affect each other', async () => {
    const english = await createI18n({ defaultLocale: 'en', localesDir: dir });
    expect(english.t('en', 'people', { count: 2 })).toBe('2 people');
    expect(i18n.t('fa', 'people', { count: 2 })).toBe('۲ نفر');
  });

  it('when the repository locales are loaded, then common keys resolve in every supported locale', async () => {
    const real = await createI18n({ defaultLocale: 'fa' });
    expect(real.namespaces).toContain('common');
    for (const locale of LOCALES) {
      const title = real.t(locale, 'common:menu.title');
      expect(title, locale).not.toBe('menu.title');
      expect(title.length, locale).toBeGreaterThan(0);
    }
  });
});
