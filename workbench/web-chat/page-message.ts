import type {
  ApiContact,
  ApiLocation,
  ApiMessage,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyMarkup,
  SandboxFile,
  SandboxMessage,
} from 'bot-api-sandbox';

/** A file as the page links it: bytes are served by the web chat, never inlined. */
export interface PageFile {
  url: string;
  name?: string;
  mimeType?: string;
  size: number;
  width?: number;
  height?: number;
  /** The bot sent a URL the sandbox could not fetch; the link goes there. */
  external: boolean;
}

/** What a button does when pressed; the page sends its position, the server finds the real button. */
export interface PageInlineButton {
  text: string;
  kind: 'callback' | 'url' | 'other';
  url?: string;
}

export interface PageKeyboardButton {
  text: string;
  kind: 'text' | 'contact' | 'location';
}

/** The reply keyboard the user's client shows under the input field. */
export interface PageReplyKeyboard {
  rows: PageKeyboardButton[][];
  placeholder?: string;
}

/** One message as the page draws it: the Bot API fields, nothing feature-specific. */
export interface PageMessage {
  id: number;
  fromBot: boolean;
  /** Unix seconds. */
  date: number;
  edited: boolean;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  captionEntities?: MessageEntity[];
  inlineKeyboard?: PageInlineButton[][];
  /** The bot asked for a reply (force_reply): the input shows this hint. */
  forceReply?: { placeholder?: string };
  replyTo?: number;
  document?: PageFile;
  photo?: PageFile;
  contact?: ApiContact;
  location?: ApiLocation;
}

/** The page's view of a stored message; `fileUrl` turns a file id into a link to the web chat. */
export function toPageMessage(message: SandboxMessage, fileUrl: (fileId: string) => string): PageMessage {
  const page: PageMessage = { id: message.message_id, fromBot: message.fromBot, date: message.date, edited: false };
  page.edited = message.history.length > 0 || message.edit_date !== undefined;
  if (message.text !== undefined) page.text = message.text;
  if (message.entities?.length) page.entities = message.entities.map((e) => ({ ...e }));
  if (message.caption !== undefined) page.caption = message.caption;
  if (message.caption_entities?.length) page.captionEntities = message.caption_entities.map((e) => ({ ...e }));
  Object.assign(page, markupFields(message.reply_markup));
  if (message.reply_to_message_id !== undefined) page.replyTo = message.reply_to_message_id;
  if (message.document) page.document = pageFile(message.document, fileUrl);
  if (message.photo) page.photo = pageFile(message.photo, fileUrl);
  if (message.contact) page.contact = { ...message.contact };
  if (message.location) page.location = { ...message.location };
  return page;
}

/** A user's own message, from the update the sandbox produced for it. */
export function userPageMessage(message: ApiMessage): PageMessage {
  const page: PageMessage = { id: message.message_id, fromBot: false, date: message.date, edited: false };
  if (message.text !== undefined) page.text = message.text;
  if (message.entities?.length) page.entities = message.entities.map((e) => ({ ...e }));
  if (message.reply_to_message) page.replyTo = message.reply_to_message.message_id;
  if (message.contact) page.contact = { ...message.contact };
  if (message.location) page.location = { ...message.location };
  return page;
}

let keyboardReads = 0;

/**
 * The user's reply keyboard as the page shows it, numbered in the order it was read: a reply to the page's own request
 * can arrive after an event read later (the bot answered in between), and the page keeps the newest.
 */
export function pageKeyboardState(markup: ReplyKeyboardMarkup | undefined) {
  keyboardReads += 1;
  return { keyboard: toPageKeyboard(markup) ?? null, keyboardRead: keyboardReads };
}

function toPageKeyboard(markup: ReplyKeyboardMarkup | undefined): PageReplyKeyboard | undefined {
  if (!markup) return undefined;
  const rows = markup.keyboard.map((row) =>
    row.map((button): PageKeyboardButton => {
      const kind = button.request_contact ? 'contact' : button.request_location ? 'location' : 'text';
      return { text: button.text, kind };
    }),
  );
  return markup.input_field_placeholder ? { rows, placeholder: markup.input_field_placeholder } : { rows };
}

function markupFields(markup: ReplyMarkup | undefined): Partial<PageMessage> {
  if (!markup) return {};
  if ('inline_keyboard' in markup) {
    return {
      // Rows stay as the bot sent them, empty ones too, so a press names a button by the bot's own row and column.
      inlineKeyboard: markup.inline_keyboard.map((row) =>
        row.map((button): PageInlineButton => {
          if (button.callback_data !== undefined) return { text: button.text, kind: 'callback' };
          if (typeof button.url === 'string' && /^(https?|tg):/i.test(button.url))
            return { text: button.text, kind: 'url', url: button.url };
          return { text: button.text, kind: 'other' };
        }),
      ),
    };
  }
  if ('force_reply' in markup) {
    return {
      forceReply: markup.input_field_placeholder ? { placeholder: markup.input_field_placeholder } : {},
    };
  }
  return {};
}

function pageFile(file: SandboxFile, fileUrl: (fileId: string) => string): PageFile {
  const external = file.bytes === undefined && typeof file.url === 'string' && /^https?:/i.test(file.url);
  const page: PageFile = {
    url: external ? (file.url as string) : fileUrl(file.file_id),
    size: file.file_size,
    external,
  };
  if (file.file_name !== undefined) page.name = file.file_name;
  if (file.mime_type !== undefined) page.mimeType = file.mime_type;
  if (file.width !== undefined) page.width = file.width;
  if (file.height !== undefined) page.height = file.height;
  return page;
}
