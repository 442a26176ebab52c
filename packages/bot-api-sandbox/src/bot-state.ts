import { ApiError, forbidden, tooManyRequests } from './api/api-error.ts';
import type { ApiUpdate, ApiUser, BotCommand, UpdateKind } from './api/api-types.ts';
import { updateKind } from './api/api-types.ts';
import type { ChatState, MessageRecord } from './chat/chat-state.ts';
import { snapshotMessage } from './chat/sandbox-message.ts';
import type { FaultInjector } from './fault-injector.ts';
import { FileStore } from './files/file-store.ts';
import type { PlatformProfile } from './platform-profiles.ts';
import { SendLimiter } from './rate-limiter.ts';
import type { SandboxEvents } from './sandbox-events.ts';
import type { ResolvedSandboxOptions, SandboxLimits } from './sandbox-options.ts';
import { emptyStats, type SandboxStats } from './sandbox-stats.ts';
import { UpdateQueue } from './updates/update-queue.ts';
import { WebhookDispatcher, type WebhookReplyHandler } from './updates/webhook-dispatcher.ts';

/** Sandbox-wide services every bot uses. */
export interface SandboxShared {
  options: ResolvedSandboxOptions;
  events: SandboxEvents;
  faults: FaultInjector;
}

export interface BotIdentity {
  token: string;
  profile: PlatformProfile;
  user: ApiUser;
  limits: SandboxLimits;
}

export interface PendingCallbackQuery {
  chatId: number;
  messageId: number;
  answered: boolean;
}

/** Update kinds Telegram leaves out unless asked for explicitly; the sandbox produces none of them. */
const OPT_IN_KINDS = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Everything the server keeps for one bot token. */
/**
 * Like Telegram's, update ids keep growing across restarts: a bot that remembers the ids it applied must not see them
 * again. From the clock in microseconds, so a burst (a test sends hundreds in a millisecond) stays ahead of the next
 * process's start, and never below the last one given out here, for a sandbox started again in the same millisecond.
 */
let lastUpdateId = 0;
function nextUpdateId(): number {
  lastUpdateId = Math.max(lastUpdateId + 1, Date.now() * 1000);
  return lastUpdateId;
}

export class BotState {
  readonly token: string;
  readonly profile: PlatformProfile;
  readonly user: ApiUser;
  readonly limits: SandboxLimits;
  readonly shared: SandboxShared;
  readonly chats = new Map<number, ChatState>();
  readonly updates = new UpdateQueue();
  readonly webhook: WebhookDispatcher;
  readonly files = new FileStore();
  readonly commands = new Map<string, BotCommand[]>();
  readonly callbackQueries = new Map<string, PendingCallbackQuery>();
  readonly stats: SandboxStats = emptyStats();
  /** Set by getUpdates / setWebhook; an empty list means Telegram's default set. */
  allowedUpdates: readonly string[] = [];
  #limiter: SendLimiter;
  #nextCallbackId = 1;

  constructor(identity: BotIdentity, shared: SandboxShared, onWebhookReply: WebhookReplyHandler) {
    this.token = identity.token;
    this.profile = identity.profile;
    this.user = identity.user;
    this.limits = identity.limits;
    this.shared = shared;
    this.#limiter = new SendLimiter(identity.limits);
    this.webhook = new WebhookDispatcher(this.updates, shared.options.webhook, this.stats, onWebhookReply);
  }

  /** Whether a 429 from this bot carries retry_after (Bale may omit it). */
  get sendsRetryAfter(): boolean {
    return this.profile.retryAfterByDefault || this.shared.options.baleRetryAfter;
  }

  /** Queues an update unless allowed_updates filters its kind out; returns it with its id. */
  enqueue(update: Omit<ApiUpdate, 'update_id'>, chatId: number): ApiUpdate {
    const full: ApiUpdate = { update_id: nextUpdateId(), ...update };
    if (!this.#accepts(updateKind(full))) return full;
    this.updates.push(full);
    this.webhook.pump();
    this.shared.events.emit('update', () => ({ token: this.token, chatId, update: structuredClone(full) }));
    return full;
  }

  newCallbackQueryId(chatId: number, messageId: number): string {
    const id = `${this.user.id}${String(this.#nextCallbackId++).padStart(9, '0')}`;
    this.callbackQueries.set(id, { chatId, messageId, answered: false });
    return id;
  }

  /** The chat a method targets: 400 when nobody by that id exists, 403 when the bot may not write there. */
  chatFor(chatId: number, purpose: 'write' | 'delete'): ChatState {
    const chat = this.chats.get(chatId);
    if (!chat) throw new ApiError(400, this.profile.descriptions.chatNotFound);
    if (purpose === 'delete') return chat;
    if (!chat.started) throw forbidden("bot can't initiate conversation with a user");
    if (chat.blocked) throw new ApiError(403, this.profile.descriptions.blocked);
    return chat;
  }

  /** Takes a send slot or throws 429 (with retry_after unless the profile omits it). */
  throttle(chatId: number): void {
    const retryAfter = this.#limiter.acquire(chatId);
    if (retryAfter === undefined) return;
    throw tooManyRequests(this.sendsRetryAfter ? retryAfter : undefined, this.profile.descriptions.tooManyRequestsBare);
  }

  /** Records an accepted send for benchmarks and tells listeners. */
  delivered(chat: ChatState, record: MessageRecord, method: string): void {
    let list = this.stats.deliveries.get(chat.id);
    if (!list) {
      list = [];
      this.stats.deliveries.set(chat.id, list);
    }
    list.push({ at: record.sentAt, messageId: record.message_id, method, text: record.text ?? record.caption });
    this.shared.events.emit('message', () => ({
      token: this.token,
      chatId: chat.id,
      message: snapshotMessage(record),
    }));
  }

  edited(chat: ChatState, record: MessageRecord): void {
    this.shared.events.emit('edit', () => ({ token: this.token, chatId: chat.id, message: snapshotMessage(record) }));
  }

  close(): void {
    this.webhook.close();
    this.updates.interrupt();
  }

  #accepts(kind: UpdateKind): boolean {
    if (this.allowedUpdates.length === 0) return !OPT_IN_KINDS.has(kind);
    return this.allowedUpdates.includes(kind);
  }
}
