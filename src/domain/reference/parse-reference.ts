import { z } from 'zod';

/** Validates a bundled data file at load time: a malformed file must stop the process, not surface as `undefined`. */
export function parseReference<S extends z.ZodType>(file: string, schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`src/domain/data/${file} is malformed:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** A stable snake_case code such as `east_azerbaijan`. */
export const codeSchema = z.string().regex(/^[a-z][a-z0-9_]*$/);

/** Persian text must use ی and ک, never the Arabic look-alikes, or matching and sorting break. */
export const persianTextSchema = z
  .string()
  .min(1)
  .refine(
    (s) => !/[\u064A\u0643\u0649]/.test(s),
    'uses Arabic yeh/kaf/alef maksura (U+064A/0643/0649) instead of Persian yeh/keheh',
  );

/** Fails when `codes` repeat: every lookup table is keyed by code. */
export function assertUniqueCodes(items: readonly { code: string }[], ctx: z.RefinementCtx, path: string): void {
  const seen = new Set<string>();
  for (const [i, { code }] of items.entries()) {
    if (seen.has(code)) ctx.addIssue({ code: 'custom', message: `duplicate code "${code}"`, path: [path, i, 'code'] });
    seen.add(code);
  }
}

/** A lookup by code into a table whose codes `assertUniqueCodes` checked; undefined for an unknown code. */
export function byCodeIn<T extends { code: string }>(items: readonly T[]): (code: string) => T | undefined {
  const index = new Map(items.map((item) => [item.code, item]));
  return (code) => index.get(code);
}
