import { isDuplicateKeyError } from './errors.ts';

// FerretDB retries a failed batch one document at a time, and a huge insert holds its single writer for long.
export const INSERT_CHUNK = 500;

/** Runs an unordered insertMany and sorts the outcome into inserted and duplicate indexes; other errors throw. */
export async function insertUnordered<D extends object>(
  insert: (docs: object[]) => Promise<unknown>,
  docs: readonly D[],
  onChunk?: (inserted: D[]) => void,
): Promise<{ duplicateIndexes: Set<number> }> {
  const duplicateIndexes = new Set<number>();
  for (let start = 0; start < docs.length; start += INSERT_CHUNK) {
    const chunk = docs.slice(start, start + INSERT_CHUNK);
    const duplicatesHere = new Set<number>();
    try {
      await insert(chunk);
    } catch (error) {
      const raw = (error as { writeErrors?: unknown }).writeErrors;
      const writeErrors = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { index: number; code?: number }[];
      if (writeErrors.length === 0 || !writeErrors.every(isDuplicateKeyError)) throw error;
      for (const writeError of writeErrors) duplicatesHere.add(writeError.index);
    }
    for (const index of duplicatesHere) duplicateIndexes.add(start + index);
    onChunk?.(chunk.filter((_, index) => !duplicatesHere.has(index)));
  }
  return { duplicateIndexes };
}
