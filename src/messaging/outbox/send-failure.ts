import { GrammyError } from 'grammy';
import { redactTokens } from '../../logger.ts';

/** Why a send failed, sorted by what the sender does next. */
export type SendFailure =
  /** 429: pause the platform (for `retry_after` when given) and send the same delivery again. */
  | { kind: 'rate-limited'; retryAfterMs: number | undefined; description: string }
  /** The chat will not take our messages (blocked, deleted, never started): never retried. */
  | { kind: 'unreachable'; description: string }
  /** The server refused this message for good (bad markup, too long): retrying would not help. */
  | { kind: 'rejected'; description: string }
  /** 5xx, network errors, timeouts: retried with a growing backoff, up to a limit. */
  | { kind: 'temporary'; description: string };

// Telegram answers 403 for a blocked bot; Bale and Telegram answer 400 for chats that are gone or unknown.
const UNREACHABLE =
  /bot was blocked by the user|user is deactivated|chat not found|no such group or user|bot was kicked|bot can't initiate conversation|user not found|PEER_ID_INVALID/i;

/** Sorts a failed sendMessage call (a GrammyError from the server, or an HttpError from the network). */
export function classifySendError(error: unknown): SendFailure {
  if (!(error instanceof GrammyError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'temporary', description: redactTokens(message) };
  }
  const code = error.error_code;
  const description = `${code}: ${error.description}`;
  if (code === 429) {
    const retryAfter = error.parameters.retry_after;
    return {
      kind: 'rate-limited',
      retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : undefined,
      description,
    };
  }
  if (code === 403 || UNREACHABLE.test(error.description)) return { kind: 'unreachable', description };
  // 401/404 mean a bad token or API root, 409 a conflicting call: none is the message's fault, so it may succeed later.
  if (code === 400 || code === 413 || code === 414) return { kind: 'rejected', description };
  return { kind: 'temporary', description };
}
