import { badRequest, conflict } from '../api/api-error.ts';
import type { ApiUpdate } from '../api/api-types.ts';
import type { MethodParams } from '../api/method-params.ts';
import type { MethodCall } from './method-call.ts';

/** Long polling with Telegram's offset rules; refused while a webhook is set. */
export function getUpdates({ bot, params, signal }: MethodCall): Promise<ApiUpdate[]> {
  if (bot.webhook.target) {
    throw conflict(
      "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const offset = params.int('offset') ?? 0;
  const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
  const timeout = Math.max(0, params.int('timeout') ?? 0);
  const allowed = readAllowedUpdates(params);
  if (allowed) bot.allowedUpdates = allowed;
  bot.updates.confirm(offset);
  return bot.updates.poll(limit, timeout, signal);
}

export function readAllowedUpdates(params: MethodParams): string[] | undefined {
  const value = params.json('allowed_updates', 'allowed updates');
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((kind) => typeof kind === 'string')) {
    throw badRequest("can't parse allowed updates JSON object");
  }
  return value;
}
