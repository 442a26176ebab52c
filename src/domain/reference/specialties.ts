/** Professions and specialties volunteers register with, validated from specialties.json at load. */
import { z } from 'zod';
import data from '../data/specialties.json' with { type: 'json' };
import { assertUniqueCodes, byCodeIn, codeSchema, parseReference, persianTextSchema } from './parse-reference.ts';

/** Which council issues the number to ask for; `none` means no number is expected. */
export const LICENCE_BODIES = ['irimc', 'ino', 'psychology_council', 'unconfirmed', 'none'] as const;
export type LicenceBody = (typeof LICENCE_BODIES)[number];

export const SPECIALTY_LEVELS = [
  'general',
  'specialist',
  'subspecialist',
  'fellowship',
  'doctorate',
  'master',
  'bachelor',
  'associate',
  'certificate',
  'none',
] as const;
export type SpecialtyLevel = (typeof SPECIALTY_LEVELS)[number];

const groupSchema = z.object({ code: codeSchema, fa: persianTextSchema, en: z.string().min(1) });

const specialtySchema = z
  .object({
    code: codeSchema,
    fa: persianTextSchema,
    en: z.string().min(1),
    group: codeSchema,
    level: z.enum(SPECIALTY_LEVELS),
    license_body: z.enum(LICENCE_BODIES),
    license_certainty: z.enum(['verified', 'reported', 'unconfirmed', 'n/a']),
    note: z.string().optional(),
  })
  .transform((s) => ({
    code: s.code,
    fa: s.fa,
    en: s.en,
    group: s.group,
    level: s.level,
    licenceBody: s.license_body,
    licenceCertainty: s.license_certainty,
  }));

const fileSchema = z
  .object({ groups: z.array(groupSchema).min(1), specialties: z.array(specialtySchema).min(1) })
  .superRefine(({ groups, specialties }, ctx) => {
    assertUniqueCodes(groups, ctx, 'groups');
    assertUniqueCodes(specialties, ctx, 'specialties');
    const groupCodes = new Set(groups.map((g) => g.code));
    for (const [i, s] of specialties.entries()) {
      if (!groupCodes.has(s.group)) {
        ctx.addIssue({ code: 'custom', message: `unknown group "${s.group}"`, path: ['specialties', i, 'group'] });
      }
    }
  });

export type SpecialtyGroup = Readonly<z.output<typeof groupSchema>>;
export type Specialty = Readonly<z.output<typeof specialtySchema>>;

const parsed = parseReference('specialties.json', fileSchema, data);

/** Groups in the file's order, which is the order the registration keyboard shows them in. */
export const SPECIALTY_GROUPS: readonly SpecialtyGroup[] = Object.freeze(parsed.groups);
export const SPECIALTIES: readonly Specialty[] = Object.freeze(parsed.specialties);

export const getSpecialty = byCodeIn(SPECIALTIES);
export const getSpecialtyGroup = byCodeIn(SPECIALTY_GROUPS);

/** The specialties of one group, in the file's order. */
export function specialtiesInGroup(groupCode: string): Specialty[] {
  return SPECIALTIES.filter((s) => s.group === groupCode);
}

/** Which council number to ask a volunteer of this specialty for; `undefined` for an unknown code. */
export function licenceBodyOf(code: string): LicenceBody | undefined {
  return getSpecialty(code)?.licenceBody;
}
