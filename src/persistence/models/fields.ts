import type { SchemaDefinitionProperty } from 'mongoose';

/**
 * A schema definition with exactly one path per field of its document type. A model whose document type comes from
 * a domain type uses it, so a field added to (or dropped from) the domain type fails to compile until the schema
 * follows.
 */
export type Fields<Doc> = { [Field in keyof Required<Doc>]: SchemaDefinitionProperty };
