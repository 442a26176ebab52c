/**
 * The one authorization module: who the person behind a user key is (admin, coordinator with provinces, or
 * volunteer), whether they may do something, and a record in the audit log of every refusal. Features check here
 * before acting, and services check again before writing, so a forged button or a role removed mid-flow changes
 * nothing.
 */
import { type Actor, coversProvince, hasRole, type StaffRole } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { CoordinatorRepository } from '../../persistence/repositories/coordinator.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';

/** What an action needs: a role, and for province-bound actions the province acted in. */
export interface AccessNeed {
  role: StaffRole;
  province?: string;
}

export type AccessDecision =
  | { ok: true; actor: Actor }
  | { ok: false; actor: Actor; reason: 'forbidden' | 'out_of_scope' };

export interface Authorization {
  /** Admin when the key is in ADMIN_IDS, coordinator while an active record exists, else volunteer. */
  actorOf(userKey: string): Promise<Actor>;
  /** Decides without side effects. */
  decide(actor: Actor, need: AccessNeed): AccessDecision;
  /**
   * Looks the person up and decides; a refusal is written to the audit log with `attempt` (a command or button
   * name), so refused privileged attempts are always visible to admins.
   */
  authorize(userKey: string | undefined, need: AccessNeed, attempt: string): Promise<AccessDecision>;
  /** For services: passes, or logs the refusal and throws `RoleError` (`forbidden` / `out_of_scope`). */
  ensure(actor: Actor, need: AccessNeed, attempt: string): Promise<void>;
  /** Writes a refusal found elsewhere (e.g. a forged callback) to the audit log. */
  logRefusal(actorKey: string, attempt: string, reason: string, province?: string): Promise<void>;
}

export interface AuthorizationDeps {
  adminIds: readonly string[];
  coordinators: Pick<CoordinatorRepository, 'get'>;
  audit: AuditLog;
}

const ANONYMOUS = 'unknown';

export function createAuthorization(deps: AuthorizationDeps): Authorization {
  const admins = new Set(deps.adminIds);

  const actorOf = async (userKey: string): Promise<Actor> => {
    if (admins.has(userKey)) return { key: userKey, role: 'admin', provinces: [] };
    const coordinator = await deps.coordinators.get(userKey);
    if (coordinator?.status === 'active')
      return { key: userKey, role: 'coordinator', provinces: coordinator.provinces };
    return { key: userKey, role: 'volunteer', provinces: [] };
  };

  const decide = (actor: Actor, need: AccessNeed): AccessDecision => {
    if (!hasRole(actor, need.role)) return { ok: false, actor, reason: 'forbidden' };
    if (need.province !== undefined && !coversProvince(actor, need.province)) {
      return { ok: false, actor, reason: 'out_of_scope' };
    }
    return { ok: true, actor };
  };

  const logRefusal = async (actorKey: string, attempt: string, reason: string, province?: string) => {
    await deps.audit.record({
      actor: actorKey,
      action: 'access.refused',
      ...(province ? { province } : {}),
      details: { attempt, reason },
    });
  };

  return {
    actorOf,
    decide,
    async authorize(userKey, need, attempt) {
      const actor = userKey ? await actorOf(userKey) : { key: ANONYMOUS, role: 'volunteer' as const, provinces: [] };
      const decision = decide(actor, need);
      if (!decision.ok) await logRefusal(actor.key, attempt, decision.reason, need.province);
      return decision;
    },
    async ensure(actor, need, attempt) {
      const decision = decide(actor, need);
      if (decision.ok) return;
      await logRefusal(actor.key, attempt, decision.reason, need.province);
      throw new RoleError(decision.reason);
    },
    logRefusal,
  };
}
