import { Schema, type SchemaDefinitionProperty } from 'mongoose';

/**
 * A schema definition with exactly one path per field of its document type. A model whose document type comes from
 * a domain type uses it, so a field added to (or dropped from) the domain type fails to compile until the schema
 * follows.
 */
export type Fields<Doc> = { [Field in keyof Required<Doc>]: SchemaDefinitionProperty };

type SchemaArgs<Doc> = ConstructorParameters<typeof Schema<Doc>>;

/** A collection's schema as Nazr keeps them: named collection, no `__v` (every write is an explicit update). */
export function collectionSchema<Doc>(
  collection: string,
  definition: SchemaArgs<Doc>[0],
  options?: SchemaArgs<Doc>[1],
) {
  return new Schema<Doc>(definition, { collection, versionKey: false, ...options });
}

const eachField =
  <Extra extends object>(extra: Extra) =>
  <F extends Record<string, unknown>>(fields: F) =>
    Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, { type, ...extra }])) as {
      [K in keyof F]: { type: F[K] } & Extra;
    };

/** Fields every document has: `required({ owner: String, until: Date })`. */
export const required = eachField({ required: true as const });
/** Fields that are null until set. */
export const nullable = eachField({ default: null });
/** Fields absent until written; an array one stays absent too, instead of mongoose's default `[]`. */
export const optional = eachField({ default: undefined });
