/** Stored nulls may come back missing from a lean read (or the other way round); domain types always have null. */
export const orNull = <T>(value: T | null | undefined): T | null => value ?? null;
