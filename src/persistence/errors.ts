const DUPLICATE_KEY_CODES = new Set([11000, 11001]);
// FerretDB v1 on SQLite answers a unique violation caused by a plain update with InternalError (code 1) whose
// message carries SQLite's own text; inserts and upserts get a proper E11000.
const SQLITE_UNIQUE_VIOLATION = /UNIQUE constraint failed/;

/** True when a write failed because a unique key (`_id` or a unique index) already exists, on MongoDB or FerretDB. */
export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, writeErrors } = error as { code?: unknown; message?: unknown; writeErrors?: unknown };
  if (typeof code === 'number' && DUPLICATE_KEY_CODES.has(code)) return true;
  if (code === 1 && typeof message === 'string' && SQLITE_UNIQUE_VIOLATION.test(message)) return true;
  // A bulk insert reports each document's failure separately.
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every(isDuplicateKeyError);
}
