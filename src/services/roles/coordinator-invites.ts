import { randomBytes } from 'node:crypto';
import { type Coordinator, cleanProvinces } from '../../domain/roles/coordinator.ts';
import { INVITE_LIFETIME_MS, type Invite, invitePayload, inviteProblem } from '../../domain/roles/invite.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { CoordinatorService, CoordinatorServiceDeps } from './coordinator.service.ts';
import { namedProvinces, provincesOrThrow } from './province-choice.ts';

const INVITE_TOKEN_BYTES = 18;
const EXPIRED_INVITES_KEPT_MS = 30 * 86_400_000;

/** Appointing by a one-time link: an admin makes it, the first person to open it in time becomes a coordinator. */
export function createInviteLinks(
  deps: CoordinatorServiceDeps,
): Pick<CoordinatorService, 'createInvite' | 'redeemInvite'> {
  const { coordinators, invites, authorization, audit, messenger, now } = deps;
  const admins = new Set(deps.adminIds);
  return {
    async createInvite(actor, provinceCodes, platform) {
      await authorization.ensure(actor, { role: 'admin' }, 'invite.create');
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
        ...namedProvinces(provinces)(locale),
      }));
      return coordinator;
    },
  };
}
