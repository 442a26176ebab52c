import { type Actor, scopeOf } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';
import type { Messenger } from '../roles/messenger.ts';

/** One volunteer waiting for their council number to be checked. */
export interface QueueEntry {
  key: string;
  name: string;
  mobile: string;
  /** A typed number is shown as unverified: it proves nothing about who holds it. */
  mobileVerified: boolean;
  group: string;
  specialty: string;
  specialtyOther: string | null;
  licenceBody: string;
  licenceNumber: string;
  province: string;
  city: string;
}

export type Decision = 'verified' | 'rejected';

/** What a verify/reject did: `already` when someone else decided first (two coordinators, one queue). */
export type DecisionResult = { outcome: 'done'; entry: QueueEntry } | { outcome: 'already'; status: string };

export const REJECT_REASON_MAX_LENGTH = 300;
const QUEUE_PAGE = 5;

export interface VerificationService {
  /** The oldest unverified volunteers in the actor's provinces (the whole country for admins). */
  queue(actor: Actor, limit?: number): Promise<{ entries: QueueEntry[]; more: boolean }>;
  verify(actor: Actor, volunteerKey: string): Promise<DecisionResult>;
  reject(actor: Actor, volunteerKey: string, reason: string): Promise<DecisionResult>;
  /** The volunteer's queue entry, if they are waiting and in the actor's scope (to ask for a reject reason). */
  pending(actor: Actor, volunteerKey: string): Promise<QueueEntry>;
}

export interface VerificationServiceDeps {
  volunteers: VolunteerRepository;
  authorization: Authorization;
  audit: AuditLog;
  messenger: Messenger;
}

function toEntry(v: Volunteer): QueueEntry {
  return {
    key: v.key,
    name: v.name,
    mobile: v.mobile,
    mobileVerified: v.mobileVerified === true,
    group: v.group,
    specialty: v.specialty,
    specialtyOther: v.specialtyOther,
    licenceBody: v.licence?.body ?? '',
    licenceNumber: v.licence?.number ?? '',
    province: v.province,
    city: v.city,
  };
}

/** The coordinators' queue of council numbers to check: verify, or reject with a reason; the volunteer is told. */
export function createVerificationService(deps: VerificationServiceDeps): VerificationService {
  const { volunteers, authorization, audit, messenger } = deps;

  /** The volunteer, after checking the actor may act in their province (a forged key from elsewhere is refused). */
  const volunteerInScope = async (actor: Actor, key: string, attempt: string): Promise<Volunteer> => {
    await authorization.ensure(actor, { role: 'coordinator' }, attempt);
    const volunteer = await volunteers.get(key);
    if (!volunteer) throw new RoleError('not_found');
    await authorization.ensure(actor, { role: 'coordinator', province: volunteer.province }, attempt);
    return volunteer;
  };

  const decide = async (
    actor: Actor,
    key: string,
    status: Decision,
    reason: string | null,
  ): Promise<DecisionResult> => {
    const attempt = status === 'verified' ? 'verification.verify' : 'verification.reject';
    const volunteer = await volunteerInScope(actor, key, attempt);
    if (!volunteer.licence) throw new RoleError('not_found');
    let already: string | undefined;
    const updated = await volunteers.update(key, (current) => {
      // Decided between our read and this write (the update is serialised per volunteer): keep the first decision.
      const licence = current.licence;
      if (licence?.status !== 'unverified') {
        already = licence?.status ?? 'none';
        return {};
      }
      return { licence: { ...licence, status } };
    });
    if (!updated) throw new RoleError('not_found');
    if (already) return { outcome: 'already', status: already };
    await audit.record({
      actor: actor.key,
      action: status === 'verified' ? 'volunteer.verified' : 'volunteer.rejected',
      target: key,
      province: volunteer.province,
    });
    if (status === 'verified') {
      await messenger.tell(key, 'coordinator:verification.told_verified');
    } else {
      await messenger.tell(key, 'coordinator:verification.told_rejected', { reason });
    }
    return { outcome: 'done', entry: toEntry(updated) };
  };

  return {
    async queue(actor, limit = QUEUE_PAGE) {
      await authorization.ensure(actor, { role: 'coordinator' }, 'verification.queue');
      const scope = scopeOf(actor);
      const found = await volunteers.findUnverified(scope.kind === 'country' ? null : scope.provinces, limit + 1);
      return { entries: found.slice(0, limit).map(toEntry), more: found.length > limit };
    },
    verify: (actor, key) => decide(actor, key, 'verified', null),
    reject: (actor, key, reason) => decide(actor, key, 'rejected', reason.trim().slice(0, REJECT_REASON_MAX_LENGTH)),
    async pending(actor, key) {
      const volunteer = await volunteerInScope(actor, key, 'verification.reject');
      if (volunteer.licence?.status !== 'unverified') throw new RoleError('not_found');
      return toEntry(volunteer);
    },
  };
}
