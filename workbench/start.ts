// `npm start`: the bot as in production when a token is configured; otherwise sandbox mode, with the local Bot API
// sandbox, simulated users and the web chat, so Nazr can be tried without Bale or Telegram.
import process from 'node:process';
import { configOrExit, runUntilSignalled } from '../src/lifecycle.ts';
import { createLogger } from '../src/logger.ts';
import { startSandboxMode } from './sandbox-mode.ts';

const config = configOrExit(process.env);
if (!config.sandbox) {
  await import('../src/main.ts');
} else {
  const logger = createLogger(config.logLevel);
  const sandbox = await startSandboxMode(config, logger);
  await runUntilSignalled({
    config: sandbox.config,
    logger,
    onStarted: (app) => sandbox.announce(app),
    onStopped: () => sandbox.stop(),
  });
}
