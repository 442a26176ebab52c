/**
 * A number typed by several people may be one person registered twice, and an admin is asked about each pair. A
 * number typed by many (a ward's or a switchboard's) is not: its first holders are paired, the rest are not, so the
 * admin's list stays short and a thousand holders do not make half a million pairs.
 */
export const SHARED_NUMBER_PAIRED_HOLDERS = 4;

/** Whether someone joining `holdersBefore` other holders of a typed number is paired with them for an admin. */
export const pairsWithHolders = (holdersBefore: number): boolean => holdersBefore < SHARED_NUMBER_PAIRED_HOLDERS;
