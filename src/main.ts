import process from 'node:process';
import { type App, startApp } from './app.ts';
import { parseConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startSandboxMode } from './sandbox/sandbox-mode.ts';

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  for (const error of parsed.errors) console.error(`Configuration error: ${error}`);
  process.exit(1);
}
let config = parsed.config;
const logger = createLogger(config.logLevel);

// No token configured: run against the local Bot API sandbox so Nazr can be tried without Bale or Telegram.
const sandbox = config.sandbox ? await startSandboxMode(config, logger) : undefined;
if (sandbox) config = sandbox.config;

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
    await sandbox?.stop();
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
  await sandbox?.stop();
  process.exit(1);
}
logger.info({ port: app.port, platforms: [...app.bots.keys()] }, 'Nazr is running');
sandbox?.announce(app);
if (stopSignal) {
  const signal = stopSignal;
  stopSignal = undefined;
  await shutdown(signal);
}
