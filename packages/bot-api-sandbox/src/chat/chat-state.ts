import { randomBytes } from 'node:crypto';
import type { ApiChat, ApiUser, ReplyKeyboardMarkup } from '../api/api-types.ts';
import type { SandboxAlert, SandboxChatAction, SandboxMessage, SandboxMessageVersion } from './sandbox-message.ts';

/** A stored message plus change counters, so waiters can tell what happened after a given moment. */
export interface MessageRecord extends SandboxMessage {
  createdSeq: number;
  changedSeq: number;
}

export type NewMessage = Omit<
  SandboxMessage,
  'message_id' | 'chat_id' | 'date' | 'sentAt' | 'history' | 'deleted' | 'edit_date'
>;

export type MessageChanges = Omit<SandboxMessageVersion, 'date'>;

const VERSION_FIELDS = ['text', 'entities', 'caption', 'caption_entities', 'reply_markup'] as const;

/** A group the bot is in, seen through one simulated member. */
export interface GroupChat {
  /** Negative, as Telegram's group ids are. */
  id: number;
  title: string;
  type?: 'group' | 'supergroup';
}

/**
 * One chat between a simulated user and a bot: their private chat, or a group seen through that one member. Message
 * ids are shared by both sides, as on Telegram.
 */
export class ChatState {
  readonly id: number;
  readonly chatInstance = BigInt(`0x${randomBytes(7).toString('hex')}`).toString();
  user: ApiUser;
  phone: string;
  /** The user has written to the bot at least once; before that the bot cannot start the conversation. */
  started = false;
  blocked = false;
  /** The reply keyboard the user's client currently shows. */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  readonly alerts: SandboxAlert[] = [];
  readonly actions: SandboxChatAction[] = [];
  readonly #records: MessageRecord[] = [];
  readonly #byId = new Map<number, MessageRecord>();
  readonly #listeners = new Set<() => void>();
  #nextMessageId = 1;
  #seq = 0;

  readonly group: GroupChat | undefined;

  constructor(user: ApiUser, phone: string, group?: GroupChat) {
    this.id = group?.id ?? user.id;
    this.user = user;
    this.phone = phone;
    this.group = group;
  }

  get chat(): ApiChat {
    if (this.group) return { id: this.group.id, type: this.group.type ?? 'supergroup', title: this.group.title };
    const { first_name, last_name, username } = this.user;
    return { id: this.id, type: 'private', first_name, ...(last_name && { last_name }), ...(username && { username }) };
  }

  /** Increases with every bot send, edit and delete in this chat. */
  get seq(): number {
    return this.#seq;
  }

  get(messageId: number): MessageRecord | undefined {
    return this.#byId.get(messageId);
  }

  records(): readonly MessageRecord[] {
    return this.#records;
  }

  add(message: NewMessage): MessageRecord {
    const now = Date.now();
    if (message.fromBot) this.#seq += 1;
    const record: MessageRecord = {
      message_id: this.#nextMessageId++,
      chat_id: this.id,
      date: Math.floor(now / 1000),
      sentAt: now,
      ...message,
      history: [],
      deleted: false,
      createdSeq: this.#seq,
      changedSeq: this.#seq,
    };
    this.#records.push(record);
    this.#byId.set(record.message_id, record);
    if (message.fromBot) this.#notify();
    return record;
  }

  /** Applies an edit in place and keeps the previous version in `history`. */
  edit(record: MessageRecord, changes: MessageChanges): void {
    const previous: SandboxMessageVersion = { date: record.edit_date ?? record.date };
    for (const field of VERSION_FIELDS) {
      if (record[field] !== undefined) Object.assign(previous, { [field]: record[field] });
    }
    record.history.push(previous);
    for (const field of VERSION_FIELDS) {
      if (field in changes) Object.assign(record, { [field]: changes[field] });
      if (record[field] === undefined) delete record[field];
    }
    record.edit_date = Math.floor(Date.now() / 1000);
    this.#seq += 1;
    record.changedSeq = this.#seq;
    this.#notify();
  }

  delete(record: MessageRecord): void {
    record.deleted = true;
    this.#seq += 1;
    record.changedSeq = this.#seq;
    this.#notify();
  }

  addAlert(alert: SandboxAlert): void {
    this.alerts.push(alert);
    this.#notify();
  }

  /** Calls the listener after every bot-side change (send, edit, delete, callback answer); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
