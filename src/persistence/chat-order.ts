import type { Logger } from '../logger.ts';
import type { DocumentLock } from './document-lock.ts';
import type { UpdateReceiverRepository } from './repositories/update-receiver.repository.ts';

export interface ChatOrderOptions {
  receivers: UpdateReceiverRepository;
  /** The database lock taken per chat while other instances take updates too. */
  lock: DocumentLock;
  /** This instance's id. */
  owner: string;
  logger: Logger;
  /** How often the instance renews its heartbeat and counts the others. Default 1 s. */
  intervalMs?: number;
}

export interface ChatOrder {
  /** Runs the handling of one update of the chat `key`, never at the same time as another update of that chat. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /**
   * While no other instance beats (every app beats, whether it takes updates or only sends), a number that changes
   * whenever that was interrupted (another instance came, or a heartbeat failed); undefined otherwise. What this
   * instance cached of a chat or a user under the current epoch is still what the database holds.
   */
  exclusiveEpoch(): number | undefined;
  /**
   * Records were written past the repositories that keep them (an erasure redacting every collection, two people's
   * histories merged): what was kept under the current epoch is not used again.
   */
  forgetKept(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One chat, one update at a time across the fleet. In one process `sequentialize` already orders a chat's updates;
 * a second instance behind the same webhook may get the same chat's next update at the same moment, and both would
 * read and write the chat's session (FerretDB's updates are not atomic, so one write would be lost). A database lock
 * per chat (a unique insert, which is atomic, and a delete) prevents that, at two writes per update; so it is taken
 * only while another instance is alive, which heartbeats tell. A starting instance that finds others waits until
 * they have seen it (two heartbeats) before handling updates, and one that cannot tell (the heartbeat failed) locks.
 * Not covered: an update an instance began before it learned of a new instance, still running when that one starts.
 */
export function createChatOrder(options: ChatOrderOptions): ChatOrder {
  const { receivers, lock, owner, logger } = options;
  const intervalMs = options.intervalMs ?? 1000;
  let shared = true;
  let epoch = 0;
  let ready: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const setShared = (now: boolean) => {
    if (shared && !now) epoch += 1;
    shared = now;
  };

  // Wall-clock time, not the app's clock: tests freeze that one, and heartbeats must expire in real time.
  const beat = async (): Promise<number> => {
    const at = Date.now();
    try {
      const count = await receivers.beat(owner, new Date(at + 3 * intervalMs), new Date(at));
      if (count > 1 !== shared) logger.info({ instances: count }, 'instances taking updates changed');
      setShared(count > 1);
      return count;
    } catch (error) {
      logger.warn({ err: error }, 'could not renew the update heartbeat; ordering chats through the database');
      setShared(true);
      return 0;
    }
  };

  return {
    async run(key, task) {
      await ready;
      return shared ? lock(`chat:${key}`, task) : task();
    },
    exclusiveEpoch: () => (shared ? undefined : epoch),
    forgetKept() {
      epoch += 1;
    },
    async start() {
      const count = await beat();
      if (count !== 1) {
        ready = new Promise((resolve) => setTimeout(resolve, 2 * intervalMs + intervalMs / 2));
      }
      timer = setInterval(() => void beat(), intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await receivers.leave(owner).catch((error: unknown) => logger.warn({ err: error }, 'could not leave'));
    },
  };
}
