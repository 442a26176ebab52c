/** Kinds of call-up and urgency levels, validated from crisis-types.json at load. */
import { z } from 'zod';
import data from '../data/crisis-types.json' with { type: 'json' };
import { createListMatcher, type ListMatch } from '../text/list-matcher.ts';
import { assertUniqueCodes, byCodeIn, codeSchema, parseReference, persianTextSchema } from './parse-reference.ts';
import { getSpecialty } from './specialties.ts';

export const URGENCY_CODES = ['immediate', 'urgent', 'scheduled'] as const;
export type UrgencyCode = (typeof URGENCY_CODES)[number];

const urgencySchema = z.object({
  code: z.enum(URGENCY_CODES),
  fa: persianTextSchema,
  en: z.string().min(1),
  meaning: z.string().min(1),
});

const crisisTypeSchema = z
  .object({
    code: codeSchema,
    fa: persianTextSchema,
    en: z.string().min(1),
    aliases: z.array(z.string().min(1)).optional(),
    default_urgency: z.enum(URGENCY_CODES),
    suggest_neighbor_escalation: z.boolean(),
    typical_specialties: z.array(codeSchema),
    note: z.string().optional(),
  })
  .transform((c) => ({
    code: c.code,
    fa: c.fa,
    en: c.en,
    aliases: (c.aliases ?? []) as readonly string[],
    defaultUrgency: c.default_urgency,
    suggestNeighborEscalation: c.suggest_neighbor_escalation,
    typicalSpecialties: c.typical_specialties as readonly string[],
  }));

const fileSchema = z
  .object({ urgency_levels: z.array(urgencySchema).min(1), crisis_types: z.array(crisisTypeSchema).min(1) })
  .superRefine(({ urgency_levels, crisis_types }, ctx) => {
    assertUniqueCodes(urgency_levels, ctx, 'urgency_levels');
    assertUniqueCodes(crisis_types, ctx, 'crisis_types');
    for (const [i, c] of crisis_types.entries()) {
      for (const s of c.typicalSpecialties) {
        if (!getSpecialty(s)) {
          const path = ['crisis_types', i, 'typical_specialties'];
          ctx.addIssue({ code: 'custom', message: `unknown specialty "${s}"`, path });
        }
      }
    }
  });

export type UrgencyLevel = Readonly<z.output<typeof urgencySchema>>;
export type CrisisType = Readonly<z.output<typeof crisisTypeSchema>>;

const parsed = parseReference('crisis-types.json', fileSchema, data);

/** Most to least urgent. */
export const URGENCY_LEVELS: readonly UrgencyLevel[] = Object.freeze(parsed.urgency_levels);
export const CRISIS_TYPES: readonly CrisisType[] = Object.freeze(parsed.crisis_types);

export const getCrisisType = byCodeIn(CRISIS_TYPES);

export const getUrgencyLevel = byCodeIn(URGENCY_LEVELS);

/** A crisis type typed instead of tapped: by either name, an alias («زمین‌لرزه»، «مانور») or with a small typo. */
export const matchCrisisType: (input: string) => ListMatch = createListMatcher(
  CRISIS_TYPES.map((c) => ({ code: c.code, shown: [c.fa, c.en], names: c.aliases })),
);
