import type { Logger } from '../../logger.ts';

export interface RepeatingPass {
  /** Runs a pass now, or joins the one running; resolves to the delay the pass asked for. */
  run(): Promise<number>;
  /** Runs a pass now and again, each after the delay the last one asked for, until `stop`. */
  start(): void;
  /** Stops repeating; resolves once a pass in progress has ended. */
  stop(): Promise<void>;
}

/**
 * One pass at a time of `pass`, which returns how long to wait before the next: a timer, not an interval, so a slow
 * pass never overlaps the next one. A pass that throws is logged and tried again after `fallbackMs`.
 */
export function repeatingPass(
  pass: () => Promise<number>,
  fallbackMs: number,
  logger: Logger,
  what: string,
): RepeatingPass {
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const run = () => {
    running ??= pass()
      .catch((error: unknown) => {
        logger.warn({ err: error }, `could not ${what}`);
        return fallbackMs;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const repeatFrom = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(async () => repeatFrom(await run()), delayMs);
    timer.unref();
  };

  return {
    run,
    start() {
      if (timer === undefined) repeatFrom(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
