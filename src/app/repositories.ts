import type { Logger } from '../logger.ts';
import { createBufferedMessageLog } from '../messaging/outbox/buffered-message-log.ts';
import type { ChatOrder } from '../persistence/chat-order.ts';
import type { Database } from '../persistence/connection.ts';
import { createAuditRepository } from '../persistence/repositories/audit.repository.ts';
import { createBaseRepository } from '../persistence/repositories/base.repository.ts';
import { createCallUpRepository } from '../persistence/repositories/callup.repository.ts';
import { createCallUpAnswerRepository } from '../persistence/repositories/callup-answer.repository.ts';
import { createCoordinatorRepository } from '../persistence/repositories/coordinator.repository.ts';
import { createDeliveryRepository } from '../persistence/repositories/delivery.repository.ts';
import { createErasureRepository } from '../persistence/repositories/erasure.repository.ts';
import { createIdentityRepository } from '../persistence/repositories/identity.repository.ts';
import { createInviteRepository } from '../persistence/repositories/invite.repository.ts';
import { createJobRunRepository } from '../persistence/repositories/job-run.repository.ts';
import { createMessageLogRepository } from '../persistence/repositories/message-log.repository.ts';
import { createPersonHistoryRepository } from '../persistence/repositories/person-history.repository.ts';
import { createProcessedUpdateRepository } from '../persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from '../persistence/repositories/session.repository.ts';
import { createUserRepository } from '../persistence/repositories/user.repository.ts';
import { createVolunteerRepository } from '../persistence/repositories/volunteer.repository.ts';
import { serverKind } from '../persistence/server-kind.ts';
import { createMatchIndex, type MatchIndex, refreshingVolunteers } from '../services/callups/match-index.ts';

export type Matching = 'auto' | 'query' | 'index';

/** The repositories most services share, built once per app. */
export async function createRepositories(
  database: Database,
  options: {
    logger: Logger;
    now: () => Date;
    matching: Matching;
    chatOrder: Pick<ChatOrder, 'exclusiveEpoch' | 'forgetKept'>;
  },
) {
  const { models } = database;
  const { exclusiveEpoch, forgetKept } = options.chatOrder;
  // On FerretDB, which scans a whole collection for any filter but `_id`, call-up matching uses an in-process index
  // kept current by this process's writes and reloaded now and then for other instances' (see match-index.ts).
  const rawVolunteers = createVolunteerRepository(models);
  const kind = await serverKind(database.connection);
  const useIndex = options.matching === 'index' || (options.matching === 'auto' && kind === 'ferretdb');
  // Distance call-ups on MongoDB use its 2dsphere index; FerretDB has none (the in-process grid serves them there).
  if (kind === 'mongodb') await rawVolunteers.ensureGeoIndex();
  const matchIndex: MatchIndex | undefined = useIndex ? createMatchIndex(rawVolunteers, { exclusiveEpoch }) : undefined;
  // One for the process: while it is alone, the seats of the call-ups being answered are kept in memory.
  const callUps = createCallUpRepository(models, { exclusiveEpoch });
  const repositories = {
    users: createUserRepository(models, { exclusiveEpoch }),
    // Cached while this instance alone takes updates: a chat's next update need not read its session again.
    sessions: createSessionStorage(models, { exclusiveEpoch }),
    processedUpdates: createProcessedUpdateRepository(models),
    // Logged in batches, one insert per quarter second rather than one per message in or out; flushed by stop().
    messageLog: createBufferedMessageLog(createMessageLogRepository(models), options.logger, { intervalMs: 250 }),
    jobRuns: createJobRunRepository(models),
    volunteers: matchIndex ? refreshingVolunteers(rawVolunteers, matchIndex) : rawVolunteers,
    // Cached as users are: every main menu asks whether its reader is staff.
    coordinators: createCoordinatorRepository(models, { exclusiveEpoch }),
    invites: createInviteRepository(models),
    // Whether a menu's reader leads a base is answered from memory while this instance is alone.
    bases: createBaseRepository(models, { exclusiveEpoch }),
    auditEntries: createAuditRepository(models),
    deliveries: createDeliveryRepository(models, { now: options.now, exclusiveEpoch }),
    // One for the process: pages that follow a call-up hear of its writes (see watch) instead of reading it again.
    invitations: createCallUpAnswerRepository(models),
    identity: createIdentityRepository(models),
    callUps,
    personHistory: createPersonHistoryRepository(models, forgetKept),
    erasure: createErasureRepository(models, forgetKept),
  };
  return { repositories, matchIndex };
}

export type Repositories = Awaited<ReturnType<typeof createRepositories>>['repositories'];
