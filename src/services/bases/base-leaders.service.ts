import { randomBytes } from 'node:crypto';
import type { Base } from '../../domain/bases/base.ts';
import { BaseError } from '../../domain/bases/base-error.ts';
import {
  checkOfflineMember,
  type LeaderInvite,
  leaderInvitePayload,
  type OfflineMember,
} from '../../domain/bases/base-people.ts';
import type { Platform } from '../../domain/platform.ts';
import type { Actor } from '../../domain/roles/actor.ts';
import { INVITE_LIFETIME_MS } from '../../domain/roles/invite.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { BaseRepository } from '../../persistence/repositories/base.repository.ts';
import type { BasePeopleRepository } from '../../persistence/repositories/base-people.repository.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';

export interface BaseLeadersDeps {
  bases: BaseRepository;
  people: BasePeopleRepository;
  volunteers: Pick<VolunteerRepository, 'get'>;
  authorization: Authorization;
  audit: AuditLog;
  now: () => Date;
}

/** What a leader sees of a member who joined through the bot. */
export type MemberView = Pick<Volunteer, 'key' | 'name' | 'specialty' | 'mobile' | 'status'>;

export interface Candidate {
  key: string;
  platform: Platform;
}

/** Why a leader link cannot be used now, as the coordinator links say it. */
function inviteProblem(invite: LeaderInvite | undefined, claimed: boolean, platform: Platform, now: Date) {
  if (!invite) return 'invite_unknown' as const;
  if (claimed) return 'invite_used' as const;
  if (invite.expiresAt.getTime() <= now.getTime()) return 'invite_expired' as const;
  return invite.platform === platform ? undefined : ('invite_wrong_platform' as const);
}

/**
 * Base leaders (مسئول پایگاه): appointed by a one-time link a coordinator makes for one base; they see their base's
 * members and keep its offline members, and nothing of any other base.
 */
export function createBaseLeaders(deps: BaseLeadersDeps) {
  const { bases, people, authorization, now } = deps;

  /** The base, when `leaderKey` leads it; any other attempt is refused and logged. */
  const ledBase = async (leaderKey: string, baseId: string, attempt: string): Promise<Base> => {
    const base = await bases.get(baseId);
    if (base?.leaders.includes(leaderKey)) return base;
    await authorization.logRefusal(leaderKey, attempt, 'not_leader');
    throw new BaseError('not_leader');
  };

  return {
    ledBase,
    basesLedBy: (leaderKey: string) => bases.list({ leader: leaderKey }),

    ...leaderLinks(deps),

    /** The base's members, for its leader only: volunteers who joined, and the offline members. */
    async members(leaderKey: string, baseId: string) {
      const base = await ledBase(leaderKey, baseId, 'base.members');
      const joined = await people.membersOf([baseId]);
      const found = await Promise.all(joined.map((m) => deps.volunteers.get(m.volunteerKey)));
      const volunteers: MemberView[] = found
        .filter((v): v is Volunteer => v !== undefined)
        .map(({ key, name, specialty, mobile, status }) => ({ key, name, specialty, mobile, status }))
        .sort((a, b) => a.name.localeCompare(b.name, 'fa'));
      return { base, volunteers, offline: await people.offlineOf([baseId]) };
    },

    /** Adds a person with no messenger to the leader's base; they count for call-ups through it. */
    async addOffline(
      leaderKey: string,
      baseId: string,
      input: Parameters<typeof checkOfflineMember>[0],
    ): Promise<OfflineMember> {
      await ledBase(leaderKey, baseId, 'base.add_offline');
      const checked = checkOfflineMember(input);
      if (!checked.ok) throw new BaseError('invalid');
      const member: OfflineMember = {
        id: randomBytes(6).toString('base64url'),
        baseId,
        ...checked.fields,
        addedBy: leaderKey,
        addedAt: now(),
      };
      await people.addOffline(member);
      return member;
    },
  };
}

/** Appointing leaders by a one-time link, as coordinators are appointed. */
function leaderLinks({ bases, people, authorization, audit, now }: BaseLeadersDeps) {
  return {
    /** A one-time link for `platform` that makes its opener a leader of the base. */
    async inviteLeader(actor: Actor, baseId: string, platform: Platform) {
      const base = await bases.get(baseId);
      if (!base) throw new BaseError('not_found');
      await authorization.ensure(actor, { role: 'coordinator', province: base.province }, 'base.invite_leader');
      const at = now();
      const invite: LeaderInvite = {
        token: randomBytes(18).toString('base64url'),
        baseId,
        platform,
        createdBy: actor.key,
        createdAt: at,
        expiresAt: new Date(at.getTime() + INVITE_LIFETIME_MS),
      };
      await people.createInvite(invite);
      await audit.record({
        actor: actor.key,
        action: 'base.leader_invited',
        target: `base:${baseId}`,
        province: base.province,
        details: { platform },
      });
      return { invite, payload: leaderInvitePayload(invite.token) };
    },

    /** Opening a leader link: the first person in time, on its platform, leads the base from now on. */
    async redeemLeaderInvite(candidate: Candidate, token: string): Promise<Base> {
      const invite = await people.getInvite(token);
      const problem = inviteProblem(invite, await people.isInviteClaimed(token), candidate.platform, now());
      if (problem || !invite) throw new RoleError(problem ?? 'invite_unknown');
      if (!(await people.claimInvite(token, candidate.key, now()))) throw new RoleError('invite_used');
      const base = await bases.addLeader(invite.baseId, candidate.key, now());
      if (!base) throw new BaseError('not_found');
      await audit.record({
        actor: candidate.key,
        action: 'base.leader_appointed',
        target: `base:${base.id}`,
        province: base.province,
        details: { invitedBy: invite.createdBy },
      });
      return base;
    },
  };
}

export type BaseLeaders = ReturnType<typeof createBaseLeaders>;
