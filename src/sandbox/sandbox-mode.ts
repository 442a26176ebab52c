import process from 'node:process';
import { createInterface } from 'node:readline';
import type { App } from '../app.ts';
import type { Config, Platform } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { SandboxMessage } from './chat/sandbox-message.ts';
import type { Sandbox } from './sandbox.ts';
import { startSandbox } from './sandbox-server.ts';
import { createServiceSeeder } from './web-chat/volunteer-seeder.ts';
import { startWebChat, type WebChat } from './web-chat/web-chat.ts';

export const SANDBOX_TOKENS: Record<Platform, string> = {
  telegram: '100001:sandbox-telegram-token',
  bale: '100002:sandbox-bale-token',
};

/** The first simulated user: it is also the admin in sandbox mode, so every feature can be tried. */
export const SANDBOX_ADMIN_USER_ID = 1001;
/** Spare admin ids, so coordinators can be made on the web chat's page too. */
const SANDBOX_SPARE_ADMIN_IDS = [1901, 1902, 1903, 1904, 1905, 1906, 1907, 1908, 1909];

/** The admin ids of sandbox mode without ADMIN_IDS: on every bot, the demo coordinator and the spares. */
export function sandboxAdminIds(platforms: readonly Platform[]): string[] {
  return platforms.flatMap((platform) =>
    [SANDBOX_ADMIN_USER_ID, ...SANDBOX_SPARE_ADMIN_IDS].map((id) => `${platform}:${id}`),
  );
}

export interface SandboxMode {
  sandbox: Sandbox;
  /** The configuration with both platforms pointed at the sandbox. */
  config: Config;
  /** Prints how to talk to Nazr, once the web chat over the running app is up (it starts in the background). */
  announce(app: App): void;
  stop(): Promise<void>;
}

/** Starts the local Bot API server with a Telegram-like and a Bale-like bot, for running Nazr without tokens. */
export async function startSandboxMode(config: Config, logger: Logger): Promise<SandboxMode> {
  const sandbox = await startSandbox({ port: config.sandboxPort, host: '127.0.0.1' });
  for (const platform of ['telegram', 'bale'] as const) {
    sandbox.addBot({ token: SANDBOX_TOKENS[platform], profile: platform, username: `nazr_${platform}_sandbox_bot` });
  }
  const platforms = (['bale', 'telegram'] as const).map((platform) => ({
    platform,
    token: SANDBOX_TOKENS[platform],
    apiRoot: sandbox.apiRoot,
    messagesPerSecond: 30,
  }));
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
    config: { ...config, platforms, adminIds, mode: 'polling', webhook: undefined },
    announce(app) {
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
      await sandbox.close();
    },
  };
}

/**
 * A chat in the terminal as a simulated Bale user: type to send, `#N` presses button N of the last message,
 * `#contact` shares your number, `#quit` stops. Only when a person is at the terminal.
 */
function startConsoleChat(sandbox: Sandbox, webChatUrl: string | undefined): () => void {
  const out = process.stdout;
  out.write(
    [
      '',
      'Nazr is running in sandbox mode (no bot token configured).',
      ...(webChatUrl
        ? [
            `  Web chat: ${webChatUrl}  (open it in a browser to play volunteers and the coordinator, and to run a drill)`,
          ]
        : []),
      `  Bot API sandbox: ${sandbox.apiRoot}  (tokens ${SANDBOX_TOKENS.bale} for Bale, ${SANDBOX_TOKENS.telegram} for Telegram)`,
      '  Type a message to talk to the bot as a Bale user (you are the sandbox admin); try /start.',
      '  #N presses button N of the last message, #contact shares your number, #quit stops.',
      '',
    ].join('\n'),
  );
  if (!process.stdin.isTTY) return () => {};
  const token = SANDBOX_TOKENS.bale;
  const user = sandbox.user({ token, userId: SANDBOX_ADMIN_USER_ID, firstName: 'Sandbox', languageCode: 'fa' });
  let buttons: string[] = [];
  const show = (label: string, message: SandboxMessage) => {
    const keyboard = message.reply_markup;
    const rows =
      keyboard && 'inline_keyboard' in keyboard
        ? keyboard.inline_keyboard.map((row) => row.map((button) => button.text))
        : keyboard && 'keyboard' in keyboard
          ? keyboard.keyboard.map((row) => row.map((button) => (typeof button === 'string' ? button : button.text)))
          : [];
    buttons = rows.flat();
    let index = 0;
    const buttonLines = rows.map((row) => `   ${row.map((text) => `[${++index}] ${text}`).join('   ')}`);
    out.write(`\n${label} ${message.text ?? message.caption ?? ''}\n${buttonLines.join('\n')}\n> `);
  };
  const offMessage = sandbox.on('message', (event) => {
    if (event.token === token && event.chatId === user.chatId) show('bot:', event.message);
  });
  const offEdit = sandbox.on('edit', (event) => {
    if (event.token === token && event.chatId === user.chatId) show('bot (edited):', event.message);
  });
  const offAlert = sandbox.on('alert', (event) => {
    if (event.token === token && event.chatId === user.chatId && event.alert.text)
      out.write(`\n(!) ${event.alert.text}\n> `);
  });
  const input = createInterface({ input: process.stdin, output: out, prompt: '> ' });
  input.prompt();
  input.on('line', (line) => {
    const text = line.trim();
    try {
      if (text === '#quit') process.kill(process.pid, 'SIGINT');
      else if (text === '#contact') user.shareContact(true);
      else if (/^#\d+$/.test(text)) {
        const label = buttons[Number(text.slice(1)) - 1];
        if (!label) out.write('no such button\n');
        else if (
          user
            .replyKeyboard()
            ?.keyboard.flat()
            .some((b) => (typeof b === 'string' ? b : b.text) === label)
        ) {
          user.tapKeyboard(label);
        } else user.press(label);
      } else if (text) user.sendText(text);
    } catch (error) {
      out.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
    input.prompt();
  });
  return () => {
    offMessage();
    offEdit();
    offAlert();
    input.close();
  };
}
