import { describe, expect, it } from 'vitest';
import { citiesOf, cityName, isListedCity, matchCity } from '../../../../src/domain/reference/cities.ts';
import { PROVINCES } from '../../../../src/domain/reference/provinces.ts';

describe('the cities of each province', () => {
  it('when the data is loaded, then every province has its cities, its capital first', () => {
    for (const p of PROVINCES) expect(citiesOf(p.code)[0]?.fa, p.code).toBe(p.centerFa);
    expect(PROVINCES.reduce((n, p) => n + citiesOf(p.code).length, 0)).toBe(502);
  });

  it('when a listed city is typed in either language or spelling, then it is that city', () => {
    expect(matchCity('isfahan', 'كاشان')).toMatchObject({ kind: 'listed', city: { fa: 'کاشان' }, exact: true });
    expect(matchCity('isfahan', 'Kashan')).toMatchObject({ kind: 'listed', city: { fa: 'کاشان' }, exact: true });
    expect(matchCity('isfahan', 'خمینی شهر')).toMatchObject({ kind: 'listed', city: { fa: 'خمینی‌شهر' } });
    expect(matchCity('gilan', 'تالش')).toMatchObject({ kind: 'listed', city: { fa: 'هشتپر (تالش)' }, exact: false });
  });

  it('when a typo or the start of a name is typed, then the close cities are offered, never taken', () => {
    const close = matchCity('isfahan', 'کاشن');
    expect(close.kind === 'close' && close.indexes.map((i) => citiesOf('isfahan')[i]?.fa)).toEqual(['کاشان']);
  });

  it('when a name is on no list of the province, then it is unlisted, and the province whose list has it is named', () => {
    expect(matchCity('isfahan', 'Tehran')).toEqual({ kind: 'unlisted', elsewhere: 'tehran' });
    expect(matchCity('yazd', 'شیراز')).toEqual({ kind: 'unlisted', elsewhere: 'fars' });
    expect(matchCity('isfahan', 'درچه')).toEqual({ kind: 'unlisted', elsewhere: undefined });
  });

  it('when a stored city is shown, then a listed one reads in the reader’s language and an unlisted one is marked', () => {
    expect(isListedCity('alborz', 'کرج')).toBe(true);
    expect(isListedCity('tehran', 'درکه')).toBe(false);
    expect(cityName('alborz', 'کرج', 'en')).toBe('Karaj');
    expect(cityName('tehran', 'درکه', 'en')).toBe('درکه');
  });
});
