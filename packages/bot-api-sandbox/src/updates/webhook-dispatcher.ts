import { type ApiUpdate, updateChatId } from '../api/api-types.ts';
import type { WebhookOptions } from '../sandbox-options.ts';
import type { SandboxStats } from '../sandbox-stats.ts';
import type { UpdateQueue } from './update-queue.ts';

export interface WebhookTarget {
  url: string;
  /** Sent as X-Telegram-Bot-Api-Secret-Token when set. */
  secretToken: string | undefined;
  maxConnections: number;
}

/** A JSON answer to a delivery may itself be a method call ("webhook reply"); the bot state executes it. */
export type WebhookReplyHandler = (body: Record<string, unknown>) => void;

/**
 * Delivers pending updates by POST. Up to `maxConnections` at once but one at a time per chat, so a chat's updates
 * arrive in order; a non-2xx answer is retried with doubling delays, then the update is dropped, as Telegram does.
 */
export class WebhookDispatcher {
  readonly #queue: UpdateQueue;
  readonly #options: WebhookOptions;
  readonly #stats: SandboxStats;
  readonly #onReply: WebhookReplyHandler;
  readonly #inFlight = new Set<number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #controllers = new Set<AbortController>();
  #target: WebhookTarget | undefined;
  #generation = 0;
  lastErrorDate: number | undefined;
  lastErrorMessage: string | undefined;

  constructor(queue: UpdateQueue, options: WebhookOptions, stats: SandboxStats, onReply: WebhookReplyHandler) {
    this.#queue = queue;
    this.#options = options;
    this.#stats = stats;
    this.#onReply = onReply;
  }

  get target(): WebhookTarget | undefined {
    return this.#target;
  }

  set(target: WebhookTarget | undefined): void {
    // Setting the same webhook again (each instance of a fleet does at start) changes nothing on Telegram: the
    // updates being delivered stay in flight rather than being posted a second time.
    const current = this.#target;
    if (
      current &&
      target &&
      current.url === target.url &&
      current.secretToken === target.secretToken &&
      current.maxConnections === target.maxConnections
    ) {
      this.pump();
      return;
    }
    this.#generation += 1;
    this.#target = target;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#inFlight.clear();
    this.lastErrorDate = undefined;
    this.lastErrorMessage = undefined;
    this.pump();
  }

  pump(): void {
    const target = this.#target;
    if (!target) return;
    const seenChats = new Set<number | string>();
    for (const update of this.#queue.pending()) {
      const chat = updateChatId(update) ?? `update:${update.update_id}`;
      if (seenChats.has(chat)) continue;
      seenChats.add(chat);
      if (this.#inFlight.has(update.update_id)) continue;
      if (this.#inFlight.size >= target.maxConnections) return;
      this.#inFlight.add(update.update_id);
      void this.#deliver(update, 1, this.#generation);
    }
  }

  close(): void {
    this.set(undefined);
    for (const controller of this.#controllers) controller.abort();
  }

  async #deliver(update: ApiUpdate, attempt: number, generation: number): Promise<void> {
    const target = this.#target;
    if (!target || generation !== this.#generation) return;
    this.#stats.webhookAttempts += 1;
    const failure = await this.#post(target, update);
    if (generation !== this.#generation) {
      if (!failure) this.#queue.remove(update.update_id);
      return;
    }
    if (!failure) {
      this.#finish(update);
      return;
    }
    this.#stats.webhookFailures += 1;
    this.lastErrorDate = Math.floor(Date.now() / 1000);
    this.lastErrorMessage = failure;
    if (attempt >= this.#options.maxAttempts) {
      this.#finish(update);
      return;
    }
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        void this.#deliver(update, attempt + 1, generation);
      },
      this.#options.retryDelayMs * 2 ** (attempt - 1),
    );
    this.#timers.add(timer);
  }

  #finish(update: ApiUpdate): void {
    this.#queue.remove(update.update_id);
    this.#inFlight.delete(update.update_id);
    this.pump();
  }

  /** Returns undefined on success, otherwise the error text getWebhookInfo reports. */
  async #post(target: WebhookTarget, update: ApiUpdate): Promise<string | undefined> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.#options.timeoutMs);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (target.secretToken) headers['x-telegram-bot-api-secret-token'] = target.secretToken;
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(update),
        signal: controller.signal,
      });
      const body = await response.text();
      if (!response.ok) return `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      this.#handleReply(body);
      return undefined;
    } catch (error) {
      return controller.signal.aborted ? 'Read timeout expired' : `Connection failed: ${(error as Error).message}`;
    } finally {
      clearTimeout(timer);
      this.#controllers.delete(controller);
    }
  }

  #handleReply(body: string): void {
    if (!body.trim().startsWith('{')) return;
    try {
      const reply = JSON.parse(body) as unknown;
      if (typeof reply === 'object' && reply !== null && typeof (reply as { method?: unknown }).method === 'string') {
        this.#onReply(reply as Record<string, unknown>);
      }
    } catch {
      // Telegram ignores a body it cannot read; so does the sandbox.
    }
  }
}
