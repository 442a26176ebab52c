import type { CallUp } from '../../domain/callups/callup.ts';

/**
 * A "can't" tops the call-up's invitations up this long after it, once for every "can't" that came meanwhile: a
 * burst of them makes one wave, not a wave of one per answer (each a read of every invitation and a candidate search).
 */
const TOP_UP_AFTER_MS = 3_000;

export interface TopUps {
  /** Tops the call-up up after the delay, unless one is already due (which then covers this "can't" too). */
  soon(callUp: CallUp): void;
  /** Starts every top-up now (a stop does not wait out the delay). */
  flush(): void;
}

/**
 * One top-up per call-up per burst of "can't" answers; `start` runs it (tracked by the caller), given when the burst's
 * last "can't" was stored here (wall clock), so a wave another instance began reading after it can stand for it.
 */
export function createTopUps(start: (callUp: CallUp, declinedAt: number) => void): TopUps {
  const due = new Map<string, { callUp: CallUp; declinedAt: number; timer: NodeJS.Timeout }>();
  return {
    soon(callUp) {
      const already = due.get(callUp.id);
      if (already) {
        already.declinedAt = Date.now();
        return;
      }
      const timer = setTimeout(() => {
        const { declinedAt } = due.get(callUp.id) ?? { declinedAt: Date.now() };
        due.delete(callUp.id);
        // The wave reads the call-up again, so this copy only names it.
        start(callUp, declinedAt);
      }, TOP_UP_AFTER_MS);
      due.set(callUp.id, { callUp, declinedAt: Date.now(), timer });
    },
    flush() {
      for (const { callUp, declinedAt, timer } of due.values()) {
        clearTimeout(timer);
        start(callUp, declinedAt);
      }
      due.clear();
    },
  };
}
