import { describe, expect, it } from 'vitest';
import rawProvinces from '../../../../src/domain/data/provinces.json' with { type: 'json' };
import {
  findProvince,
  getProvince,
  neighborsOf,
  PROVINCES,
  suggestProvinces,
} from '../../../../src/domain/reference/provinces.ts';

const arabicLetters = (s: string) => s.replace(/ی/g, 'ي').replace(/ک/g, 'ك');

describe('province data', () => {
  it('when loaded, then there are 31 provinces with unique codes, ISO codes and area codes', () => {
    expect(PROVINCES).toHaveLength(31);
    for (const field of ['code', 'iso3166_2', 'phoneAreaCode'] as const) {
      expect(new Set(PROVINCES.map((p) => p[field])).size, field).toBe(31);
    }
  });

  it('when neighbour lists are read, then every code exists, none is its own neighbour and every link is mutual', () => {
    for (const p of rawProvinces.provinces) {
      for (const n of p.neighbors) {
        const other = rawProvinces.provinces.find((q) => q.code === n);
        expect(other, `${p.code} → ${n}`).toBeDefined();
        expect(n, p.code).not.toBe(p.code);
        expect(other?.neighbors, `${n} should list ${p.code}`).toContain(p.code);
      }
    }
  });

  it('when the edges are counted, then they match the edge_count the file documents', () => {
    const edges = PROVINCES.reduce((sum, p) => sum + p.neighbors.length, 0) / 2;
    expect(edges).toBe(rawProvinces._meta.edge_count);
  });

  it('when a province is looked up, then its neighbours come back as provinces; an unknown code has none', () => {
    expect(getProvince('alborz')?.centerFa).toBe('کرج');
    expect(neighborsOf('tehran').map((p) => p.code)).toEqual(['alborz', 'markazi', 'mazandaran', 'qom', 'semnan']);
    expect(neighborsOf('atlantis')).toEqual([]);
  });
});

describe('findProvince', () => {
  it('when the brief examples are typed, then East Azerbaijan is found', () => {
    for (const input of ['آذربايجان شرقي', 'east azerbaijan', 'tabriz', 'آذربایجان‌شرقی', 'East-Azarbaijan', 'تبريز']) {
      expect(findProvince(input)?.code, input).toBe('east_azerbaijan');
    }
  });

  it('when any province is typed by Persian name (Arabic letters too), English name, capital or alias, then it is found', () => {
    for (const p of PROVINCES) {
      const inputs = [
        p.fa,
        arabicLetters(p.fa),
        p.fa.replace(/ /g, ''),
        p.en.toUpperCase(),
        p.centerFa,
        p.centerEn,
        ...p.enAliases,
      ];
      for (const input of inputs) expect(findProvince(input)?.code, input).toBe(p.code);
    }
  });

  it('when the word «استان» or "province" or a conjunction is added or dropped, then it still matches', () => {
    expect(findProvince('استان فارس')?.code).toBe('fars');
    expect(findProvince('Fars Province')?.code).toBe('fars');
    expect(findProvince('سیستان بلوچستان')?.code).toBe('sistan_baluchestan');
    expect(findProvince('Chaharmahal va Bakhtiari')?.code).toBe('chaharmahal_bakhtiari');
    expect(findProvince('خرم آباد')?.code).toBe('lorestan');
  });

  it('when a name is a prefix of another, then the exact one wins; a unique prefix or a small typo is enough', () => {
    expect(findProvince('کرمان')?.code).toBe('kerman');
    expect(findProvince('کرمانشاه')?.code).toBe('kermanshah');
    expect(findProvince('مازندرن')?.code).toBe('mazandaran');
    expect(findProvince('esfahn')?.code).toBe('isfahan');
    expect(findProvince('Hormoz')?.code).toBe('hormozgan');
  });

  it('when the input fits several provinces equally or none, then nothing is guessed', () => {
    expect(findProvince('خراسان')).toBeUndefined();
    expect(findProvince('Azerbaijan')).toBeUndefined();
    expect(findProvince('London')).toBeUndefined();
    expect(findProvince('')).toBeUndefined();
  });

  it('when several provinces fit, then suggestProvinces lists them for the user to choose', () => {
    expect(
      suggestProvinces('خراسان')
        .map((p) => p.code)
        .sort(),
    ).toEqual(['north_khorasan', 'razavi_khorasan', 'south_khorasan']);
    expect(suggestProvinces('کرمان', 2).map((p) => p.code)).toEqual(['kerman', 'kermanshah']);
  });
});
