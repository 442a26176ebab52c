/**
 * Several instances answer one call-up, and each used to read every invitation and delivery of it to refresh the
 * board or top it up after its own answers. A read another instance began after a change made here shows that change
 * already; instances compare wall clocks, the only clock they share, so "after" means beyond their possible skew.
 */
const CLOCK_SKEW_MS = 1000;

/** Whether a read that began at `readFrom` (any instance's) saw what changed here at `changedAt` (wall-clock ms). */
export function readBeganAfter(readFrom: Date | null | undefined, changedAt: number): boolean {
  return readFrom != null && readFrom.getTime() >= changedAt + CLOCK_SKEW_MS;
}
