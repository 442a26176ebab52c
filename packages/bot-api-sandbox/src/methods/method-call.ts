import type { MethodParams } from '../api/method-params.ts';
import type { BotState } from '../bot-state.ts';

export interface MethodCall {
  bot: BotState;
  params: MethodParams;
  /** Aborted when the HTTP client goes away, so a long poll stops waiting for it. */
  signal: AbortSignal;
}

/** Returns the Bot API `result`, or throws an ApiError. */
export type MethodHandler = (call: MethodCall) => unknown;
