import type { CallUp } from '../../domain/callups/callup.ts';
import type { CallUpContext } from './callup-context.ts';

/** A lease lapses this long after its last renewal: how soon a restart takes over a crashed instance's queue. */
export const QUEUING_LEASE_MS = 2500;
const RENEW_MS = 500;

export interface QueuingLease {
  /** The lease a call-up is stored or claimed with (wall clock: a test's frozen clock must not keep it). */
  expiry(): Date;
  /** True while this instance queues the call-up's first wave. */
  isMine(callUpId: string): boolean;
  /** Keeps renewing the lease while `task` runs, so no other instance takes the wave over meanwhile. */
  hold(callUp: CallUp, task: () => Promise<number>): Promise<number>;
  /** Takes over a call-up whose lease ran out; undefined when another instance holds it or it is done. */
  claim(callUp: CallUp): Promise<CallUp | undefined>;
}

/** Who queues a first wave: the instance holding its lease, renewed while it works, taken over when it lapses. */
export function createQueuingLease(ctx: CallUpContext): QueuingLease {
  /** Call-ups this instance is queuing: the watch leaves them alone. */
  const mine = new Set<string>();
  const expiry = () => new Date(Date.now() + QUEUING_LEASE_MS);

  return {
    expiry,
    isMine: (callUpId) => mine.has(callUpId),
    async hold(callUp, task) {
      mine.add(callUp.id);
      let renewing: Promise<unknown> = Promise.resolve();
      const renew = setInterval(() => {
        renewing = ctx.callUps
          .update(callUp.id, () => ({ queuingUntil: expiry() }))
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
      let claimed = false;
      const updated = await ctx.callUps.update(callUp.id, (current) => {
        claimed = current.firstWave === 'queuing' && (current.queuingUntil?.getTime() ?? 0) <= Date.now();
        return claimed ? { queuingUntil: expiry() } : {};
      });
      return claimed ? updated : undefined;
    },
  };
}
