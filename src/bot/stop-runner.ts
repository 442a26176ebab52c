import type { RunnerHandle } from '@grammyjs/runner';

/** How often, and how long at most, a stop looks for the updates still being handled. */
const POLL_MS = 10;
const MOST_MS = 30_000;

/**
 * Stops taking updates, then waits until those already taken are handled. The runner's own stop ends the fetching
 * only: an update in hand would go on writing its session while the database is being closed, and a restarted bot
 * would read the step before it.
 */
export async function stopRunner(runner: RunnerHandle): Promise<void> {
  await runner.stop();
  const deadline = Date.now() + MOST_MS;
  while (runner.size() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
