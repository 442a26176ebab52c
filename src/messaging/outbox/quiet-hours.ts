import { afterQuietHours } from '../../domain/text/tehran-clock.ts';

/**
 * Routine news and notices (check-ins, pledge ends, registration reminders) wait out Tehran's night (22:00–07:00);
 * call-ups and what belongs to them never wait.
 */
const WAITS_OUT_THE_NIGHT: ReadonlySet<string> = new Set(['announcement', 'notice']);

/** When a delivery that may not go out now may go (the end of the quiet hours); undefined when it may go now. */
export function quietUntil(delivery: { campaignKind: string }, now: Date): Date | undefined {
  if (!WAITS_OUT_THE_NIGHT.has(delivery.campaignKind)) return undefined;
  const allowed = afterQuietHours(now);
  return allowed.getTime() > now.getTime() ? allowed : undefined;
}
