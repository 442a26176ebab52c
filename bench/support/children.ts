// Every child process a bench starts is listed here, so none outlives the bench: on a normal exit, an error, or
// Ctrl-C, whatever is still running gets SIGKILL (a bench must never leave bots, sandboxes or databases behind).
import type { ChildProcess } from 'node:child_process';
import process from 'node:process';

const running = new Set<ChildProcess>();
let installed = false;

function killLeftovers(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killLeftovers);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killLeftovers();
      process.exit(130);
    });
  }
}

/** Keeps `child` on the list until it exits; it is killed with the bench if still running then. */
export function track<T extends ChildProcess>(child: T): T {
  install();
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGKILL to every child still running (the end of a bench, or a failure). */
export function killAllChildren(): void {
  killLeftovers();
}
