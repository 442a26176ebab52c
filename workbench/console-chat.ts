import process from 'node:process';
import { createInterface } from 'node:readline';
import type { Sandbox, SandboxMessage } from 'bot-api-sandbox';
import { SANDBOX_ADMIN_USER_ID, SANDBOX_TOKENS } from './sandbox-bots.ts';

/**
 * A chat in the terminal as a simulated Bale user: type to send, `#N` presses button N of the last message,
 * `#contact` shares your number, `#quit` stops. Only when a person is at the terminal.
 */
export function startConsoleChat(sandbox: Sandbox, webChatUrl: string | undefined): () => void {
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
    // A map pin has no text: its coordinates stand in for it.
    const pin = message.location ? `📍 ${message.location.latitude}, ${message.location.longitude}` : '';
    out.write(`\n${label} ${message.text ?? message.caption ?? pin}\n${buttonLines.join('\n')}\n> `);
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
