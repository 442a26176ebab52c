/** The kinds of local base (mosque base, neighbourhood council, health house…), validated from base-kinds.json. */
import { z } from 'zod';
import data from '../data/base-kinds.json' with { type: 'json' };
import type { Locale } from '../locale.ts';
import { createListMatcher } from '../text/list-matcher.ts';
import { assertUniqueCodes, byCodeIn, codeSchema, parseReference, persianTextSchema } from './parse-reference.ts';

const baseKindSchema = z.object({ code: codeSchema, fa: persianTextSchema, en: z.string().min(1) });

export type BaseKind = Readonly<z.infer<typeof baseKindSchema>>;

const fileSchema = z
  .object({ base_kinds: z.array(baseKindSchema).min(1) })
  .superRefine(({ base_kinds }, ctx) => assertUniqueCodes(base_kinds, ctx, 'base_kinds'));

export const BASE_KINDS: readonly BaseKind[] = parseReference('base-kinds.json', fileSchema, data).base_kinds;

export const getBaseKind = byCodeIn(BASE_KINDS);

export const baseKindName = (code: string, locale: Locale): string => getBaseKind(code)?.[locale] ?? code;

const matcher = createListMatcher(BASE_KINDS.map((k) => ({ code: k.code, shown: [k.code, k.fa, k.en] })));

/** The kind a typed name (or code) means when it names exactly one; an import file may use either language. */
export function matchBaseKind(input: string): BaseKind | undefined {
  const match = matcher(input);
  return match.kind === 'one' && !match.close ? getBaseKind(match.code) : undefined;
}
