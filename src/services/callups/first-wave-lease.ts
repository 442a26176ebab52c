import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import process from 'node:process';
import type { CallUp } from '../../domain/callups/callup.ts';
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
 * once when its holder was a process on this host that is no longer running (a restart after a crash finds its
 * predecessor so, without waiting the lease out).
 */
export function createQueuingLease(ctx: CallUpContext, self: LeaseHolder = thisProcess()): QueuingLease {
  /** Call-ups this instance is queuing: the watch leaves them alone. */
  const mine = new Set<string>();
  const queuingBy = holderId(self);
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
        const gone = current.queuingBy !== null && isGone(current.queuingBy, self);
        const lapsed = (current.queuingUntil?.getTime() ?? 0) <= Date.now();
        reason = gone ? 'holder gone' : lapsed ? 'lease lapsed' : undefined;
        return reason ? { queuingUntil: expiry(), queuingBy } : {};
      });
      return reason && updated ? { callUp: updated, reason } : undefined;
    },
  };
}

/** A process that may hold leases: its host, its pid, and a random id of this run (a later process may get its pid). */
export interface LeaseHolder {
  host: string;
  pid: number;
  run: string;
}

export function thisProcess(): LeaseHolder {
  return { host: hostname(), pid: process.pid, run: randomUUID() };
}

const holderId = ({ host, pid, run }: LeaseHolder) => `${host}/${pid}/${run}`;

/**
 * Whether a lease's holder is known to be gone: it ran on this host under a pid that is now free, or that is now this
 * process's own (a container restarted under the same pid). Anything else (another host, a running pid, an id from
 * before holders were recorded) is not known: its lease is waited out.
 */
function isGone(holder: string, self: LeaseHolder): boolean {
  const [host, pidText, run] = holder.split('/');
  const pid = Number(pidText);
  if (host !== self.host || !Number.isInteger(pid) || pid <= 0 || run === undefined) return false;
  if (pid === self.pid) return run !== self.run;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: a running process of another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
