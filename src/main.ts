// The production entry point: the bot on the platforms whose tokens are configured. `npm start` (workbench/start.ts)
// adds the local sandbox when no token is configured.
import process from 'node:process';
import { configOrExit, runUntilSignalled } from './lifecycle.ts';
import { createLogger } from './logger.ts';

const config = configOrExit(process.env);
const logger = createLogger(config.logLevel);
if (config.sandbox) {
  logger.fatal('no bot token is configured (BALE_BOT_TOKEN or TELEGRAM_BOT_TOKEN); `npm start` runs the sandbox');
  process.exit(1);
}
await runUntilSignalled({ config, logger });
