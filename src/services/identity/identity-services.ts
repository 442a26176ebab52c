import type { Logger } from '../../logger.ts';
import type { DocumentLock } from '../../persistence/document-lock.ts';
import { createKeyedSerializer } from '../../persistence/keyed-serializer.ts';
import type { IdentityRepository } from '../../persistence/repositories/identity.repository.ts';
import type { PersonHistory } from '../../persistence/repositories/person-history.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import { createDuplicatesService } from './duplicates.service.ts';
import { createIdentityService } from './identity.service.ts';
import { migrateIdentities } from './identity-migration.ts';
import { createMobileRegister, type MobileRegister } from './mobile-register.ts';
import { type HistoryDeps, mergePeople } from './person-merge.ts';
import { createReachPointsService } from './reach-points.service.ts';

/** One person, many accounts: the linking use cases, the admin's duplicate review and the start-up pass. */
export function createIdentityServices(inputs: {
  repositories: {
    volunteers: VolunteerRepository;
    users: UserRepository;
    identity: IdentityRepository;
    personHistory: PersonHistory;
  };
  audit: AuditLog;
  seats: HistoryDeps['seats'];
  /**
   * One start-up pass at a time across the instances (the ones after the first find nothing left to do); without
   * it, one at a time in this process.
   */
  passLock?: DocumentLock;
  logger: Logger;
  now: () => Date;
}) {
  const { volunteers, users, identity, personHistory: history } = inputs.repositories;
  const { seats } = inputs;
  const passLock = inputs.passLock ?? createKeyedSerializer();
  // Merging releases the joined person's number, and a registration may merge: the two refer to each other. The
  // record a registration merges was just created, so it has no call-up history to move.
  const mobiles: MobileRegister = createMobileRegister(identity, (keep, join) =>
    mergePeople({ volunteers, users, mobiles }, keep, join),
  );
  const merging = { volunteers, users, mobiles, history, seats, identity, audit: inputs.audit, now: inputs.now };
  return {
    mobiles,
    accounts: createIdentityService({ volunteers, users, identity, audit: inputs.audit, now: inputs.now }),
    /** A person's reach points in order, for delivery and failover. */
    reach: createReachPointsService({ volunteers, users, mobiles, now: inputs.now }),
    duplicates: createDuplicatesService(merging),
    /** Run at every start (idempotent): see identity-migration.ts. */
    migrate: () => passLock('identity-migration', () => migrateIdentities({ ...merging, logger: inputs.logger })),
  };
}

export type IdentityServices = ReturnType<typeof createIdentityServices>;
