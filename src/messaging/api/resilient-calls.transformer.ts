import type { Transformer } from 'grammy';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import { BEST_EFFORT_METHODS, PLATFORM_CAPABILITIES } from './platform-capabilities.ts';

type Payload = Record<string, unknown>;

/**
 * Makes one code path work on both platforms: strips formatting where the platform has none, turns refused
 * best-effort calls into no-ops, and sends a new message when an edit is refused (old message, old Bale client).
 */
export function resilientCalls(platform: Platform, logger: Logger): Transformer {
  const { formatting } = PLATFORM_CAPABILITIES[platform];
  return async (prev, method, payload, signal) => {
    let effective = payload as Payload;
    if (!formatting && effective && ('parse_mode' in effective || 'entities' in effective)) {
      const { parse_mode: _mode, entities: _entities, ...plain } = effective;
      effective = plain;
    }
    const response = await prev(method, effective as typeof payload, signal);
    if (response.ok) return response;

    const description = response.description ?? '';
    if (method.startsWith('editMessage') && description.includes('message is not modified')) {
      return { ok: true, result: true } as unknown as typeof response;
    }
    if (response.error_code === 429 || response.error_code === 403) return response;
    if (method === 'editMessageText' && effective.chat_id !== undefined) {
      logger.debug({ method, description }, 'edit refused, sending a new message instead');
      const { message_id: _id, inline_message_id: _inline, ...rest } = effective;
      return (await prev('sendMessage', rest as never, signal)) as unknown as typeof response;
    }
    if (BEST_EFFORT_METHODS.has(method)) {
      logger.debug({ method, description }, 'best-effort call refused');
      return { ok: true, result: true } as unknown as typeof response;
    }
    return response;
  };
}
