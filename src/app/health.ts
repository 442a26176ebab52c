import type { Config } from '../config.ts';
import type { Dashboard } from '../dashboard/compose-dashboard.ts';
import type { Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../persistence/connection.ts';
import type { HandlerTimings } from '../server/handler-timings.ts';
import { createHttpServer, type HealthReport, type HttpServer } from '../server/http-server.ts';
import type { PlatformBots, PlatformStatus } from './platform-bots.ts';
import type { Reach } from './reach.ts';

/** Channel health is read from the database too: one that stopped answering must not hold up /healthz. */
const CHANNELS_WAIT_MS = 1000;

async function soon<T>(promise: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), CHANNELS_WAIT_MS);
  });
  try {
    return await Promise.race([promise.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the database answers a ping now (not a cached flag), and every poller is running. */
export function createHealthCheck(
  database: Database,
  status: ReadonlyMap<Platform, PlatformStatus>,
  channels?: () => Promise<NonNullable<HealthReport['channels']>>,
): () => Promise<HealthReport> {
  return async () => {
    // Read alongside the ping, so a frozen database costs /healthz one wait, not two.
    const channelHealth = channels && soon(channels(), []);
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
      ...(channelHealth ? { channels: await channelHealth } : {}),
    };
  };
}

/** The secret of the SMS callbacks' paths: the webhook secret, or the SMS API key when there is no webhook. */
export function smsCallbackSecret(config: Pick<Config, 'webhook' | 'sms'>): string {
  return config.webhook?.secret ?? config.sms?.apiKey ?? '';
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
  reach?: Reach;
}): Promise<{ server: HttpServer; health: () => Promise<HealthReport>; port: number }> {
  const { config, database, platformBots, reach } = inputs;
  const health = createHealthCheck(database, platformBots.status, reach && (() => reach.health.report()));
  const sms = reach?.sms;
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
    sms:
      config.sms && sms
        ? {
            secret: smsCallbackSecret(config),
            inbound: sms.answers,
            delivery: (fields) => sms.channel.deliveryReport(fields),
          }
        : undefined,
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
