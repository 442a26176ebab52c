// The production entry point: the bot on the platforms whose tokens are configured. `npm start` (workbench/start.ts)
// adds the local sandbox when no token is configured.
import module from 'node:module';
import process from 'node:process';

// Compiled modules cached on disk (os.tmpdir()) before anything else is loaded: a restart after a crash then spends
// about half the CPU on start-up (≈0.7 s instead of ≈1.3 s to load the app), which on a busy machine is seconds.
module.enableCompileCache();
const { configOrExit, runUntilSignalled } = await import('./lifecycle.ts');
const { createLogger } = await import('./logger.ts');

const config = configOrExit(process.env);
const logger = createLogger(config.logLevel);
if (config.sandbox) {
  logger.fatal('no bot token is configured (BALE_BOT_TOKEN or TELEGRAM_BOT_TOKEN); `npm start` runs the sandbox');
  process.exit(1);
}
await runUntilSignalled({ config, logger });
