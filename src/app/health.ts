import type { Config } from '../config.ts';
import type { Dashboard } from '../dashboard/compose-dashboard.ts';
import type { Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../persistence/connection.ts';
import type { HandlerTimings } from '../server/handler-timings.ts';
import { createHttpServer, type HealthReport, type HttpServer } from '../server/http-server.ts';
import type { PlatformBots, PlatformStatus } from './platform-bots.ts';

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

/** Where the process's memory is: the JavaScript heap (used and reserved), buffers and native memory outside it. */
function memoryInMb() {
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return { heapUsed: mb(heapUsed), heapTotal: mb(heapTotal), external: mb(external), arrayBuffers: mb(arrayBuffers) };
}

/** The one HTTP server: health, metrics (database writes, memory) and, when configured, the platforms' webhooks. */
export async function startHttpServer(inputs: {
  config: Config;
  logger: Logger;
  database: Database;
  platformBots: PlatformBots;
  handlerTimes: HandlerTimings;
  /** Served under `/dashboard`; told the port once listening, and stopped (its event streams ended) on close. */
  dashboard?: Pick<Dashboard, 'handle' | 'listeningOn' | 'stop'>;
}): Promise<{ server: HttpServer; health: () => Promise<HealthReport>; port: number }> {
  const { config, database, platformBots } = inputs;
  const health = createHealthCheck(database, platformBots.status);
  const server = createHttpServer({
    logger: inputs.logger,
    health,
    metrics: () => ({
      ...database.writes.snapshot(),
      handlers: inputs.handlerTimes.snapshot(),
      rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
      memoryMb: memoryInMb(),
    }),
    webhooks: config.webhook ? { secret: config.webhook.secret, handlers: platformBots.webhookHandlers } : undefined,
    dashboard: inputs.dashboard?.handle,
  });
  const port = await server.listen(config.port);
  inputs.dashboard?.listeningOn(port);
  const close = async () => {
    // Event streams are never idle: the server would wait for them to end.
    await inputs.dashboard?.stop();
    await server.close();
  };
  return { server: { ...server, close }, health, port };
}
