import { type Sandbox, type SmsGatewayEmulator, startSandbox, startSmsEmulator } from 'bot-api-sandbox';
import { smsCallbackSecret } from '../src/app/health.ts';
import type { App } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { PLATFORMS } from '../src/domain/platform.ts';
import type { Logger } from '../src/logger.ts';
import { smsCallbackPath } from '../src/server/sms-callbacks.ts';
import { startConsoleChat } from './console-chat.ts';
import { SANDBOX_TOKENS, sandboxAdminIds } from './sandbox-bots.ts';
import { createServiceSeeder } from './web-chat/volunteer-seeder.ts';
import { startWebChat, type WebChat } from './web-chat/web-chat.ts';

export interface SandboxMode {
  sandbox: Sandbox;
  /** The SMS gateway emulator the bot texts through (sms.ir's HTTP shapes): each simulated person's phone. */
  sms: SmsGatewayEmulator;
  /** The configuration with both platforms pointed at the sandbox. */
  config: Config;
  /** Prints how to talk to Nazr, once the web chat over the running app is up (it starts in the background). */
  announce(app: App): void;
  stop(): Promise<void>;
}

const SANDBOX_SMS = { provider: 'smsir' as const, apiKey: 'sandbox-sms-key', sender: '3000505' };

/** Starts the local Bot API server with a Telegram-like and a Bale-like bot, for running Nazr without tokens. */
export async function startSandboxMode(config: Config, logger: Logger): Promise<SandboxMode> {
  const sandbox = await startSandbox({ port: config.sandboxPort, host: '127.0.0.1' });
  for (const platform of PLATFORMS) {
    sandbox.addBot({ token: SANDBOX_TOKENS[platform], profile: platform, username: `nazr_${platform}_sandbox_bot` });
  }
  const platforms = (['bale', 'telegram'] as const).map((platform) => ({
    platform,
    token: SANDBOX_TOKENS[platform],
    apiRoot: sandbox.apiRoot,
    messagesPerSecond: 30,
  }));
  // SMS through the emulator, so failover to SMS and replies by number run here without a real gateway.
  const sms = await startSmsEmulator({ apiKey: SANDBOX_SMS.apiKey });
  const smsConfig = { ...SANDBOX_SMS, apiRoot: sms.apiRoot };
  const adminIds = config.adminIds.length > 0 ? config.adminIds : sandboxAdminIds(platforms.map((p) => p.platform));
  let closeConsole = () => {};
  let webChat: WebChat | undefined;
  let starting: Promise<void> | undefined;
  const startWebChatOver = async (app: App) => {
    const options = {
      sandbox,
      bots: platforms.map(({ platform, token }) => ({ platform, token })),
      coordinators: adminIds,
      // Through the app's own volunteer service, so call-ups find the simulated volunteers at once.
      seed: createServiceSeeder(app.volunteers),
      sms,
    };
    // Next to the Bot API sandbox by default; a taken port should not stop Nazr, so any free one will do.
    const port = config.sandboxPort === 0 ? 0 : config.sandboxPort + 1;
    webChat = await startWebChat({ ...options, port }).catch(() => startWebChat({ ...options, port: 0 }));
    const cast = await webChat.seedDemo();
    if (cast.warning) logger.warn({ reason: cast.warning }, 'the demo volunteers are chats only, not registered');
    logger.info({ url: webChat.url, ...cast }, 'web chat');
    closeConsole = startConsoleChat(sandbox, webChat.url);
  };
  return {
    sandbox,
    sms,
    config: { ...config, platforms, adminIds, mode: 'polling', webhook: undefined, sms: smsConfig },
    announce(app) {
      const secret = smsCallbackSecret({ webhook: undefined, sms: smsConfig });
      const bot = `http://127.0.0.1:${app.port}`;
      sms.connect({
        provider: SANDBOX_SMS.provider,
        inboundUrl: `${bot}${smsCallbackPath(secret, 'inbound')}`,
        deliveryUrl: `${bot}${smsCallbackPath(secret, 'delivery')}`,
      });
      logger.info({ apiRoot: sandbox.apiRoot, healthz: `http://127.0.0.1:${app.port}/healthz` }, 'sandbox mode');
      // In the background, so a stop signal during the demo seeding still finds main's handlers in place.
      starting = startWebChatOver(app).catch((error: unknown) => {
        logger.error({ err: error }, 'the web chat could not start; the terminal chat and the Bot API still work');
        closeConsole = startConsoleChat(sandbox, undefined);
      });
    },
    async stop() {
      await starting;
      closeConsole();
      await webChat?.close();
      await Promise.all([sandbox.close(), sms.close()]);
    },
  };
}
