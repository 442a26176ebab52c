import type { Bot } from 'grammy';
import type { BotContext } from '../bot/context.ts';
import { createRegistrationActivity } from '../bot/features/registration/registration-activity.ts';
import type { Config } from '../config.ts';
import type { WaveTimings } from '../domain/callups/waves.ts';
import type { Platform } from '../domain/platform.ts';
import type { I18n } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { createOutboxSender } from '../messaging/outbox/outbox-sender.ts';
import { createSenderApi } from '../messaging/outbox/sender-api.ts';
import { createSendNow } from '../messaging/send-now.ts';
import { createSendThroughOutbox } from '../messaging/send-through-outbox.ts';
import type { Database } from '../persistence/connection.ts';
import { createDocumentLock } from '../persistence/document-lock.ts';
import { createAnnouncementProgressRepository } from '../persistence/repositories/announcement-progress.repository.ts';
import { createCallUpRepository } from '../persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../persistence/repositories/callup-answer.repository.ts';
import { createCallUpReportRepository } from '../persistence/repositories/callup-report.repository.ts';
import { createDeliverySenderRepository } from '../persistence/repositories/delivery-sender.repository.ts';
import { createErasureRepository } from '../persistence/repositories/erasure.repository.ts';
import { createAnnouncementProgress } from '../services/announcements/announcement-progress.ts';
import { createAnnouncementOutbox } from '../services/announcements/delivery-outbox.ts';
import { callUpAccessFrom } from '../services/callups/access.ts';
import { createCallUpServices } from '../services/callups/callup-services.ts';
import { createQueryCandidates } from '../services/callups/candidates.ts';
import type { MatchIndex } from '../services/callups/match-index.ts';
import type { ReachPointsOf } from '../services/reach/reach-points.ts';
import { createStaffServices } from '../services/roles/staff-services.ts';
import { createDataErasureService } from '../services/volunteers/data-erasure.service.ts';
import { createPledgeLifecycle } from '../services/volunteers/pledge-lifecycle.service.ts';
import { createVolunteerService } from '../services/volunteers/volunteer.service.ts';
import { composeReach, type Reach } from './reach.ts';
import type { Repositories } from './repositories.ts';

export interface ServiceInputs {
  config: Config;
  logger: Logger;
  now: () => Date;
  database: Database;
  repositories: Repositories;
  matchIndex: MatchIndex | undefined;
  i18n: I18n;
  /** Filled later by startPlatformBots, one bot per platform; "send now" looks the bot up at each send. */
  bots: ReadonlyMap<Platform, Bot<BotContext>>;
  callUps?:
    | {
        boardIntervalMs?: number | undefined;
        timings?: WaveTimings | undefined;
        /** Where a person's reach points come from, for failover (default: their account, then SMS). */
        reachPointsOf?: ReachPointsOf | undefined;
      }
    | undefined;
}

/** Every service: the use cases, and reaching people across channels (app/reach.ts), which needs their outbox. */
export function composeServices(inputs: ServiceInputs) {
  let useCases: ReturnType<typeof composeUseCases> | undefined;
  const later = () => {
    if (!useCases) throw new Error('reach used before the services were composed');
    return { outbox: useCases.outbox, answers: useCases.callUps.answers };
  };
  const reach = composeReach(inputs, later);
  useCases = composeUseCases(inputs, reach);
  return { ...useCases, reach };
}

/** What the use cases take from reaching people (built first: the outbox reports to its platform health). */
type UseCaseReach = Pick<Reach, 'health' | 'afterUnreachable' | 'callUpHooks'>;

/** One outbox for every broadcast, drained at each platform's pace; safe alongside other instances. */
function composeOutbox(inputs: ServiceInputs, reach: UseCaseReach) {
  const { config, logger, now, database, repositories } = inputs;
  return createOutboxSender({
    repositories: { deliveries: repositories.deliveries, senders: createDeliverySenderRepository(database.models) },
    platforms: new Map(
      config.platforms.map((p) => [
        p.platform,
        createSenderApi(p, { messageLog: repositories.messageLog, logger, now, health: reach.health }),
      ]),
    ),
    perChatPerSecond: config.perChatMessagesPerSecond,
    logger,
    now,
    onUnreachable: reach.afterUnreachable,
  });
}

/** The use cases behind the bots: one outbox, the two ways out for messages, and every service built on them. */
function composeUseCases(inputs: ServiceInputs, reach: UseCaseReach) {
  const { config, logger, now, database, repositories, i18n } = inputs;
  const callUpReports = createCallUpReportRepository(database.models);
  const outbox = composeOutbox(inputs, reach);
  // The two ways out for every service's messages: now, to one chat; or through the outbox, to many.
  const sendNow = createSendNow(inputs.bots, logger);
  const notices = createSendThroughOutbox(outbox);
  const announcementProgress = createAnnouncementProgress({
    outbox,
    chat: sendNow,
    records: createAnnouncementProgressRepository(database.models),
    t: i18n.t,
    now,
    logger,
  });
  // One authorization module and audit log for every privileged feature (call-ups use `staff` too).
  const staff = createStaffServices({
    repositories,
    chat: sendNow,
    notices,
    outbox: createAnnouncementOutbox({ outbox, followProgress: announcementProgress.follow }),
    callUpStats: callUpReports,
    callUpAnswers: callUpReports,
    t: i18n.t,
    defaultLocale: config.defaultLocale,
    adminIds: config.adminIds,
    now,
  });
  const callUps = createCallUpServices({
    callUps: createCallUpRepository(database.models),
    answers: createCallUpAnswerRepository(database.models),
    volunteers: repositories.volunteers,
    candidates: inputs.matchIndex ?? createQueryCandidates(repositories.volunteers),
    outbox,
    deliveries: repositories.deliveries,
    chat: sendNow,
    access: callUpAccessFrom(staff.authorization),
    audit: staff.audit,
    t: i18n.t,
    now,
    logger,
    ...(inputs.callUps?.boardIntervalMs ? { boardIntervalMs: inputs.callUps.boardIntervalMs } : {}),
    // A render that waits for another instance's is still worth doing: it shows what changed meanwhile.
    renderLock: createDocumentLock(database.models.documentLocks, { holdMs: 30_000, waitMs: 60_000 }),
    timings: inputs.callUps?.timings ?? config.waveTimings,
    ...reach.callUpHooks,
  });
  return {
    outbox,
    notices,
    announcementProgress,
    staff,
    callUps,
    volunteers: createVolunteerService({ volunteers: repositories.volunteers, now }),
    erasure: createDataErasureService({
      ...repositories,
      erasure: createErasureRepository(database.models),
      audit: staff.audit,
    }),
    pledges: createPledgeLifecycle({
      volunteers: repositories.volunteers,
      users: repositories.users,
      notices,
      t: i18n.t,
      registrationActivity: createRegistrationActivity(repositories.sessions),
    }),
  };
}
