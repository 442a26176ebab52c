import { randomBytes } from 'node:crypto';
import type { Locale } from '../../domain/locale.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Actor } from '../../domain/roles/actor.ts';
import { type Coordinator, cleanProvinces, REQUEST_NOTE_MAX_LENGTH } from '../../domain/roles/coordinator.ts';
import { INVITE_LIFETIME_MS, type Invite, invitePayload, inviteProblem } from '../../domain/roles/invite.ts';
import { provinceNames } from '../../domain/roles/province-names.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { CoordinatorRepository } from '../../persistence/repositories/coordinator.repository.ts';
import type { InviteRepository } from '../../persistence/repositories/invite.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from './authorization.ts';
import type { Messenger } from './messenger.ts';

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

/** Callback data of the buttons admins get with a coordinator request. */
export const REQUEST_BUTTONS = { approve: 'cr:ok:', decline: 'cr:no:' } as const;

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

const INVITE_TOKEN_BYTES = 18;
const EXPIRED_INVITES_KEPT_MS = 30 * 86_400_000;

function provincesOrThrow(codes: readonly string[]): string[] {
  const provinces = cleanProvinces(codes);
  if (provinces.length === 0) throw new RoleError('no_provinces');
  return provinces;
}

/** Appointing, listing, changing and removing coordinators; every change is in the audit log and told to the person. */
export function createCoordinatorService(deps: CoordinatorServiceDeps): CoordinatorService {
  const { coordinators, invites, authorization, audit, messenger, now } = deps;
  const admins = new Set(deps.adminIds);
  const asAdmin = (actor: Actor, attempt: string) => authorization.ensure(actor, { role: 'admin' }, attempt);
  const named = (provinces: readonly string[]) => (locale: Locale) => ({
    provinces: provinceNames(provinces, locale),
  });

  const requireActive = async (key: string): Promise<Coordinator> => {
    const coordinator = await coordinators.get(key);
    if (coordinator?.status !== 'active') throw new RoleError('not_found');
    return coordinator;
  };

  return {
    async createInvite(actor, provinceCodes, platform) {
      await asAdmin(actor, 'invite.create');
      const provinces = provincesOrThrow(provinceCodes);
      const at = now();
      const invite: Invite = {
        token: randomBytes(INVITE_TOKEN_BYTES).toString('base64url'),
        platform,
        provinces,
        createdBy: actor.key,
        createdAt: at,
        expiresAt: new Date(at.getTime() + INVITE_LIFETIME_MS),
      };
      await invites.create(invite);
      // No TTL indexes on FerretDB: old links are cleared here, kept a while so a late opener hears "expired".
      await invites.deleteExpired(new Date(at.getTime() - EXPIRED_INVITES_KEPT_MS));
      // Only the first characters of the token: enough to tell invites apart, useless as a link.
      await audit.record({
        actor: actor.key,
        action: 'coordinator.invited',
        target: `invite:${invite.token.slice(0, 6)}`,
        details: { provinces, platform },
      });
      return { invite, payload: invitePayload(invite.token) };
    },

    async redeemInvite(candidate, token) {
      const invite = await invites.get(token);
      // Checked before the claim, so a link opened too late or on the other platform is not used up.
      const problem = inviteProblem(invite, await invites.isRedeemed(token), candidate.platform, now());
      if (problem || !invite) throw new RoleError(`invite_${problem ?? 'unknown'}`);
      if (admins.has(candidate.key)) throw new RoleError('is_admin');
      if (!(await invites.claim(token, candidate.key, now()))) throw new RoleError('invite_used');
      const existing = await coordinators.get(candidate.key);
      const provinces =
        existing?.status === 'active' ? cleanProvinces([...existing.provinces, ...invite.provinces]) : invite.provinces;
      const at = now();
      const coordinator: Coordinator = {
        key: candidate.key,
        platform: candidate.platform,
        chatId: candidate.chatId,
        name: candidate.name,
        status: 'active',
        provinces,
        note: null,
        via: 'invite',
        requestedAt: null,
        appointedAt: at,
        appointedBy: invite.createdBy,
        updatedAt: at,
      };
      await coordinators.saveActive(coordinator);
      await audit.record({
        actor: candidate.key,
        action: 'coordinator.appointed',
        target: candidate.key,
        details: { via: 'invite', invitedBy: invite.createdBy, provinces },
      });
      await messenger.tell(invite.createdBy, 'admin:invite.redeemed_notice', (locale) => ({
        name: candidate.name,
        key: candidate.key,
        ...named(provinces)(locale),
      }));
      return coordinator;
    },

    async request(candidate, provinceCodes, note) {
      if (admins.has(candidate.key)) throw new RoleError('is_admin');
      const provinces = provincesOrThrow(provinceCodes);
      const existing = await coordinators.get(candidate.key);
      if (existing) throw new RoleError(existing.status === 'active' ? 'already_coordinator' : 'request_pending');
      const at = now();
      const request: Coordinator = {
        key: candidate.key,
        platform: candidate.platform,
        chatId: candidate.chatId,
        name: candidate.name,
        status: 'requested',
        provinces,
        note: note ? note.slice(0, REQUEST_NOTE_MAX_LENGTH) : null,
        via: 'request',
        requestedAt: at,
        appointedAt: null,
        appointedBy: null,
        updatedAt: at,
      };
      if (!(await coordinators.createRequest(request))) throw new RoleError('request_pending');
      await audit.record({
        actor: candidate.key,
        action: 'coordinator.requested',
        target: candidate.key,
        details: { provinces },
      });
      await messenger.tellAll(
        deps.adminIds,
        `coordinator-request:${candidate.key}:${at.getTime()}`,
        'admin:requests.notice',
        (locale) => ({
          name: candidate.name,
          key: candidate.key,
          note: request.note ?? '—',
          ...named(provinces)(locale),
        }),
        (t) => [
          [
            { text: t('admin:requests.approve'), data: `${REQUEST_BUTTONS.approve}${candidate.key}` },
            { text: t('admin:requests.decline'), data: `${REQUEST_BUTTONS.decline}${candidate.key}` },
          ],
        ],
      );
      return request;
    },

    async approve(actor, key) {
      await asAdmin(actor, 'request.approve');
      const request = await coordinators.get(key);
      if (!request) throw new RoleError('not_found');
      if (request.status === 'active') throw new RoleError('already_coordinator');
      const at = now();
      const coordinator: Coordinator = {
        ...request,
        status: 'active',
        appointedAt: at,
        appointedBy: actor.key,
        updatedAt: at,
      };
      await coordinators.saveActive(coordinator);
      await audit.record({
        actor: actor.key,
        action: 'coordinator.approved',
        target: key,
        details: { provinces: coordinator.provinces },
      });
      await messenger.tell(key, 'coordinator:role.approved', named(coordinator.provinces));
      return coordinator;
    },

    async decline(actor, key) {
      await asAdmin(actor, 'request.decline');
      const request = await coordinators.get(key);
      if (request?.status !== 'requested') throw new RoleError('not_found');
      await coordinators.remove(key);
      await audit.record({ actor: actor.key, action: 'coordinator.declined', target: key });
      await messenger.tell(key, 'coordinator:role.declined');
    },

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
      await messenger.tell(key, 'coordinator:role.changed', named(provinces));
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
