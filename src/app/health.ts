import type { Platform } from '../domain/platform.ts';
import type { Database } from '../persistence/connection.ts';
import type { HealthReport } from '../server/http-server.ts';
import type { PlatformStatus } from './platform-bots.ts';

/** `/healthz`: the database answers a ping now (not a cached flag), and every poller is running. */
export function createHealthCheck(
  database: Database,
  status: ReadonlyMap<Platform, PlatformStatus>,
): () => Promise<HealthReport> {
  return async () => {
    const databaseHealth = await database.ping().then(
      () => ({ ok: true }),
      (error: unknown) => ({ ok: false, error: String(error) }),
    );
    const platforms: HealthReport['platforms'] = {};
    for (const [platform, s] of status) {
      const ok = s.mode === 'webhook' || s.runner?.isRunning() === true;
      platforms[platform] = { ok, mode: s.mode, lastUpdateAt: s.lastUpdateAt?.toISOString() };
    }
    return {
      ok: databaseHealth.ok && Object.values(platforms).every((p) => p.ok),
      database: databaseHealth,
      platforms,
    };
  };
}
