import { randomUUID } from 'node:crypto';
import { isMessenger, type MessengerReachPoint, reachPointsOf } from '../../domain/identity/reach-point.ts';
import type { Platform } from '../../domain/platform.ts';
import { type PersonTraces, traceRedactor } from '../../domain/volunteers/redaction.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { CoordinatorRepository } from '../../persistence/repositories/coordinator.repository.ts';
import type { DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import type { ErasureRepository } from '../../persistence/repositories/erasure.repository.ts';
import type { MessageLogRepository } from '../../persistence/repositories/message-log.repository.ts';
import type { SessionStorage } from '../../persistence/repositories/session.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { MobileRegister } from '../identity/mobile-register.ts';

export interface DataErasureDeps {
  volunteers: VolunteerRepository;
  users: UserRepository;
  sessions: SessionStorage<unknown>;
  messageLog: MessageLogRepository;
  coordinators: Pick<CoordinatorRepository, 'get' | 'remove'>;
  deliveries: Pick<DeliveryRepository, 'forgetRecipient'>;
  erasure: ErasureRepository;
  audit: Pick<AuditLog, 'record'>;
  mobiles?: Pick<MobileRegister, 'released'>;
}

export interface ErasureSubject {
  userKey: string;
  /** The person's record key when the account is one of several of the person's (see domain/identity). */
  personKey?: string;
  platform: Platform;
  chatId: string;
}

export interface DataErasureService {
  /**
   * "Delete my data": the volunteer record (or registration draft), any coordinator role or request, the user
   * profile, the chat's session, message log and outbox messages; then the person's name, phone, council number and
   * ids wherever else they were written (other chats' logs, the audit log, others' sessions). What is kept for the
   * totals (hours served, call-up answers, audit entries) is keyed by one anonymous id.
   */
  eraseAll(subject: ErasureSubject): Promise<void>;
  /** Deletes the chat's message log again, for the goodbye message sent after the erasure. */
  eraseMessageLog(subject: ErasureSubject): Promise<void>;
}

/** The other messenger accounts of the person (see domain/identity): each chat is forgotten like the one asking. */
const otherAccounts = (volunteer: Volunteer | undefined, key: string): MessengerReachPoint[] =>
  volunteer ? reachPointsOf(volunteer).filter((p): p is MessengerReachPoint => isMessenger(p) && p.key !== key) : [];

async function forgetAccount(deps: DataErasureDeps, account: MessengerReachPoint): Promise<void> {
  await deps.users.setPersonKey(account.key, null);
  await deps.users.deletePersonalData(account.key);
  await deps.sessions.delete(`${account.platform}:${account.chatId}`);
  await deps.sessions.deleteMemberSessions(account.platform, platformUserId(account.key));
  await deps.messageLog.deleteForChat(account.platform, account.chatId);
  await deps.deliveries.forgetRecipient(account.key);
}

/** The bot keys sessions by platform and chat (see create-bot.ts). */
const sessionKey = (subject: ErasureSubject) => `${subject.platform}:${subject.chatId}`;

/** The id after the platform in a user key (`"bale:123"` → `"123"`). */
const platformUserId = (userKey: string) => userKey.slice(userKey.indexOf(':') + 1);

export function createDataErasureService(deps: DataErasureDeps): DataErasureService {
  return {
    async eraseAll(subject) {
      const key = subject.userKey;
      const personKey = subject.personKey ?? key;
      // Read what identifies them first: the records that hold it are deleted next.
      const volunteer = await deps.volunteers.get(personKey);
      const coordinator = await deps.coordinators.get(key);
      const anonymousId = `erased:${randomUUID()}`;
      const others = otherAccounts(volunteer, key);
      const traces: PersonTraces = {
        key,
        anonymousId,
        ids: [platformUserId(key), subject.chatId, ...others.flatMap((a) => [platformUserId(a.key), a.chatId])],
        phrases: [volunteer?.name, coordinator?.name, coordinator?.note].filter((p): p is string => !!p),
        mobiles: volunteer ? [volunteer.mobile] : [],
        numbers: volunteer?.licence ? [volunteer.licence.number, volunteer.licence.digits] : [],
      };

      await deps.volunteers.erase(personKey, anonymousId);
      if (volunteer) await deps.mobiles?.released(volunteer);
      for (const account of others) await forgetAccount(deps, account);
      await deps.erasure.anonymiseCallUps(personKey, anonymousId);
      if (coordinator && (await deps.coordinators.remove(key))) {
        await deps.audit.record({ actor: anonymousId, action: 'coordinator.erased', target: anonymousId });
      }
      await deps.users.deletePersonalData(key);
      await deps.sessions.delete(sessionKey(subject));
      await deps.sessions.deleteMemberSessions(subject.platform, platformUserId(key));
      await deps.messageLog.deleteForChat(subject.platform, subject.chatId);
      await deps.deliveries.forgetRecipient(key);
      await deps.erasure.redactEverywhere(traceRedactor(traces));
    },
    async eraseMessageLog(subject) {
      await deps.messageLog.deleteForChat(subject.platform, subject.chatId);
    },
  };
}
