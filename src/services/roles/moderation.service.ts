import type { Actor } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { UserRepository } from '../../persistence/repositories/user.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from './authorization.ts';

export interface ModerationService {
  /** An admin blocks a user: from then on the bot answers nothing they send. */
  block(actor: Actor, userKey: string): Promise<void>;
  unblock(actor: Actor, userKey: string): Promise<void>;
}

export function createModerationService(deps: {
  users: Pick<UserRepository, 'setBlockedByAdmin'>;
  authorization: Authorization;
  audit: AuditLog;
  adminIds: readonly string[];
}): ModerationService {
  const set = async (actor: Actor, userKey: string, blocked: boolean) => {
    await deps.authorization.ensure(actor, { role: 'admin' }, blocked ? 'user.block' : 'user.unblock');
    if (deps.adminIds.includes(userKey)) throw new RoleError('is_admin');
    if (!(await deps.users.setBlockedByAdmin(userKey, blocked))) throw new RoleError('not_found');
    await deps.audit.record({ actor: actor.key, action: blocked ? 'user.blocked' : 'user.unblocked', target: userKey });
  };
  return {
    block: (actor, userKey) => set(actor, userKey, true),
    unblock: (actor, userKey) => set(actor, userKey, false),
  };
}
