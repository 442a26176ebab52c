import { EventEmitter } from 'node:events';
import type { ApiUpdate } from './api/api-types.ts';
import type { SandboxAlert, SandboxChatAction, SandboxMessage } from './chat/sandbox-message.ts';

/** What a web UI (or a test) can watch; every event names the bot token and the chat. */
export interface SandboxEventMap {
  /** The bot sent a message. */
  message: { token: string; chatId: number; message: SandboxMessage };
  /** The bot edited a message (text, caption or keyboard); `message` is the new state with its history. */
  edit: { token: string; chatId: number; message: SandboxMessage };
  delete: { token: string; chatId: number; messageId: number };
  /** The bot answered a callback query. */
  alert: { token: string; chatId: number; alert: SandboxAlert };
  /** A simulated user produced an update for the bot. */
  update: { token: string; chatId: number; update: ApiUpdate };
  /** The bot sent a chat action ("typing…"). */
  action: { token: string; chatId: number; action: SandboxChatAction };
}

export type SandboxEventName = keyof SandboxEventMap;
export type SandboxListener<E extends SandboxEventName> = (payload: SandboxEventMap[E]) => void;

/** A typed emitter whose listeners cannot break the API call that triggered them. */
export class SandboxEvents {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  on<E extends SandboxEventName>(event: E, listener: SandboxListener<E>): () => void {
    this.#emitter.on(event, listener);
    return () => this.off(event, listener);
  }

  off<E extends SandboxEventName>(event: E, listener: SandboxListener<E>): void {
    this.#emitter.off(event, listener);
  }

  /** Lets callers skip building a payload nobody listens to (benchmarks send thousands of messages). */
  has(event: SandboxEventName): boolean {
    return this.#emitter.listenerCount(event) > 0;
  }

  emit<E extends SandboxEventName>(event: E, payload: () => SandboxEventMap[E]): void {
    if (!this.has(event)) return;
    const value = payload();
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as SandboxListener<E>)(value);
      } catch (error) {
        process.emitWarning(`sandbox "${event}" listener failed: ${(error as Error).message}`);
      }
    }
  }
}
