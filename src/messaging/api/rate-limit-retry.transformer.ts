import type { Transformer } from 'grammy';

const BACKOFF_SECONDS = [1, 2, 4, 8];

/**
 * auto-retry honours 429 only when `retry_after` is present; Bale may send 429 without it.
 * This retries those with a short backoff instead of failing the user's action.
 */
export function retryBareRateLimits(sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Transformer {
  return async (prev, method, payload, signal) => {
    let response = await prev(method, payload, signal);
    for (const seconds of BACKOFF_SECONDS) {
      if (response.ok || response.error_code !== 429 || typeof response.parameters?.retry_after === 'number') break;
      await sleep(seconds * 1000);
      response = await prev(method, payload, signal);
    }
    return response;
  };
}
