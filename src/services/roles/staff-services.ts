import type { Locale } from '../../domain/locale.ts';
import type { Translate } from '../../i18n/index.ts';
import type { SendNow } from '../../messaging/send-now.ts';
import type { SendThroughOutbox } from '../../messaging/send-through-outbox.ts';
import type { AuditRepository } from '../../persistence/repositories/audit.repository.ts';
import type { CoordinatorRepository } from '../../persistence/repositories/coordinator.repository.ts';
import type { InviteRepository } from '../../persistence/repositories/invite.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import {
  type AnnouncementOutbox,
  type AnnouncementService,
  createAnnouncementService,
} from '../announcements/announcement.service.ts';
import { type AuditLog, createAuditLog } from '../audit/audit.service.ts';
import { type AuditPeople, createAuditPeople } from '../audit/audit-people.ts';
import type { CallUpAnswersSource } from '../exports/callup-answers-table.ts';
import { createExportService, type ExportService } from '../exports/export.service.ts';
import { type CallUpStatsSource, createReportsService, type ReportsService } from '../reports/reports.service.ts';
import { createVerificationService, type VerificationService } from '../verification/verification.service.ts';
import { type Authorization, createAuthorization } from './authorization.ts';
import { type CoordinatorService, createCoordinatorService } from './coordinator.service.ts';
import { createMessenger } from './messenger.ts';
import { createModerationService, type ModerationService } from './moderation.service.ts';

/** The use cases behind the coordinators' and admins' features. */
export interface StaffServices {
  authorization: Authorization;
  coordinators: CoordinatorService;
  moderation: ModerationService;
  verification: VerificationService;
  reports: ReportsService;
  exports: ExportService;
  announcements: AnnouncementService;
  audit: AuditLog;
  auditPeople: AuditPeople;
}

export interface StaffServicesDeps {
  repositories: {
    users: UserRepository;
    volunteers: VolunteerRepository;
    coordinators: CoordinatorRepository;
    invites: InviteRepository;
    auditEntries: AuditRepository;
  };
  /** A message to one person. */
  chat: SendNow;
  /** The same message to several people (the admins). */
  notices: SendThroughOutbox;
  outbox: AnnouncementOutbox;
  /** From the call-up module, when it provides them; reports show zero and call-up exports find nothing without. */
  callUpStats?: CallUpStatsSource;
  callUpAnswers?: CallUpAnswersSource;
  t: Translate;
  defaultLocale: Locale;
  adminIds: readonly string[];
  now: () => Date;
}

/** Builds every staff service over the repositories, sharing one audit log and one authorization module. */
export function createStaffServices(deps: StaffServicesDeps): StaffServices {
  const { repositories: r, now, adminIds } = deps;
  const audit = createAuditLog({ entries: r.auditEntries, now });
  const authorization = createAuthorization({ adminIds, coordinators: r.coordinators, audit });
  const messenger = createMessenger({
    chat: deps.chat,
    notices: deps.notices,
    users: r.users,
    t: deps.t,
    defaultLocale: deps.defaultLocale,
  });
  return {
    authorization,
    audit,
    auditPeople: createAuditPeople({ coordinators: r.coordinators, volunteers: r.volunteers, adminIds }),
    coordinators: createCoordinatorService({
      coordinators: r.coordinators,
      invites: r.invites,
      authorization,
      audit,
      messenger,
      adminIds,
      now,
    }),
    moderation: createModerationService({ users: r.users, authorization, audit, adminIds }),
    verification: createVerificationService({ volunteers: r.volunteers, authorization, audit, messenger }),
    reports: createReportsService({ volunteers: r.volunteers, callUps: deps.callUpStats, authorization, now }),
    exports: createExportService({
      volunteers: r.volunteers,
      callUps: deps.callUpAnswers,
      authorization,
      audit,
      now,
    }),
    announcements: createAnnouncementService({
      volunteers: r.volunteers,
      outbox: deps.outbox,
      authorization,
      audit,
      t: deps.t,
      now,
    }),
  };
}
