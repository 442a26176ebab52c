/**
 * One poller per bot token across every instance: Telegram and Bale hand each update to one getUpdates caller, and a
 * second caller makes both fail with 409 Conflict. The poller holds a lease in the database (a document of the
 * document-lock collection, `_id` = `polling:<platform>:<bot id>`), renewed every few seconds; a second instance that
 * sees it renewed gives up with a clear error, while a restart after a crash waits at most one lease for it to lapse.
 * Taking the lease is a unique insert, which is atomic on FerretDB where updates are not (see document-lock.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import { isDuplicateKeyError } from './errors.ts';
import type { Models } from './models/index.ts';

export interface PollingLeaseOptions {
  /** How long a lease lasts without renewal: the longest a restart after a crash waits. */
  ttlMs?: number;
  /** How often the holder renews it. */
  renewMs?: number;
  /** Called when the lease was taken over (this process stalled for longer than the lease): stop polling. */
  onLost: () => void;
  logger: Logger;
}

export interface PollingLease {
  release(): Promise<void>;
}

/** Another live instance polls this bot: the message says what to do instead. */
export class PollingRefusedError extends Error {
  constructor(platform: string, botId: string) {
    super(
      `another instance is already polling ${platform} for bot ${botId}, and the platform allows one poller per ` +
        'token. Stop it first, or run several instances in webhook mode (BOT_MODE=webhook) behind one address.',
    );
    this.name = 'PollingRefusedError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHECK_MS = 250;

/**
 * Takes the polling lease of `key`, waiting while an unrenewed one lapses; throws PollingRefusedError as soon as the
 * holder is seen renewing it (alive). Time is the wall clock: a lease must lapse in real time, whatever the app's clock.
 */
export async function acquirePollingLease(
  locks: Models['documentLocks'],
  bot: { platform: string; token: string },
  options: PollingLeaseOptions,
): Promise<PollingLease> {
  // The bot's number before ':' in its token names it without storing the secret.
  const botId = bot.token.split(':')[0] ?? '';
  const key = `polling:${bot.platform}:${botId}`;
  const ttlMs = options.ttlMs ?? 6_000;
  const renewMs = options.renewMs ?? 2_000;
  const owner = randomUUID();
  let firstSeenUntil: number | undefined;
  for (;;) {
    try {
      await locks.create({ _id: key, owner, until: new Date(Date.now() + ttlMs) });
      break;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await locks.findById(key).lean();
    if (!held) continue;
    const until = held.until.getTime();
    if (until < Date.now()) {
      // Only that holding is removed: if its holder renewed meanwhile, `until` no longer matches.
      await locks.deleteOne({ _id: key, owner: held.owner, until: held.until });
      continue;
    }
    firstSeenUntil ??= until;
    if (until > firstSeenUntil) throw new PollingRefusedError(bot.platform, botId);
    await sleep(CHECK_MS);
  }
  const renewal = setInterval(async () => {
    try {
      const { matchedCount } = await locks.updateOne(
        { _id: key, owner },
        { $set: { until: new Date(Date.now() + ttlMs) } },
      );
      if (matchedCount === 0) {
        clearInterval(renewal);
        options.logger.error({ key }, 'the polling lease was taken over by another instance; polling stops');
        options.onLost();
      }
    } catch (error) {
      options.logger.warn({ err: error, key }, 'could not renew the polling lease');
    }
  }, renewMs);
  renewal.unref();
  return {
    async release() {
      clearInterval(renewal);
      await locks.deleteOne({ _id: key, owner }).catch(() => {});
    },
  };
}
