import type { Bot } from 'grammy';
import type { BotContext } from '../bot/context.ts';
import { createRegistrationActivity } from '../bot/features/registration/registration-activity.ts';
import type { Config } from '../config.ts';
import type { WaveTimings } from '../domain/callups/waves.ts';
import type { Platform } from '../domain/platform.ts';
import type { I18n } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { createOutboxSender, type OutboxSender } from '../messaging/outbox/outbox-sender.ts';
import { createSenderApi } from '../messaging/outbox/sender-api.ts';
import { createSendNow, type SendNow } from '../messaging/send-now.ts';
import { createQueuedReplies, createSendThroughOutbox } from '../messaging/send-through-outbox.ts';
import type { Database } from '../persistence/connection.ts';
import { createDocumentLock } from '../persistence/document-lock.ts';
import type { ExclusiveEpoch } from '../persistence/epoch-cache.ts';
import { createInvitationMirror } from '../persistence/invitation-mirror.ts';
import { createAnnouncementProgressRepository } from '../persistence/repositories/announcement-progress.repository.ts';
import { createCallUpReportRepository } from '../persistence/repositories/callup-report.repository.ts';
import { createDeliverySenderRepository } from '../persistence/repositories/delivery-sender.repository.ts';
import { createMissionRepository } from '../persistence/repositories/missions/mission.repository.ts';
import { createMissionPledgeRepository } from '../persistence/repositories/missions/mission-pledge.repository.ts';
import { createAnnouncementProgress } from '../services/announcements/announcement-progress.ts';
import { createAnnouncementOutbox } from '../services/announcements/delivery-outbox.ts';
import { callUpAccessFrom } from '../services/callups/access.ts';
import { type CallUpServices, createCallUpServices } from '../services/callups/callup-services.ts';
import { createQueryCandidates } from '../services/callups/candidates.ts';
import type { MatchIndex } from '../services/callups/match-index.ts';
import { createIdentityServices } from '../services/identity/identity-services.ts';
import { createMissionCallUps, type MissionDeps } from '../services/missions/mission-callups.service.ts';
import { createMissionHours } from '../services/missions/mission-hours.service.ts';
import { createMissionPledgeService } from '../services/missions/mission-pledge.service.ts';
import { createMissionReminders } from '../services/missions/mission-reminders.service.ts';
import { createMissionShortlist } from '../services/missions/mission-shortlist.service.ts';
import { createStaffServices } from '../services/roles/staff-services.ts';
import { createDataErasureService } from '../services/volunteers/data-erasure.service.ts';
import { createPledgeLifecycle } from '../services/volunteers/pledge-lifecycle.service.ts';
import { createVolunteerService } from '../services/volunteers/volunteer.service.ts';
import { baseCandidates, composeBases, relayedPeopleOf, relayedPromotedOf, withRosterCards } from './bases.ts';
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
  /** A number while this process is the only instance on the database (see chat-order.ts). */
  exclusiveEpoch?: ExclusiveEpoch;
  /** Filled later by startPlatformBots, one bot per platform; "send now" looks the bot up at each send. */
  bots: ReadonlyMap<Platform, Bot<BotContext>>;
  callUps?: { boardIntervalMs?: number | undefined; timings?: WaveTimings | undefined } | undefined;
}

/** Missions: the long-missions part of a pledge, mission call-ups with their shortlists, reminders and hours. */
function missionServices(inputs: ServiceInputs, shared: Pick<MissionDeps, 'notices' | 'chat' | 'access'>) {
  const { repositories, database, i18n, now, config } = inputs;
  const pledges = createMissionPledgeRepository(database.models);
  const missionDeps: MissionDeps = {
    ...shared,
    missions: createMissionRepository(database.models),
    pledges,
    candidates: inputs.matchIndex ?? createQueryCandidates(repositories.volunteers),
    volunteers: repositories.volunteers,
    t: i18n.t,
    now,
    hoursPerDay: config.missionHoursPerDay,
  };
  return {
    missions: createMissionPledgeService({ pledges, now }),
    missionReminders: createMissionReminders({ ...repositories, pledges, notices: shared.notices, t: i18n.t }),
    missionCallUps: createMissionCallUps(missionDeps),
    missionShortlist: createMissionShortlist(missionDeps),
    missionHours: createMissionHours(missionDeps),
    missionExport: missionDeps,
  };
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
    perChatBurst: config.perChatBurst,
    logger,
    now,
    onUnreachable: reach.afterUnreachable,
  });
}

/** The use cases behind the bots: one outbox, the two ways out for messages, and every service built on them. */
function composeUseCases(inputs: ServiceInputs, reach: UseCaseReach) {
  const { config, logger, now, database, repositories, i18n } = inputs;
  // Offline members answered for by their base's leader, named wherever a coordinator sees a call-up's people.
  const relayedPeople = relayedPeopleOf(inputs);
  const callUpReports = createCallUpReportRepository(database.models, relayedPeople);
  const outbox = composeOutbox(inputs, reach);
  // The two ways out for every service's messages: now, to one chat; or through the outbox, to many.
  const sendNow = createSendNow(inputs.bots, logger);
  const notices = createSendThroughOutbox(outbox);
  const announcementProgress = followAnnouncements(inputs, outbox, sendNow);
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
    callUps: inputs.repositories.callUps,
    answers: repositories.invitations,
    followedInvitations: createInvitationMirror(repositories.invitations, inputs.exclusiveEpoch),
    volunteers: repositories.volunteers,
    candidates: baseCandidates(inputs, inputs.matchIndex ?? createQueryCandidates(repositories.volunteers)),
    relayedPeople,
    relayedPromoted: relayedPromotedOf(inputs, sendNow),
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
  const bases = composeBases(inputs, staff, { answers: callUps.answers, chat: sendNow });
  return {
    outbox,
    notices,
    replies: createQueuedReplies(outbox),
    announcementProgress,
    staff,
    callUps: withRosterCards(callUps, bases.rosters),
    bases,
    relayedPeople,
    ...composeVolunteerServices(inputs, { staff, notices, callUps }),
    ...missionServices(inputs, { notices, chat: sendNow, access: callUps.access }),
  };
}

/** The volunteers' side: registration and pledges, one person across accounts, and "delete my data". */
function composeVolunteerServices(
  inputs: ServiceInputs,
  shared: {
    staff: ReturnType<typeof createStaffServices>;
    notices: ReturnType<typeof createSendThroughOutbox>;
    callUps: CallUpServices;
  },
) {
  const { repositories, i18n, logger, now } = inputs;
  const { staff, notices, callUps } = shared;
  // A merge that frees one person's second seat in a call-up moves its waiting list up.
  const seats = { givenBack: callUps.answers.seatGivenBack };
  // Instances started together each ran the start-up pass at once, and their writes of one number's holders collided.
  const passLock = createDocumentLock(inputs.database.models.documentLocks, {
    holdMs: 10 * 60_000,
    waitMs: 30 * 60_000,
  });
  const identity = createIdentityServices({ repositories, audit: staff.audit, seats, passLock, logger, now });
  return {
    identity,
    volunteers: createVolunteerService({ volunteers: repositories.volunteers, mobiles: identity.mobiles, now }),
    erasure: createDataErasureService({
      ...repositories,
      mobiles: identity.mobiles,
      erasure: repositories.erasure,
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

/** Follows each announcement's sending and keeps its sender told of the progress. */
function followAnnouncements(inputs: ServiceInputs, outbox: OutboxSender, chat: SendNow) {
  const { database, i18n, now, logger } = inputs;
  const records = createAnnouncementProgressRepository(database.models);
  return createAnnouncementProgress({ outbox, chat, records, t: i18n.t, now, logger });
}
