import { badRequest, conflict } from '../api/api-error.ts';
import { readAllowedUpdates } from './get-updates.method.ts';
import type { MethodCall } from './method-call.ts';

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** An empty url removes the webhook, as on Telegram. Plain http is accepted because tests listen locally. */
export function setWebhook({ bot, params }: MethodCall): true {
  const url = params.string('url') ?? '';
  if (url === '') return deleteWebhook({ bot, params, signal: new AbortController().signal });
  if (!isHttpUrl(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const urlOnly = bot.profile.webhookUrlOnly;
  const secretToken = urlOnly ? undefined : params.string('secret_token');
  if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
    throw badRequest('secret token contains unallowed characters');
  }
  const maxConnections = urlOnly ? 40 : Math.min(100, Math.max(1, params.int('max_connections') ?? 40));
  const allowed = urlOnly ? undefined : readAllowedUpdates(params);
  if (!urlOnly && params.bool('drop_pending_updates')) bot.updates.drop();
  if (allowed) bot.allowedUpdates = allowed;
  bot.updates.interrupt(conflict("can't use getUpdates method while webhook is active"));
  bot.webhook.set({ url, secretToken, maxConnections });
  return true;
}

export function deleteWebhook({ bot, params }: MethodCall): true {
  if (params.bool('drop_pending_updates')) bot.updates.drop();
  bot.webhook.set(undefined);
  return true;
}

export function getWebhookInfo({ bot }: MethodCall): unknown {
  const { target, lastErrorDate, lastErrorMessage } = bot.webhook;
  return {
    url: target?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.updates.size,
    ...(lastErrorDate !== undefined && { last_error_date: lastErrorDate, last_error_message: lastErrorMessage }),
    ...(target && { max_connections: target.maxConnections }),
    ...(bot.allowedUpdates.length > 0 && { allowed_updates: [...bot.allowedUpdates] }),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
