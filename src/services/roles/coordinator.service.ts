import type { Platform } from '../../domain/platform.ts';
import type { Actor } from '../../domain/roles/actor.ts';
import type { Coordinator } from '../../domain/roles/coordinator.ts';
import type { Invite } from '../../domain/roles/invite.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { CoordinatorRepository } from '../../persistence/repositories/coordinator.repository.ts';
import type { InviteRepository } from '../../persistence/repositories/invite.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from './authorization.ts';
import { createInviteLinks } from './coordinator-invites.ts';
import { createCoordinatorRequests } from './coordinator-requests.ts';
import type { Messenger } from './messenger.ts';
import { namedProvinces, provincesOrThrow } from './province-choice.ts';

/** The person opening a link or asking for the role, as the bot knows them. */
export interface Candidate {
  key: string;
  platform: Platform;
  chatId: string;
  name: string;
}

export interface CreatedInvite {
  invite: Invite;
  /** What goes after `/start `. */
  payload: string;
}

export interface CoordinatorService {
  /** An admin makes a one-time link appointing whoever opens it first, within 48 hours, on `platform`. */
  createInvite(actor: Actor, provinces: readonly string[], platform: Platform): Promise<CreatedInvite>;
  /** Opens an invite link: the candidate becomes a coordinator of its provinces, or a `RoleError` says why not. */
  redeemInvite(candidate: Candidate, token: string): Promise<Coordinator>;
  /** A person asks to become a coordinator; every admin is told, with approve/decline buttons. */
  request(candidate: Candidate, provinces: readonly string[], note: string | null): Promise<Coordinator>;
  approve(actor: Actor, key: string): Promise<Coordinator>;
  decline(actor: Actor, key: string): Promise<void>;
  /** Active coordinators (admins only). */
  list(actor: Actor): Promise<Coordinator[]>;
  /** Waiting requests (admins only). */
  requests(actor: Actor): Promise<Coordinator[]>;
  get(actor: Actor, key: string): Promise<Coordinator>;
  changeProvinces(actor: Actor, key: string, provinces: readonly string[]): Promise<Coordinator>;
  remove(actor: Actor, key: string): Promise<void>;
}

export interface CoordinatorServiceDeps {
  coordinators: CoordinatorRepository;
  invites: InviteRepository;
  authorization: Authorization;
  audit: AuditLog;
  messenger: Messenger;
  adminIds: readonly string[];
  now: () => Date;
}

/** Appointing, listing, changing and removing coordinators; every change is in the audit log and told to the person. */
export function createCoordinatorService(deps: CoordinatorServiceDeps): CoordinatorService {
  const { coordinators, authorization, audit, messenger, now } = deps;
  const asAdmin = (actor: Actor, attempt: string) => authorization.ensure(actor, { role: 'admin' }, attempt);
  const requireActive = async (key: string): Promise<Coordinator> => {
    const coordinator = await coordinators.get(key);
    if (coordinator?.status !== 'active') throw new RoleError('not_found');
    return coordinator;
  };

  return {
    ...createInviteLinks(deps),
    ...createCoordinatorRequests(deps),

    async list(actor) {
      await asAdmin(actor, 'coordinators.list');
      return coordinators.listActive();
    },

    async requests(actor) {
      await asAdmin(actor, 'requests.list');
      return coordinators.listRequests();
    },

    async get(actor, key) {
      await asAdmin(actor, 'coordinators.view');
      return requireActive(key);
    },

    async changeProvinces(actor, key, provinceCodes) {
      await asAdmin(actor, 'coordinators.change');
      const provinces = provincesOrThrow(provinceCodes);
      const before = await requireActive(key);
      const changed = await coordinators.setProvinces(key, provinces, now());
      if (!changed) throw new RoleError('not_found');
      await audit.record({
        actor: actor.key,
        action: 'coordinator.changed',
        target: key,
        details: { from: before.provinces, to: provinces },
      });
      await messenger.tell(key, 'coordinator:role.changed', namedProvinces(provinces));
      return changed;
    },

    async remove(actor, key) {
      await asAdmin(actor, 'coordinators.remove');
      const before = await requireActive(key);
      await coordinators.remove(key);
      await audit.record({
        actor: actor.key,
        action: 'coordinator.removed',
        target: key,
        details: { provinces: before.provinces },
      });
      await messenger.tell(key, 'coordinator:role.removed');
    },
  };
}
