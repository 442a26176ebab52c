/**
 * Which process holds a lock or a lease, so that a process started after a crash can tell its dead predecessor's
 * holdings from a live instance's and take them over at once, instead of waiting them out. A holder id is
 * `place/pid/run`: the place is this machine's boot and pid namespace (where a pid means one process), the run a random
 * id of this process (a later process may get the same pid, e.g. pid 1 in a restarted container).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import process from 'node:process';

/** Where pids are comparable: this boot of this machine, this pid namespace; undefined where it cannot be read. */
function thisPlace(): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}|${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return undefined;
  }
}

const place = thisPlace();
/** This process's holder id; one per process, so instances sharing a process (tests) never think each other gone. */
export const THIS_PROCESS = `${place ?? 'unknown'}/${process.pid}/${randomUUID()}`;

/**
 * Whether the holder of `holderId` (a holder id, or one with more after another `/`) is known to be gone: a process of
 * this place whose pid is free now, or is this process's under another run. Anything else (another machine or
 * container, a running pid, an id of another shape) is not known to be gone.
 */
export function isHolderGone(holderId: string): boolean {
  const [holderPlace, pidText, run] = holderId.split('/');
  const pid = Number(pidText);
  if (place === undefined || holderPlace !== place || !Number.isInteger(pid) || pid <= 0 || run === undefined) {
    return false;
  }
  if (pid === process.pid) return !THIS_PROCESS.endsWith(`/${run}`);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: a running process of another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
