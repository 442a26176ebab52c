/**
 * Reaching people across channels, composed: the shared platform health, the SMS gateway and what uses it (call-up
 * cards, replies counted as answers, one-time codes), and failover between a person's reach points.
 */
import type { Config } from '../config.ts';
import type { Translate } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { Outbox, UnreachableRecipient } from '../messaging/outbox/outbox-sender.ts';
import { type BotApis, createSendNow } from '../messaging/send-now.ts';
import { createSmsGateway } from '../messaging/sms/create-sms-gateway.ts';
import type { Database } from '../persistence/connection.ts';
import { createDocumentLock } from '../persistence/document-lock.ts';
import {
  createOneTimeCodeRepository,
  createPlatformHealthRepository,
  createSmsMessageRepository,
  type SmsMessageRepository,
} from '../persistence/repositories/reach.repository.ts';
import type { Answers } from '../services/callups/answers.service.ts';
import { createChannelLines } from '../services/reach/channel-status.ts';
import { createFailover, type Failover } from '../services/reach/failover.service.ts';
import { createOneTimeCodes } from '../services/reach/one-time-codes.ts';
import { createPlatformHealth, type PlatformHealth } from '../services/reach/platform-health.ts';
import { personReachPoints, pointId } from '../services/reach/reach-points.ts';
import { createRetireCopies } from '../services/reach/retire-copies.ts';
import { createSmsAnswers } from '../services/reach/sms-answers.ts';
import { digitsFor } from '../services/reach/sms-card.ts';
import { createSmsChannel } from '../services/reach/sms-channel.ts';
import { markUnreachable } from '../services/volunteers/reachability.ts';
import type { Repositories } from './repositories.ts';

export interface ReachInputs {
  config: Config;
  logger: Logger;
  now: () => Date;
  database: Database;
  repositories: Repositories;
  i18n: { t: Translate };
  /** The platforms' bots (filled once they start), to edit a person's other cards after an answer. */
  bots: BotApis;
}

/** What reach uses that is built after it (the outbox needs the health first): read at the first use. */
export type LaterServices = () => { outbox: Pick<Outbox, 'enqueue'>; answers: Pick<Answers, 'answer'> };

/** A failed card's call-up is looked at again this soon, once for every card that failed meanwhile. */
const NUDGE_MS = 300;

interface SmsParts {
  inputs: ReachInputs;
  later: LaterServices;
  health: PlatformHealth;
  messages: SmsMessageRepository;
}

/** The SMS side, when a provider is configured: the channel, replies as answers, one-time codes. */
function composeSms({ inputs, later, health, messages }: SmsParts) {
  const { config, logger, now, database, repositories } = inputs;
  const { t } = inputs.i18n;
  const gateway = createSmsGateway(config.sms);
  if (!gateway) return undefined;
  const maxPerCallUp = config.smsMaxPerCallUp;
  const channel = createSmsChannel({ gateway, messages, health, t, now, logger, maxPerCallUp });
  const answers = createSmsAnswers({
    gateway,
    messages,
    answers: { answer: (...args) => later().answers.answer(...args) },
    localeOf: async (key) => (await repositories.volunteers.get(key))?.locale,
    reply: async (phone, text) => {
      await channel.sendText(phone, text, 'reply');
    },
    ...{ t, now, logger, defaultLocale: config.defaultLocale },
  });
  const locale = config.defaultLocale;
  const codes = createOneTimeCodes({
    codes: createOneTimeCodeRepository(database.models),
    lock: createDocumentLock(database.models.documentLocks),
    now,
    deliver: (phone, code) =>
      channel.sendText(phone, t(locale, 'reach:sms.code', { code: digitsFor(locale, code) }), 'code'),
  });
  return { channel, answers, codes };
}

/** Cards that failed for good come in bursts (a platform's blocked chats): one look at their call-up per burst. */
function createNudges(failover: Failover, logger: Logger) {
  const nudged = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  return {
    nudge(campaignId: string) {
      const callUpId = /^callup:([^:]+)$/.exec(campaignId)?.[1];
      if (!callUpId || nudged.has(callUpId)) return;
      const timer = setTimeout(() => {
        nudged.delete(callUpId);
        const run = failover
          .sweepCallUp(callUpId)
          .catch((error: unknown) => logger.warn({ err: error, callUpId }, 'failover after a failed card failed'))
          .finally(() => running.delete(run));
        running.add(run);
      }, NUDGE_MS);
      nudged.set(callUpId, timer);
    },
    async stop() {
      for (const timer of nudged.values()) clearTimeout(timer);
      nudged.clear();
      await Promise.all([...running]);
    },
  };
}

export function composeReach(inputs: ReachInputs, later: LaterServices) {
  const { config, logger, now, database, repositories } = inputs;
  // Shared by every instance through the database: which platform's API fails, so cards go another way.
  const health = createPlatformHealth({ store: createPlatformHealthRepository(database.models), now });
  const messages = createSmsMessageRepository(database.models);
  const sms = composeSms({ inputs, later, health, messages });
  const reachPointsOf = personReachPoints({ sms: sms !== undefined });
  const failover = createFailover({
    callUps: repositories.callUps,
    answers: repositories.invitations,
    deliveries: repositories.deliveries,
    volunteers: repositories.volunteers,
    outbox: { enqueue: (list) => later().outbox.enqueue(list) },
    sms: sms?.channel,
    smsMessages: messages,
    health,
    reachPointsOf,
    ...{ t: inputs.i18n.t, now, logger, failoverAfterMs: config.failoverAfterMs },
  });
  const nudges = createNudges(failover, logger);
  return {
    health,
    sms,
    failover,
    /** What call-ups take from here: status lines per channel, the SMS cap, and retiring copies after an answer. */
    callUpHooks: {
      channelLines: createChannelLines({ deliveries: repositories.deliveries, smsMessages: messages, health }),
      smsCap: sms ? config.smsMaxPerCallUp : undefined,
      afterAnswer: createRetireCopies({
        deliveries: repositories.deliveries,
        volunteers: repositories.volunteers,
        chat: createSendNow(inputs.bots, logger),
        ...{ reachPointsOf, t: inputs.i18n.t, logger },
      }),
    },
    /**
     * A chat refused a message for good: let a failed card's call-up fail over, and leave the person out of call-ups
     * only when no other point reaches them (with one, their cards keep coming: each fails over at once).
     */
    async afterUnreachable(recipientKey: string, details: UnreachableRecipient) {
      const volunteer = await repositories.volunteers.get(recipientKey);
      const points = volunteer ? await reachPointsOf(volunteer) : [];
      if (points.some((point) => pointId(point) !== recipientKey))
        await repositories.users.markBlockedBot(recipientKey, true);
      else await markUnreachable(repositories, recipientKey);
      nudges.nudge(details.campaignId);
    },
    stop: nudges.stop,
  };
}

export type Reach = ReturnType<typeof composeReach>;
