import type { Transformer } from 'grammy';
import type { Platform } from '../../domain/platform.ts';

/** Where a platform's call outcomes go: the shared platform health (services/reach/platform-health.ts). */
export interface HealthRecorder {
  recordSuccess(platform: Platform): Promise<void>;
  recordFailure(platform: Platform, error: string): Promise<void>;
}

/**
 * Tells the platform health how each call went. Any answer from the API — even a refusal (4xx, 429) — shows the
 * platform is up; a 5xx, a network error or a timeout counts against it.
 */
export function recordPlatformHealth(platform: Platform, health: HealthRecorder): Transformer {
  const note = (outcome: Promise<void>) => outcome.catch(() => undefined);
  return async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      if (!response.ok && (response.error_code ?? 0) >= 500) {
        await note(health.recordFailure(platform, `${response.error_code}: ${response.description}`));
      } else await note(health.recordSuccess(platform));
      return response;
    } catch (error) {
      await note(health.recordFailure(platform, error instanceof Error ? error.message : String(error)));
      throw error;
    }
  };
}
