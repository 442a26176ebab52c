import type { MessageLogRepository } from '../../persistence/repositories/message-log.repository.ts';
import type { SessionStorage } from '../../persistence/repositories/session.repository.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';

export interface DataErasureDeps {
  volunteers: VolunteerRepository;
  users: UserRepository;
  sessions: SessionStorage<unknown>;
  messageLog: MessageLogRepository;
}

export interface ErasureSubject {
  userKey: string;
  platform: 'telegram' | 'bale';
  chatId: string;
}

export interface DataErasureService {
  /**
   * "Delete my data": the volunteer record (or registration draft), the user profile, the chat's session and its
   * message log. Only an anonymous remainder (hours served, no identity) is kept for the totals.
   */
  eraseAll(subject: ErasureSubject): Promise<void>;
  /** Deletes the chat's message log again, for the goodbye message sent after the erasure. */
  eraseMessageLog(subject: ErasureSubject): Promise<void>;
}

/** The bot keys sessions by platform and chat (see create-bot.ts). */
const sessionKey = (subject: ErasureSubject) => `${subject.platform}:${subject.chatId}`;

export function createDataErasureService(deps: DataErasureDeps): DataErasureService {
  return {
    async eraseAll(subject) {
      await deps.volunteers.erase(subject.userKey);
      await deps.users.deletePersonalData(subject.userKey);
      await deps.sessions.delete(sessionKey(subject));
      await deps.messageLog.deleteForChat(subject.platform, subject.chatId);
    },
    async eraseMessageLog(subject) {
      await deps.messageLog.deleteForChat(subject.platform, subject.chatId);
    },
  };
}
