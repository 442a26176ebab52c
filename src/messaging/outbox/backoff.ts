export interface BackoffOptions {
  /** Wait after the first failure; doubles with each further one. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
}

/** Exponential backoff with ±20% jitter, so instances that failed together do not retry in step. */
export function backoffMs(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponential = options.baseMs * 2 ** Math.max(0, failures - 1);
  return Math.round(Math.min(options.maxMs, exponential * (0.8 + 0.4 * random())));
}
