import type { ApiContact, ApiLocation, MessageEntity, ReplyMarkup } from '../api/api-types.ts';

/** A file as tests and a UI see it: Telegram's fields plus the bytes the bot uploaded. */
export interface SandboxFile {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size: number;
  width?: number;
  height?: number;
  /** Absent when the bot sent a URL the sandbox could not fetch. */
  bytes?: Uint8Array;
  url?: string;
}

/** One state of a message; `history` keeps these for every edit. */
export interface SandboxMessageVersion {
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  reply_markup?: ReplyMarkup;
  /** Unix seconds this version appeared (send date, then each edit_date). */
  date: number;
}

/**
 * A message in a sandbox chat, with edits applied in place. Telegram field names where Telegram has the field;
 * camelCase for what only the sandbox knows. `photo` is the single stored size, not Telegram's array.
 */
export interface SandboxMessage {
  message_id: number;
  chat_id: number;
  fromBot: boolean;
  /** Unix seconds, as in the Bot API. */
  date: number;
  /** Epoch milliseconds, for ordering and benchmarks. */
  sentAt: number;
  edit_date?: number;
  text?: string;
  entities?: MessageEntity[];
  parseMode?: string;
  caption?: string;
  caption_entities?: MessageEntity[];
  /** What the bot sent: an inline keyboard, a reply keyboard, a removal or force_reply. */
  reply_markup?: ReplyMarkup;
  reply_to_message_id?: number;
  document?: SandboxFile;
  photo?: SandboxFile;
  contact?: ApiContact;
  location?: ApiLocation;
  /** Earlier versions, oldest first. */
  history: SandboxMessageVersion[];
  deleted: boolean;
}

/** Every inline button label on a message, row by row; none for a message without an inline keyboard. */
export function inlineButtonLabels(message: SandboxMessage | undefined): string[] {
  const markup = message?.reply_markup;
  if (!markup || !('inline_keyboard' in markup)) return [];
  return markup.inline_keyboard.flat().map((button) => button.text);
}

export interface SandboxAlert {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
  at: number;
}

export interface SandboxChatAction {
  action: string;
  at: number;
}

/** A copy the caller may keep or change; file bytes are shared, not copied. */
export function snapshotMessage(message: SandboxMessage): SandboxMessage {
  // Stored records carry internal change counters; a snapshot shows only the public shape.
  const {
    document,
    photo,
    createdSeq: _created,
    changedSeq: _changed,
    ...rest
  } = message as SandboxMessage & {
    createdSeq?: number;
    changedSeq?: number;
  };
  const copy: SandboxMessage = structuredClone(rest);
  if (document) copy.document = { ...document };
  if (photo) copy.photo = { ...photo };
  return copy;
}
