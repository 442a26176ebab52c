import type { Server } from 'node:http';
import type { ApiUser } from './api/api-types.ts';
import { BotState, type SandboxShared } from './bot-state.ts';
import { ChatState, type GroupChat } from './chat/chat-state.ts';
import { type SandboxFile, type SandboxMessage, snapshotMessage } from './chat/sandbox-message.ts';
import type { FaultSpec, HeldCall, HoldSpec, StormOptions } from './fault-injector.ts';
import { callMethod } from './methods/call-method.ts';
import { findMethod } from './methods/method-table.ts';
import { sandboxFile } from './methods/send-file.methods.ts';
import { isPlatformName, PLATFORM_PROFILES, type PlatformName } from './platform-profiles.ts';
import type { SandboxEventName, SandboxListener } from './sandbox-events.ts';
import { resolveLimits, type SandboxLimits } from './sandbox-options.ts';
import { copyStats, mergeStats, type SandboxStats } from './sandbox-stats.ts';
import { SimulatedUser } from './simulated-user.ts';

export interface AddBotOptions {
  token: string;
  profile: PlatformName;
  username?: string;
  /** Defaults to the number before ':' in the token, as on Telegram. */
  id?: number;
  firstName?: string;
  /** Overrides the sandbox limits for this bot only (e.g. a slower Bale). */
  limits?: Partial<SandboxLimits>;
}

export interface SandboxBotInfo {
  token: string;
  profile: PlatformName;
  id: number;
  username: string;
  firstName: string;
}

export interface SimulatedUserOptions {
  token: string;
  /** Also the private chat id; generated when omitted. Asking again for the same id returns the same user. */
  userId?: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  /** Shared by shareContact(); defaults to a made-up Iranian mobile number without '+', as Telegram sends it. */
  phone?: string;
  /** The user opened the bot before (a seeded volunteer): the bot may write first without a /start in the chat. */
  started?: boolean;
  /** The user writes in this group the bot is in, instead of their private chat (one simulated member per group). */
  group?: GroupChat;
}

export interface ChatSummary {
  chatId: number;
  user: ApiUser;
  phone: string;
  started: boolean;
  blocked: boolean;
  messageCount: number;
  lastMessage: SandboxMessage | undefined;
}

export interface SandboxParts {
  server: Server;
  bots: Map<string, BotState>;
  shared: SandboxShared;
  apiRoot: string;
  port: number;
}

/** The running sandbox: bots by token, simulated users, fault injection, events and stats. */
export class Sandbox {
  /** `http://127.0.0.1:PORT`, no trailing slash: grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly port: number;
  readonly #server: Server;
  readonly #bots: Map<string, BotState>;
  readonly #shared: SandboxShared;
  readonly #users = new Map<string, SimulatedUser>();
  #nextUserId = 100_000_001;
  #nextBotId = 7_000_000_001;
  #closing: Promise<void> | undefined;

  constructor(parts: SandboxParts) {
    this.apiRoot = parts.apiRoot;
    this.port = parts.port;
    this.#server = parts.server;
    this.#bots = parts.bots;
    this.#shared = parts.shared;
  }

  addBot(options: AddBotOptions): SandboxBotInfo {
    const { token } = options;
    if (typeof token !== 'string' || !/^[^\s/]+$/.test(token))
      throw new TypeError('bot token must be non-empty without spaces or "/"');
    if (this.#bots.has(token)) throw new Error('a bot with this token already exists in the sandbox');
    if (!isPlatformName(options.profile)) throw new TypeError(`unknown profile "${String(options.profile)}"`);
    const prefix = /^(\d{1,15}):/.exec(token)?.[1];
    const id = options.id ?? (prefix ? Number(prefix) : this.#nextBotId++);
    const username = options.username ?? `${options.profile}_sandbox_${id}_bot`;
    const firstName = options.firstName ?? (options.profile === 'bale' ? 'Bale Sandbox Bot' : 'Telegram Sandbox Bot');
    const identity = {
      token,
      profile: PLATFORM_PROFILES[options.profile],
      user: { id, is_bot: true, first_name: firstName, username },
      limits: resolveLimits(this.#shared.options.limits, options.limits),
    };
    const bot: BotState = new BotState(identity, this.#shared, (body) => runWebhookReply(bot, body));
    this.#bots.set(token, bot);
    return { token, profile: options.profile, id, username, firstName };
  }

  /** A simulated user of one bot; the same token and userId always give the same user. */
  user(options: SimulatedUserOptions): SimulatedUser {
    const bot = this.#bot(options.token);
    if (typeof options.firstName !== 'string' || options.firstName.trim() === '') {
      throw new TypeError('a simulated user needs a firstName');
    }
    const userId = options.userId ?? this.#nextUserId++;
    if (!Number.isSafeInteger(userId) || userId <= 0) throw new TypeError('userId must be a positive integer');
    const key = `${options.token}\n${userId}\n${options.group?.id ?? ''}`;
    const existing = this.#users.get(key);
    if (existing) return existing;
    const user: ApiUser = {
      id: userId,
      is_bot: false,
      first_name: options.firstName,
      ...(options.lastName && { last_name: options.lastName }),
      ...(options.username && { username: options.username }),
      ...(options.languageCode && { language_code: options.languageCode }),
    };
    const phone = options.phone ?? `98912${String(userId).slice(-7).padStart(7, '0')}`;
    const chat = new ChatState(user, phone, options.group);
    // The bot may always write in a group it is in.
    chat.started = options.started === true || options.group !== undefined;
    bot.chats.set(chat.id, chat);
    const simulated = new SimulatedUser(bot, chat);
    this.#users.set(key, simulated);
    return simulated;
  }

  /** Makes the next `count` calls of `method` fail with the given status (and retry_after for 429). */
  failNext(spec: FaultSpec): void {
    this.#shared.faults.failNext(spec);
  }

  /** Holds the next matching call until the test releases it (a slow request, for ordering tests). */
  holdNext(spec: HoldSpec): HeldCall {
    return this.#shared.faults.holdNext(spec);
  }

  /** Every sending method answers 429 until stopStorm(). */
  startStorm(options?: StormOptions): void {
    this.#shared.faults.startStorm(options);
  }

  stopStorm(): void {
    this.#shared.faults.stopStorm();
  }

  /** Takes a whole platform down (every call of its bots fails with 502, polling included) or brings it up again. */
  fault(profile: PlatformName, state: 'down' | 'up'): void {
    if (!isPlatformName(profile)) throw new TypeError(`unknown profile "${String(profile)}"`);
    this.#shared.faults.setDown(profile, state === 'down');
  }

  /** Subscribes to sandbox events; returns the unsubscribe function. */
  on<E extends SandboxEventName>(event: E, listener: SandboxListener<E>): () => void {
    return this.#shared.events.on(event, listener);
  }

  off<E extends SandboxEventName>(event: E, listener: SandboxListener<E>): void {
    this.#shared.events.off(event, listener);
  }

  /** The bot's private chats with simulated users, most recently active first. */
  listChats(token: string): ChatSummary[] {
    const summaries = [...this.#bot(token).chats.values()].map((chat) => {
      const records = chat.records();
      const last = records.findLast((r) => !r.deleted);
      return {
        chatId: chat.id,
        user: { ...chat.user },
        phone: chat.phone,
        started: chat.started,
        blocked: chat.blocked,
        messageCount: records.filter((r) => !r.deleted).length,
        lastMessage: last && snapshotMessage(last),
      };
    });
    return summaries.sort((a, b) => (b.lastMessage?.sentAt ?? 0) - (a.lastMessage?.sentAt ?? 0));
  }

  /** Counters and deliveries of one bot, or of all bots together. A copy: later calls do not change it. */
  stats(token?: string): SandboxStats {
    if (token !== undefined) return copyStats(this.#bot(token).stats);
    return mergeStats([...this.#bots.values()].map((bot) => bot.stats));
  }

  /** A file the bot sent (by file_id), with its bytes, for a UI download. */
  file(token: string, fileId: string): SandboxFile | undefined {
    const file = this.#bot(token).files.get(fileId);
    return file && sandboxFile(file);
  }

  /** Ends long polls and webhook deliveries and stops the server. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => {
      for (const bot of this.#bots.values()) bot.close();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closing;
  }

  #bot(token: string): BotState {
    const bot = this.#bots.get(token);
    if (!bot) throw new Error('no bot with this token in the sandbox; call addBot first');
    return bot;
  }
}

/** A method call returned in a webhook response body is executed; its result goes nowhere, as on Telegram. */
function runWebhookReply(bot: BotState, body: Record<string, unknown>): void {
  const method = findMethod(String(body.method));
  if (!method) return;
  const { method: _name, ...params } = body;
  callMethod(bot, method, { params, files: new Map() }, new AbortController().signal).catch(() => undefined);
}
