/** Languages, levels, trainings, vaccinations and destination countries for missions, validated from missions.json. */
import { z } from 'zod';
import data from '../data/missions.json' with { type: 'json' };
import { assertUniqueCodes, byCodeIn, codeSchema, parseReference, persianTextSchema } from './parse-reference.ts';

const named = { code: codeSchema, fa: persianTextSchema, en: z.string().min(1) };

const levelSchema = z.object({ ...named, rank: z.number().int().min(1) });
const itemSchema = z.object(named);
const vaccinationSchema = z
  .object({ ...named, validity_years: z.number().int().min(1).nullable() })
  .transform((v) => ({ code: v.code, fa: v.fa, en: v.en, validityYears: v.validity_years }));

const fileSchema = z
  .object({
    language_levels: z.array(levelSchema).min(1),
    languages: z.array(itemSchema).min(1),
    trainings: z.array(itemSchema).min(1),
    vaccinations: z.array(vaccinationSchema).min(1),
    countries: z.array(itemSchema).min(1),
  })
  .superRefine((file, ctx) => {
    for (const list of ['language_levels', 'languages', 'trainings', 'vaccinations', 'countries'] as const) {
      assertUniqueCodes(file[list], ctx, list);
    }
  });

export type LanguageLevel = Readonly<z.output<typeof levelSchema>>;
export type MissionListItem = Readonly<z.output<typeof itemSchema>>;
export type MissionVaccination = Readonly<z.output<typeof vaccinationSchema>>;

const parsed = parseReference('missions.json', fileSchema, data);

/** Weakest to strongest. */
export const LANGUAGE_LEVELS: readonly LanguageLevel[] = Object.freeze(
  [...parsed.language_levels].sort((a, b) => a.rank - b.rank),
);
export const LANGUAGES: readonly MissionListItem[] = Object.freeze(parsed.languages);
export const TRAININGS: readonly MissionListItem[] = Object.freeze(parsed.trainings);
export const MISSION_VACCINATIONS: readonly MissionVaccination[] = Object.freeze(parsed.vaccinations);
/** The file's order; the last one is `other`. */
export const COUNTRIES: readonly MissionListItem[] = Object.freeze(parsed.countries);

export const getLanguageLevel = byCodeIn(LANGUAGE_LEVELS);
export const getLanguage = byCodeIn(LANGUAGES);
export const getTraining = byCodeIn(TRAININGS);
export const getMissionVaccination = byCodeIn(MISSION_VACCINATIONS);
export const getCountry = byCodeIn(COUNTRIES);
