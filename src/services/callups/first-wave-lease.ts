import type { CallUp } from '../../domain/callups/callup.ts';
import { isHolderGone, THIS_PROCESS } from '../../persistence/process-identity.ts';
import type { CallUpContext } from './callup-context.ts';

/** A lease lapses this long after its last renewal: how soon another instance takes over a crashed one's queue. */
export const QUEUING_LEASE_MS = 2500;
const RENEW_MS = 500;

/** Why a lease was taken over. */
type TakeOver = 'holder gone' | 'lease lapsed';

export interface QueuingLease {
  /** A lease for this instance from now (wall clock: a test's frozen clock must not keep it). */
  take(): { queuingUntil: Date; queuingBy: string };
  /** True while this instance queues the call-up's first wave. */
  isMine(callUpId: string): boolean;
  /** Keeps renewing the lease while `task` runs, so no other instance takes the wave over meanwhile. */
  hold(callUp: CallUp, task: () => Promise<number>): Promise<number>;
  /**
   * Takes over a call-up whose lease ran out or whose holder is known to be gone; undefined when another instance
   * holds it or it is done.
   */
  claim(callUp: CallUp): Promise<{ callUp: CallUp; reason: TakeOver } | undefined>;
}

/**
 * Who queues a first wave: the instance holding its lease, renewed while it works, taken over when it lapses — or at
 * once when its holder is known to be gone (see process-identity.ts): a restart after a crash finds its predecessor's
 * so, without waiting the lease out.
 */
export function createQueuingLease(ctx: CallUpContext): QueuingLease {
  /** Call-ups this instance is queuing: the watch leaves them alone. */
  const mine = new Set<string>();
  const queuingBy = THIS_PROCESS;
  const expiry = () => new Date(Date.now() + QUEUING_LEASE_MS);

  return {
    take: () => ({ queuingUntil: expiry(), queuingBy }),
    isMine: (callUpId) => mine.has(callUpId),
    async hold(callUp, task) {
      mine.add(callUp.id);
      let renewing: Promise<unknown> = Promise.resolve();
      const renew = setInterval(() => {
        renewing = ctx.callUps
          .update(callUp.id, () => ({ queuingUntil: expiry(), queuingBy }))
          .catch((error: unknown) => ctx.logger.warn({ err: error, callUpId: callUp.id }, 'could not renew a lease'));
      }, RENEW_MS);
      try {
        return await task();
      } finally {
        clearInterval(renew);
        await renewing;
        mine.delete(callUp.id);
      }
    },
    async claim(callUp) {
      let reason: TakeOver | undefined;
      const updated = await ctx.callUps.update(callUp.id, (current) => {
        if (current.firstWave !== 'queuing') return {};
        const gone = current.queuingBy !== null && isHolderGone(current.queuingBy);
        const lapsed = (current.queuingUntil?.getTime() ?? 0) <= Date.now();
        reason = gone ? 'holder gone' : lapsed ? 'lease lapsed' : undefined;
        return reason ? { queuingUntil: expiry(), queuingBy } : {};
      });
      return reason && updated ? { callUp: updated, reason } : undefined;
    },
  };
}
