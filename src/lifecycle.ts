import process from 'node:process';
import { type App, startApp } from './app.ts';
import { type Config, parseConfig } from './config.ts';
import type { Logger } from './logger.ts';

export interface RunOptions {
  config: Config;
  logger: Logger;
  /** Called once the app is up (the workbench prints how to talk to it). */
  onStarted?: (app: App) => void;
  /** Called after the app stopped, on a signal or a failed start (the workbench closes the sandbox). */
  onStopped?: () => Promise<void>;
}

/** Starts the app and stops it in order on SIGINT/SIGTERM; the process exits when it has stopped. */
export async function runUntilSignalled({ config, logger, onStarted, onStopped }: RunOptions): Promise<void> {
  // Installed before start-up, so a signal during it still ends in an orderly stop once the app is up.
  let app: App | undefined;
  let stopSignal: string | undefined;
  async function shutdown(signal: string): Promise<void> {
    if (stopSignal) return;
    stopSignal = signal;
    if (!app) return;
    logger.info({ signal }, 'shutting down');
    try {
      await app.stop();
      await onStopped?.();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    app = await startApp({ config, logger });
  } catch (error) {
    console.error(`Nazr could not start: ${error instanceof Error ? error.message : String(error)}`);
    await onStopped?.();
    process.exit(1);
  }
  logger.info({ port: app.port, platforms: [...app.bots.keys()] }, 'Nazr is running');
  onStarted?.(app);
  if (stopSignal) {
    const signal = stopSignal;
    stopSignal = undefined;
    await shutdown(signal);
  }
}

/** The configuration from the environment, or the process ends with every configuration error printed. */
export function configOrExit(env: Record<string, string | undefined>): Config {
  const parsed = parseConfig(env);
  if (parsed.ok) return parsed.config;
  for (const error of parsed.errors) console.error(`Configuration error: ${error}`);
  process.exit(1);
}
