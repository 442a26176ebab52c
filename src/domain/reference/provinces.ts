/** The 31 provinces (استان) with capitals, land neighbours and aliases, validated from provinces.json at load. */
import { z } from 'zod';
import data from '../data/provinces.json' with { type: 'json' };
import words from '../data/typed-words.json' with { type: 'json' };
import { editDistance } from '../text/list-matcher.ts';
import { matchKey } from '../text/persian-text.ts';
import { assertUniqueCodes, byCodeIn, codeSchema, parseReference, persianTextSchema } from './parse-reference.ts';

const provinceSchema = z
  .object({
    code: codeSchema,
    iso_3166_2: z.string().regex(/^IR-\d{2}$/),
    fa: persianTextSchema,
    en: z.string().min(1),
    center_fa: persianTextSchema,
    center_en: z.string().min(1),
    neighbors: z.array(codeSchema),
    phone_area_code: z.string().regex(/^0\d{2}$/),
    en_aliases: z.array(z.string().min(1)).optional(),
  })
  .transform((p) => ({
    code: p.code,
    iso3166_2: p.iso_3166_2,
    fa: p.fa,
    en: p.en,
    centerFa: p.center_fa,
    centerEn: p.center_en,
    neighbors: p.neighbors as readonly string[],
    phoneAreaCode: p.phone_area_code,
    enAliases: (p.en_aliases ?? []) as readonly string[],
  }));

const fileSchema = z.object({ provinces: z.array(provinceSchema).min(1) }).superRefine(({ provinces }, ctx) => {
  assertUniqueCodes(provinces, ctx, 'provinces');
  const codes = new Set(provinces.map((p) => p.code));
  for (const [i, p] of provinces.entries()) {
    for (const n of p.neighbors) {
      if (!codes.has(n) || n === p.code) {
        ctx.addIssue({ code: 'custom', message: `bad neighbour "${n}"`, path: ['provinces', i, 'neighbors'] });
      }
    }
  }
});

export type Province = Readonly<z.output<typeof provinceSchema>>;

export const PROVINCES: readonly Province[] = Object.freeze(
  parseReference('provinces.json', fileSchema, data).provinces,
);

export const getProvince = byCodeIn(PROVINCES);

/** Land neighbours, used to widen a call-up; an unknown code has none. */
export function neighborsOf(code: string): Province[] {
  return (getProvince(code)?.neighbors ?? []).map((n) => getProvince(n)!);
}

/** Words people put around a province name: «استان فارس», "Fars province", "Ostan-e Fars", "province of Fars". */
const FILLERS = words.provinceFillers.join('|');
const FILLER = new RegExp(`^(?:${FILLERS})|(?:${FILLERS})$`);
/** «و», "va", "and" and "&" between the two parts of a name (Sistan and Baluchestan) are often left out. */
const CONJUNCTION = new RegExp(`(?:^|\\s)(?:${words.provinceConjunctions.join('|')})(?=\\s)`, 'g');

/** The matching keys of a name or of an input: as written, and without the conjunction. */
function keysOf(name: string): string[] {
  const words = name.replace(/&/g, ' and ').replace(/_/g, ' ').toLowerCase();
  const keys = [matchKey(words), matchKey(words.replace(CONJUNCTION, ' '))].map((k) => k.replace(FILLER, ''));
  return [...new Set(keys)].filter((k) => k !== '');
}

/** Every key (both names, capital, aliases, code) → the provinces it names; normally exactly one. */
const index = new Map<string, Province[]>();
for (const p of PROVINCES) {
  for (const name of [p.fa, p.en, p.centerFa, p.centerEn, p.code, ...p.enAliases]) {
    for (const key of keysOf(name)) {
      const list = index.get(key) ?? [];
      if (!list.includes(p)) list.push(p);
      index.set(key, list);
    }
  }
}

/** Scores every province the input could name: 0 exact key, 1 prefix (3+ characters), 1 + edit distance for typos. */
function rank(input: string): { province: Province; score: number }[] {
  const best = new Map<Province, number>();
  const offer = (provinces: readonly Province[], score: number) => {
    for (const p of provinces) if (score < (best.get(p) ?? Number.POSITIVE_INFINITY)) best.set(p, score);
  };
  for (const k of keysOf(input)) {
    for (const [key, provinces] of index) {
      if (key === k) offer(provinces, 0);
      else if (k.length >= 3 && key.startsWith(k)) offer(provinces, 1);
      else if (k.length >= 4) {
        const max = k.length >= 7 ? 2 : 1;
        const d = editDistance(k, key, max);
        if (d <= max) offer(provinces, 1 + d);
      }
    }
  }
  return [...best.entries()]
    .map(([province, score]) => ({ province, score }))
    .sort((a, b) => a.score - b.score || PROVINCES.indexOf(a.province) - PROVINCES.indexOf(b.province));
}

/**
 * The one province the user meant, tolerant of digit, yeh/kaf, spacing, ZWNJ and case variants, of the capital's
 * name and of small typos («آذربايجان شرقي», "east azerbaijan", "tabriz"); `undefined` when none or several fit
 * equally well («خراسان»), in which case `suggestProvinces` offers the choices.
 */
export function findProvince(input: string): Province | undefined {
  const [first, second] = rank(input);
  return first && (!second || second.score > first.score) ? first.province : undefined;
}

/** The closest provinces for a "did you mean" keyboard, best first. */
export function suggestProvinces(input: string, limit = 3): Province[] {
  return rank(input)
    .slice(0, limit)
    .map((r) => r.province);
}
