import { randomUUID } from 'node:crypto';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import { THIS_PROCESS } from '../../persistence/process-identity.ts';
import type { DeliveryRepository, NewResult } from '../../persistence/repositories/delivery.repository.ts';
import { FleetBudget } from '../budget/fleet-budget.ts';
import { TELEGRAM_PER_CHAT } from '../budget/send-budget.ts';
import type { BackoffOptions } from './backoff.ts';
import { CancellationCache } from './cancellation-cache.ts';
import { IdleWaiters } from './idle-waiters.ts';
import { defaultConcurrency } from './lane-pace.ts';
import type { OutboxSenderOptions } from './outbox-sender.ts';
import { OutcomeWriter } from './outcome-writer.ts';
import { type LaneOptions, PlatformLane } from './platform-lane.ts';
import { ProgressNotifier } from './progress-notifier.ts';
import { SenderPresence, type SenderState } from './sender-presence.ts';
import { Settler } from './settler.ts';

/** The pieces of one outbox sender, wired to each other. */
export interface SenderParts {
  deliveries: DeliveryRepository;
  logger: Logger;
  lanes: PlatformLane[];
  presence: SenderPresence;
  settler: Settler;
  cancellations: CancellationCache;
  progress: ProgressNotifier;
  outcomes: OutcomeWriter;
  idle: IdleWaiters;
  /** Each platform's share of its send limit, which this instance's direct sends spend too. */
  budget: FleetBudget;
  /** Every lane looks for work now. */
  kick: () => void;
}

/** A delivery stored elsewhere, as the claim id of its first attempt. */
const unclaimed = (deliveryId: string) => `${deliveryId}#0`;

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2000, maxMs: 5 * 60_000 };

/** What every lane shares: the outbox, this instance's name, and the sender-wide pieces. */
type SharedLaneOptions = Pick<
  LaneOptions,
  'deliveries' | 'owner' | 'now' | 'outcomes' | 'cancellations' | 'settler' | 'onIdle'
> & { logger: Logger; senderState: (platform: Platform) => SenderState; budget: FleetBudget };

/** One lane per platform, with the defaults applied. */
function createLanes(options: OutboxSenderOptions, shared: SharedLaneOptions): PlatformLane[] {
  const sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  const lanes: PlatformLane[] = [];
  for (const [platform, { api, messagesPerSecond }] of options.platforms) {
    lanes.push(
      new PlatformLane({
        platform,
        api,
        messagesPerSecond,
        budget: shared.budget.budget(platform)!,
        concurrency: options.concurrency ?? defaultConcurrency(messagesPerSecond),
        deliveries: shared.deliveries,
        senderState: () => shared.senderState(platform),
        owner: shared.owner,
        leaseMs: Math.max(options.leaseMs ?? 60_000, sendTimeoutMs + 1000),
        sendTimeoutMs,
        maxFailures: options.maxFailures ?? 5,
        backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
        pollIntervalMs: options.pollIntervalMs ?? 5000,
        rescanIntervalMs: options.rescanIntervalMs ?? 15_000,
        scanLimit: options.scanLimit ?? 10_000,
        now: shared.now,
        logger: shared.logger.child({ platform }),
        outcomes: shared.outcomes,
        cancellations: shared.cancellations,
        settler: shared.settler,
        onIdle: shared.onIdle,
      }),
    );
  }
  return lanes;
}

/** Tells `onUnreachable` of a blocked recipient; its failure is logged, never thrown into the sender. */
function unreachableReporter(options: OutboxSenderOptions, logger: Logger) {
  return async (result: NewResult) => {
    try {
      await options.onUnreachable?.(result.recipientKey, {
        recipientKey: result.recipientKey,
        deliveryId: result.id,
        campaignId: result.campaignId,
        reason: result.lastError,
      });
    } catch (error) {
      logger.warn({ err: error, recipientKey: result.recipientKey }, 'onUnreachable failed');
    }
  };
}

/** Builds the sender's pieces: heartbeat presence, result writer, settler, cancel cache, progress, and the lanes. */
export function createSenderParts(options: OutboxSenderOptions): SenderParts {
  const { deliveries, senders } = options.repositories;
  // Named after this process, so a restart after a crash sees its predecessor gone (see process-identity.ts).
  const owner = options.owner ?? `${THIS_PROCESS}/${randomUUID()}`;
  const logger = options.logger.child({ component: 'outbox', owner });
  const now = options.now ?? (() => new Date());
  const progress = new ProgressNotifier({
    load: (campaignId) => deliveries.progress(campaignId),
    intervalMs: options.progressIntervalMs ?? 3000,
    logger,
    everyCampaign: options.onProgress,
  });
  const lanes: PlatformLane[] = [];
  const presenceIntervalMs = options.presenceIntervalMs ?? 1000;
  const budget = new FleetBudget({
    limits: new Map([...options.platforms].map(([platform, p]) => [platform, p.messagesPerSecond])),
    perChat: { perSecond: options.perChatPerSecond, burst: options.perChatBurst ?? TELEGRAM_PER_CHAT.burst },
    intervalMs: presenceIntervalMs,
  });
  const kick = () => {
    for (const lane of lanes) lane.kick();
  };
  const laneOf = (platform: Platform) => lanes.find((lane) => lane.platform === platform);
  const lastSendAt = () => Math.max(0, ...lanes.map((lane) => lane.lastSendAt));
  const presence = new SenderPresence({
    senders,
    owner,
    platforms: [...options.platforms.keys()],
    intervalMs: presenceIntervalMs,
    logger,
    budget,
    onTurn: (platform, isSender, changed) => lanes.find((lane) => lane.platform === platform)?.turn(isSender, changed),
    onWork: (platforms) => {
      for (const lane of lanes) if (platforms.includes(lane.platform)) lane.kick();
    },
    onListed: (platform, ids) => laneOf(platform)?.offerStored(ids.map(unclaimed), true),
    lastSendAt,
    handover: (platform) => lanes.find((lane) => lane.platform === platform)?.handover() ?? [],
    onTakeover: (platform, claimIds) => laneOf(platform)?.offerStored(claimIds, false),
  });
  const settler = new Settler({
    deliveries,
    logger,
    busy: () => lanes.some((lane) => lane.busy),
    lastSendAt,
  });
  const cancellations = new CancellationCache(deliveries, 1000, logger);
  const reportUnreachable = unreachableReporter(options, logger);
  const idle = new IdleWaiters(() => outcomes.pending === 0 && lanes.every((lane) => lane.idle));
  const outcomes = new OutcomeWriter({
    deliveries,
    owner,
    logger,
    onRecorded(results) {
      settler.add(
        results.map((r) => ({
          id: r.id,
          state: r.state,
          attempts: r.attempt,
          sentMessageId: r.sentMessageId,
          sentAt: r.sentAt,
          lastError: r.lastError,
        })),
      );
      for (const campaignId of new Set(results.map((r) => r.campaignId))) progress.touch(campaignId);
      for (const result of results) if (result.state === 'blocked') void reportUnreachable(result);
    },
    onFlushed() {
      for (const lane of lanes) lane.wake();
      idle.check();
    },
  });
  const shared = { deliveries, owner, now, logger, outcomes, cancellations, settler, onIdle: () => idle.check() };
  lanes.push(...createLanes(options, { ...shared, budget, senderState: (platform) => presence.senderState(platform) }));
  return { deliveries, logger, lanes, presence, settler, cancellations, progress, outcomes, idle, budget, kick };
}
