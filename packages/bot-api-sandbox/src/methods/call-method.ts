import { ApiError } from '../api/api-error.ts';
import { MethodParams } from '../api/method-params.ts';
import type { BotState } from '../bot-state.ts';
import type { MethodInput } from '../http/read-request.ts';
import type { MethodHandler } from './method-call.ts';

/**
 * Runs one call the way the server sees it: counted, refused if the platform lacks the method, failed if a test
 * injected a fault, then handled. Errors are counted by status before they reach the client.
 */
export async function callMethod(
  bot: BotState,
  method: { name: string; handler: MethodHandler },
  input: MethodInput,
  signal: AbortSignal,
): Promise<unknown> {
  const { stats, profile } = bot;
  stats.calls[method.name] = (stats.calls[method.name] ?? 0) + 1;
  try {
    const refusal = profile.refusedMethods[method.name];
    if (refusal) throw refusal();
    // A platform taken down answers nothing useful, as a filtered or failed service's front server does.
    if (bot.shared.faults.isDown(profile.name)) throw new ApiError(502, 'Bad Gateway');
    const fault = bot.shared.faults.take(
      bot.token,
      method.name,
      bot.sendsRetryAfter,
      profile.descriptions.tooManyRequestsBare,
    );
    if (fault) throw fault;
    await bot.shared.faults.hold(bot.token, method.name, input.params.chat_id);
    return await method.handler({ bot, params: new MethodParams(input), signal });
  } catch (error) {
    if (error instanceof ApiError) {
      stats.errors[error.code] = (stats.errors[error.code] ?? 0) + 1;
      if (error.code === 429) stats.tooManyRequests += 1;
    }
    throw error;
  }
}
