import type { Api } from 'grammy';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import { sendTextOrPin } from '../send-outgoing.ts';
import { type BackoffOptions, backoffMs } from './backoff.ts';
import type { HeldDelivery } from './lane-claims.ts';
import type { LanePace } from './lane-pace.ts';
import type { LaneResults } from './lane-results.ts';
import type { ReadyQueue } from './ready-queue.ts';
import { classifySendError } from './send-failure.ts';

export interface SendOptions {
  platform: Platform;
  api: Api;
  maxFailures: number;
  backoff: BackoffOptions;
  now: () => Date;
  logger: Logger;
}

function chatIdForApi(chatId: string): number | string {
  const number = Number(chatId);
  return /^-?\d+$/.test(chatId) && Number.isSafeInteger(number) ? number : chatId;
}

/**
 * Sends one held delivery and acts on how it went: sent or refused ends it, a 429 pauses the platform and keeps it
 * held, a temporary failure hands it back for a backoff (or ends it after too many).
 */
export class LaneSender {
  readonly #options: SendOptions;
  readonly #pace: LanePace;
  readonly #results: LaneResults;
  readonly #held: ReadyQueue<HeldDelivery>;

  constructor(options: SendOptions, pace: LanePace, results: LaneResults, held: ReadyQueue<HeldDelivery>) {
    this.#options = options;
    this.#pace = pace;
    this.#results = results;
    this.#held = held;
  }

  async send(delivery: HeldDelivery): Promise<void> {
    const { message } = delivery;
    const options = {
      ...(message.replyMarkup && { reply_markup: message.replyMarkup }),
      ...(message.parseMode && { parse_mode: message.parseMode }),
      ...(message.disableNotification !== undefined && { disable_notification: message.disableNotification }),
    };
    try {
      const sent = await sendTextOrPin(this.#options.api, chatIdForApi(delivery.chatId), message, options as never);
      this.#pace.noteSent();
      this.#results.end(delivery, 'sent', { sentMessageId: sent.message_id, sentAt: this.#options.now() });
    } catch (error) {
      this.#failed(delivery, error);
    }
  }

  #failed(delivery: HeldDelivery, error: unknown): void {
    const { logger, platform, maxFailures, backoff } = this.#options;
    const failure = classifySendError(error);
    const log = { platform, delivery: delivery.id, error: failure.description };
    switch (failure.kind) {
      case 'rate-limited': {
        const waitMs = this.#pace.noteRateLimited(failure.retryAfterMs);
        logger.debug({ ...log, waitMs }, 'rate limited; pausing the platform');
        this.#held.push(delivery);
        return;
      }
      case 'unreachable':
        logger.info(log, 'recipient unreachable');
        this.#results.end(delivery, 'blocked', { lastError: failure.description });
        return;
      case 'rejected':
        logger.warn(log, 'message refused by the platform');
        this.#results.end(delivery, 'failed', { lastError: failure.description });
        return;
      case 'temporary': {
        const failures = delivery.failures + 1;
        this.#pace.noteTemporaryFailure();
        if (failures >= maxFailures) {
          logger.warn({ ...log, failures }, 'giving up on a delivery');
          this.#results.end(delivery, 'failed', { lastError: failure.description });
          return;
        }
        const waitMs = backoffMs(failures, backoff);
        logger.debug({ ...log, failures, waitMs }, 'temporary failure; retrying later');
        this.#results.handBack({ ...delivery, failures, lastError: failure.description }, waitMs);
        return;
      }
    }
  }
}
