import type {
  ApiContact,
  ApiUpdate,
  ApiUser,
  InlineKeyboardButton,
  KeyboardButton,
  MessageEntity,
  ReplyKeyboardMarkup,
} from './api/api-types.ts';
import { isInlineMarkup } from './api/reply-markup.ts';
import type { BotState } from './bot-state.ts';
import { toApiMessage } from './chat/api-message.ts';
import type { ChatState, MessageRecord, NewMessage } from './chat/chat-state.ts';
import { waitForAlert, waitForCreated, waitForMessage } from './chat/chat-waiters.ts';
import {
  type SandboxAlert,
  type SandboxChatAction,
  type SandboxMessage,
  snapshotMessage,
} from './chat/sandbox-message.ts';
import { sandboxFile } from './methods/send-file.methods.ts';

export type ButtonMatcher<B> = string | ((button: B) => boolean);

const DEFAULT_WAIT_MS = 5000;
/** Where "share location" from a reply keyboard puts the user: central Tehran. */
const DEFAULT_LOCATION = { latitude: 35.6892, longitude: 51.389 };

/**
 * A person chatting with one bot in a private chat (chat id = user id). Actions produce Telegram-shaped updates;
 * readers show what the bot sent, with edits applied in place. Waiters look at what the bot did after the user's
 * last action, so a test never matches a stale reply.
 */
export class SimulatedUser {
  readonly #bot: BotState;
  readonly #chat: ChatState;
  #actionSeq = 0;
  #newCursor = 0;
  #alertMark = 0;
  #interactions = 0;

  constructor(bot: BotState, chat: ChatState) {
    this.#bot = bot;
    this.#chat = chat;
  }

  get id(): number {
    return this.#chat.id;
  }

  /** How many times this user has typed, tapped or shared something: what a flow costs a person. */
  get interactions(): number {
    return this.#interactions;
  }

  get chatId(): number {
    return this.#chat.id;
  }

  get token(): string {
    return this.#bot.token;
  }

  get user(): ApiUser {
    return { ...this.#chat.user };
  }

  get phone(): string {
    return this.#chat.phone;
  }

  get blocked(): boolean {
    return this.#chat.blocked;
  }

  /** A text message; commands in it get bot_command entities, as Telegram adds them. */
  sendText(text: string, options: { replyTo?: number } = {}): ApiUpdate {
    if (typeof text !== 'string' || text.trim() === '') throw new TypeError('sendText needs a non-empty text');
    const entities = commandEntities(text);
    return this.#sendMessage({ fromBot: false, text, ...(entities.length && { entities }) }, options.replyTo);
  }

  /** `/start` or `/start payload` (a deep link), with the bot_command entity. */
  sendCommand(command: string, payload?: string): ApiUpdate {
    const name = command.startsWith('/') ? command : `/${command}`;
    if (!/^\/[A-Za-z0-9_]{1,32}(@\w+)?$/.test(name)) throw new TypeError(`not a bot command: ${command}`);
    const text = payload ? `${name} ${payload}` : name;
    return this.#sendMessage({
      fromBot: false,
      text,
      entities: [{ type: 'bot_command', offset: 0, length: name.length }],
    });
  }

  /** Shares the user's own contact (user_id = own id), or someone else's when `own` is false. */
  shareContact(own = true, overrides: Partial<ApiContact> = {}): ApiUpdate {
    const { user } = this.#chat;
    const contact: ApiContact = own
      ? { phone_number: this.#chat.phone, first_name: user.first_name, user_id: user.id }
      : {
          phone_number: `98935${String(user.id).slice(-7).padStart(7, '0')}`,
          first_name: 'Friend',
          user_id: user.id + 1_000_000_000,
        };
    if (own && user.last_name) contact.last_name = user.last_name;
    return this.#sendMessage({ fromBot: false, contact: { ...contact, ...overrides } });
  }

  shareLocation(latitude: number, longitude: number): ApiUpdate {
    if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180))
      throw new RangeError('latitude/longitude out of range');
    return this.#sendMessage({ fromBot: false, location: { latitude, longitude } });
  }

  /** Sends a file (a spreadsheet, say); the bot can fetch it with getFile and the file URL, as on Telegram. */
  sendDocument(fileName: string, bytes: Uint8Array, mimeType?: string): ApiUpdate {
    if (bytes.length === 0) throw new TypeError('sendDocument needs a non-empty file');
    const stored = this.#bot.files.add({
      kind: 'document',
      fileName,
      mimeType,
      size: bytes.length,
      bytes,
      url: undefined,
      width: undefined,
      height: undefined,
    });
    return this.#sendMessage({ fromBot: false, document: sandboxFile(stored) });
  }

  /**
   * Presses an inline button (by text or predicate) on the latest bot message that has one, or on `messageId`,
   * sending a callback_query with the button's data and the message as it is now.
   */
  press(button: ButtonMatcher<InlineKeyboardButton>, messageId?: number): ApiUpdate {
    const matches = typeof button === 'string' ? (b: InlineKeyboardButton) => b.text === button : button;
    const candidates = this.#chat
      .records()
      .filter((r) => r.fromBot && !r.deleted && (messageId === undefined || r.message_id === messageId))
      .reverse();
    for (const record of candidates) {
      if (!isInlineMarkup(record.reply_markup)) continue;
      const found = record.reply_markup.inline_keyboard.flat().find(matches);
      if (!found) continue;
      if (found.callback_data === undefined) throw new Error(`button "${found.text}" sends no callback data`);
      return this.#callback(record, found.callback_data);
    }
    throw new Error(
      `no inline button ${describe(button)} on ${messageId ? `message ${messageId}` : 'any bot message'}`,
    );
  }

  /** Sends arbitrary (possibly forged or stale) callback data for a bot message. */
  pressData(data: string, messageId: number): ApiUpdate {
    const record = this.#chat.get(messageId);
    if (!record?.fromBot || record.deleted) throw new Error(`no bot message ${messageId} in chat ${this.id}`);
    return this.#callback(record, data);
  }

  /** Taps a reply-keyboard button: request_contact shares the own contact, request_location a location. */
  tapKeyboard(button: ButtonMatcher<KeyboardButton>): ApiUpdate {
    const keyboard = this.#chat.replyKeyboard;
    const matches = typeof button === 'string' ? (b: KeyboardButton) => b.text === button : button;
    const found = keyboard?.keyboard.flat().find(matches);
    if (!keyboard || !found) throw new Error(`no reply keyboard button ${describe(button)}`);
    if (keyboard.one_time_keyboard) this.#chat.replyKeyboard = undefined;
    if (found.request_contact) return this.shareContact(true);
    if (found.request_location) return this.shareLocation(DEFAULT_LOCATION.latitude, DEFAULT_LOCATION.longitude);
    return this.sendText(found.text);
  }

  /** From now on the bot gets 403 when it writes here; Telegram also tells the bot with my_chat_member. */
  block(): void {
    if (this.#chat.blocked) return;
    this.#chat.blocked = true;
    this.#memberUpdate('member', 'kicked');
  }

  unblock(): void {
    if (!this.#chat.blocked) return;
    this.#chat.blocked = false;
    this.#memberUpdate('kicked', 'member');
  }

  /** What the bot sent to this chat, oldest first, edits applied, deleted ones flagged. */
  messages(): SandboxMessage[] {
    return this.#chat
      .records()
      .filter((r) => r.fromBot)
      .map(snapshotMessage);
  }

  /** Both sides of the conversation. */
  history(): SandboxMessage[] {
    return this.#chat.records().map(snapshotMessage);
  }

  lastMessage(): SandboxMessage | undefined {
    const last = this.#chat.records().findLast((r) => r.fromBot && !r.deleted);
    return last && snapshotMessage(last);
  }

  /** Answers to this user's callback queries (answerCallbackQuery), oldest first. */
  alerts(): SandboxAlert[] {
    return this.#chat.alerts.map((alert) => ({ ...alert }));
  }

  actions(): SandboxChatAction[] {
    return this.#chat.actions.map((action) => ({ ...action }));
  }

  /** The reply keyboard the user's client currently shows. */
  replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return this.#chat.replyKeyboard && structuredClone(this.#chat.replyKeyboard);
  }

  /** The first bot message sent or edited since the user's last action that matches. */
  waitFor(predicate: (message: SandboxMessage) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<SandboxMessage> {
    return waitForMessage(this.#chat, this.#actionSeq, predicate, timeoutMs);
  }

  /** The next `count` messages the bot sends after the last action (or after what earlier calls returned). */
  async waitForNew(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<SandboxMessage[]> {
    const created = await waitForCreated(this.#chat, this.#newCursor, count, timeoutMs);
    this.#newCursor = Math.max(this.#newCursor, created.at(-1)?.createdSeq ?? this.#newCursor);
    return created.map(snapshotMessage);
  }

  /** The next answer to one of this user's callback queries since the last action. */
  async waitForAlert(timeoutMs = DEFAULT_WAIT_MS): Promise<SandboxAlert> {
    const alert = await waitForAlert(this.#chat, this.#alertMark, timeoutMs);
    this.#alertMark += 1;
    return alert;
  }

  #beforeAction(): void {
    this.#interactions += 1;
    // Writing to a bot you blocked first unblocks it, as the Telegram client's "Restart" does.
    this.unblock();
    this.#chat.started = true;
    this.#actionSeq = this.#chat.seq;
    this.#newCursor = this.#chat.seq;
    this.#alertMark = this.#chat.alerts.length;
  }

  #sendMessage(message: NewMessage, replyTo?: number): ApiUpdate {
    if (replyTo !== undefined && !this.#chat.get(replyTo)) throw new Error(`no message ${replyTo} to reply to`);
    this.#beforeAction();
    const record = this.#chat.add(replyTo === undefined ? message : { ...message, reply_to_message_id: replyTo });
    const apiMessage = toApiMessage(record, this.#chat, this.#bot.user);
    return this.#bot.enqueue({ message: apiMessage }, this.id);
  }

  #callback(record: MessageRecord, data: string): ApiUpdate {
    this.#beforeAction();
    const id = this.#bot.newCallbackQueryId(this.id, record.message_id);
    return this.#bot.enqueue(
      {
        callback_query: {
          id,
          from: this.user,
          message: toApiMessage(record, this.#chat, this.#bot.user),
          chat_instance: this.#chat.chatInstance,
          data,
        },
      },
      this.id,
    );
  }

  #memberUpdate(from: 'member' | 'kicked', to: 'member' | 'kicked'): void {
    if (!this.#bot.profile.chatMemberUpdates || !this.#chat.started) return;
    const bot = this.#bot.user;
    this.#bot.enqueue(
      {
        my_chat_member: {
          chat: this.#chat.chat,
          from: this.user,
          date: Math.floor(Date.now() / 1000),
          old_chat_member: { user: bot, status: from, ...(from === 'kicked' && { until_date: 0 }) },
          new_chat_member: { user: bot, status: to, ...(to === 'kicked' && { until_date: 0 }) },
        },
      },
      this.id,
    );
  }
}

/** bot_command entities for every /command in a text, as Telegram marks them in incoming messages. */
function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s)/g)) {
    const command = match[2] ?? '';
    entities.push({
      type: 'bot_command',
      offset: (match.index ?? 0) + (match[1]?.length ?? 0),
      length: command.length,
    });
  }
  return entities;
}

function describe(button: unknown): string {
  return typeof button === 'string' ? `"${button}"` : 'matching the predicate';
}
