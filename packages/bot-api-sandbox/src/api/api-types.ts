/** The subset of Bot API object shapes the sandbox produces and accepts, named as in the Bot API docs. */

export interface ApiUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type ApiChat =
  | { id: number; type: 'private'; first_name: string; last_name?: string; username?: string }
  | { id: number; type: 'group' | 'supergroup'; title: string };

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [field: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface KeyboardButton {
  text: string;
  request_contact?: boolean;
  request_location?: boolean;
  [field: string]: unknown;
}

export interface ReplyKeyboardMarkup {
  keyboard: KeyboardButton[][];
  resize_keyboard?: boolean;
  one_time_keyboard?: boolean;
  is_persistent?: boolean;
  input_field_placeholder?: string;
  selective?: boolean;
}

export interface ReplyKeyboardRemove {
  remove_keyboard: true;
  selective?: boolean;
}

export interface ForceReply {
  force_reply: true;
  input_field_placeholder?: string;
  selective?: boolean;
}

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface ApiDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface ApiPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface ApiContact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
}

export interface ApiLocation {
  latitude: number;
  longitude: number;
}

export interface ApiMessage {
  message_id: number;
  from: ApiUser;
  chat: ApiChat;
  date: number;
  edit_date?: number;
  reply_to_message?: ApiMessage;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  document?: ApiDocument;
  photo?: ApiPhotoSize[];
  contact?: ApiContact;
  location?: ApiLocation;
  reply_markup?: InlineKeyboardMarkup;
}

export interface ApiCallbackQuery {
  id: string;
  from: ApiUser;
  message: ApiMessage;
  chat_instance: string;
  data: string;
}

export interface ApiChatMember {
  user: ApiUser;
  status: 'member' | 'kicked';
  until_date?: number;
}

export interface ApiChatMemberUpdated {
  chat: ApiChat;
  from: ApiUser;
  date: number;
  old_chat_member: ApiChatMember;
  new_chat_member: ApiChatMember;
}

export interface ApiUpdate {
  update_id: number;
  message?: ApiMessage;
  callback_query?: ApiCallbackQuery;
  my_chat_member?: ApiChatMemberUpdated;
}

export interface BotCommand {
  command: string;
  description: string;
}

/** The update kinds the sandbox can produce, as named in `allowed_updates`. */
export type UpdateKind = 'message' | 'callback_query' | 'my_chat_member';

export function updateKind(update: ApiUpdate): UpdateKind {
  if (update.callback_query) return 'callback_query';
  if (update.my_chat_member) return 'my_chat_member';
  return 'message';
}

/** The private chat an update belongs to, used to keep webhook deliveries ordered per chat. */
export function updateChatId(update: ApiUpdate): number | undefined {
  return (
    update.message?.chat.id ?? update.callback_query?.message.chat.id ?? update.my_chat_member?.chat.id ?? undefined
  );
}
