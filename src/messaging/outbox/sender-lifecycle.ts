import type { Platform } from '../../domain/platform.ts';
import type { OutboxSender, SenderPlatform } from './outbox-sender.ts';
import type { SenderParts } from './sender-parts.ts';

/**
 * Starting and stopping a sender: `start` runs until `stop`; `drainOnce` runs until nothing is left to send now,
 * then stops again. Stopping hands back everything held and stores every outcome before the heartbeat ends.
 */
export function createSenderLifecycle(
  parts: SenderParts,
  platforms: ReadonlyMap<Platform, SenderPlatform>,
): Pick<OutboxSender, 'start' | 'stop' | 'kick' | 'drainOnce'> {
  const { lanes, presence, settler, outcomes, cancellations, progress, idle, logger } = parts;
  let mode: 'stopped' | 'run' | 'drain' = 'stopped';

  const stopLanes = async () => {
    await Promise.all(lanes.map((lane) => lane.stop()));
    await outcomes.flush();
    await cancellations.settled();
    // Last: everything held is handed back and every outcome stored before another instance takes over.
    await presence.stop();
  };
  const flushPlatforms = () => Promise.all([...platforms.values()].map((p) => p.flush?.()));

  return {
    start() {
      if (mode === 'run') return;
      mode = 'run';
      settler.start();
      presence.start();
      for (const lane of lanes) lane.start('run');
      logger.info({ platforms: lanes.map((lane) => lane.platform) }, 'outbox sender started');
    },

    async stop() {
      if (mode === 'stopped') return;
      mode = 'stopped';
      await stopLanes();
      await settler.stop();
      await progress.flush();
      await flushPlatforms();
      idle.releaseAll();
      logger.info('outbox sender stopped');
    },

    kick: parts.kick,

    async drainOnce() {
      if (mode !== 'stopped') {
        await idle.wait();
        return;
      }
      mode = 'drain';
      presence.start();
      for (const lane of lanes) lane.start('drain');
      await idle.wait();
      if (mode !== 'drain') return;
      mode = 'stopped';
      await stopLanes();
      await progress.flush();
      await flushPlatforms();
    },
  };
}
