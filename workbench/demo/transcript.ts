import type { ApiMessage, ReplyMarkup, Sandbox, SandboxMessage } from 'bot-api-sandbox';
import type { Tr } from '../../src/i18n/index.ts';

const INDENT = '       ';
/** Bidi isolates the bot puts around names and numbers: a terminal shows them as boxes, not as direction. */
const ISOLATES = /[\u2066-\u2069]/g;

/**
 * Writes who said what, to whom, in one bot's chats as it happens: users' messages and presses from the updates they make,
 * the bot's messages, edits and notices from the Bot API calls it makes. Returns the unsubscribe function.
 */
export function startTranscript(
  sandbox: Sandbox,
  token: string,
  nameOf: (chatId: number) => string,
  t: Tr,
  writeLine: (line: string) => void,
): () => void {
  const write = (line: string) => writeLine(line.replace(ISOLATES, ''));
  const offs = [
    sandbox.on('update', ({ token: from, chatId, update }) => {
      if (from !== token) return;
      const name = nameOf(chatId);
      if (update.message) write(userLine(update.message, name, t));
      const query = update.callback_query;
      if (query) {
        const button = query.message.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data === query.data);
        write(t('webchat:demo.pressed', { name, button: button?.text ?? query.data }));
      }
    }),
    sandbox.on('message', ({ token: from, chatId, message }) => {
      if (from === token) write(botLines('webchat:demo.bot', nameOf(chatId), message, t));
    }),
    sandbox.on('edit', ({ token: from, chatId, message }) => {
      if (from === token) write(botLines('webchat:demo.edited', nameOf(chatId), message, t));
    }),
    sandbox.on('delete', ({ token: from }) => {
      if (from === token) write(t('webchat:demo.deleted'));
    }),
    sandbox.on('alert', ({ token: from, chatId, alert }) => {
      if (from === token && alert.text) write(t('webchat:demo.alert', { name: nameOf(chatId), text: alert.text }));
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

function userLine(message: ApiMessage, name: string, t: Tr): string {
  if (message.contact) return t('webchat:demo.contact', { name, phone: `+${message.contact.phone_number}` });
  if (message.location) return t('webchat:demo.location', { name });
  return t('webchat:demo.says', { name, text: message.text ?? '' });
}

function botLines(key: string, name: string, message: SandboxMessage, t: Tr): string {
  const parts = [
    message.document ? t('webchat:demo.document', { name: message.document.file_name ?? '' }) : undefined,
    message.photo ? t('webchat:demo.photo') : undefined,
    message.location ? `📍 ${t('webchat:chat.location', { ...message.location })}` : undefined,
    message.text ?? message.caption,
  ].filter((part): part is string => Boolean(part));
  const lines = [t(key, { name, text: parts.join('\n').replaceAll('\n', `\n${INDENT}`) })];
  const keyboard = keyboardLine(message.reply_markup, t);
  if (keyboard) lines.push(keyboard);
  return lines.join('\n');
}

function keyboardLine(markup: ReplyMarkup | undefined, t: Tr): string | undefined {
  if (!markup) return undefined;
  const rows = (list: { text: string }[][]) =>
    list
      .filter((row) => row.length > 0)
      .map((row) => row.map((b) => `[${b.text}]`).join(' '))
      .join(' / ');
  if ('inline_keyboard' in markup) return t('webchat:demo.buttons', { buttons: rows(markup.inline_keyboard) });
  if ('keyboard' in markup) return t('webchat:demo.keyboard', { buttons: rows(markup.keyboard) });
  return undefined;
}
