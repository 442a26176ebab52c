import { type Coordinator, REQUEST_NOTE_MAX_LENGTH } from '../../domain/roles/coordinator.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import type { Candidate, CoordinatorService, CoordinatorServiceDeps } from './coordinator.service.ts';
import { namedProvinces, provincesOrThrow } from './province-choice.ts';

/** Callback data of the buttons admins get with a coordinator request. */
export const REQUEST_BUTTONS = { approve: 'cr:ok:', decline: 'cr:no:' } as const;

/** Appointing by request: a person asks for the role, every admin is told, one approves or declines. */
export function createCoordinatorRequests(
  deps: CoordinatorServiceDeps,
): Pick<CoordinatorService, 'request' | 'approve' | 'decline'> {
  const { coordinators, authorization, audit, messenger, now } = deps;
  const admins = new Set(deps.adminIds);
  return {
    async request(candidate, provinceCodes, note) {
      if (admins.has(candidate.key)) throw new RoleError('is_admin');
      const provinces = provincesOrThrow(provinceCodes);
      const existing = await coordinators.get(candidate.key);
      if (existing) throw new RoleError(existing.status === 'active' ? 'already_coordinator' : 'request_pending');
      const at = now();
      const request = newRequest(candidate, provinces, note, at);
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
          ...namedProvinces(provinces)(locale),
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
      await authorization.ensure(actor, { role: 'admin' }, 'request.approve');
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
      await messenger.tell(key, 'coordinator:role.approved', namedProvinces(coordinator.provinces));
      return coordinator;
    },

    async decline(actor, key) {
      await authorization.ensure(actor, { role: 'admin' }, 'request.decline');
      const request = await coordinators.get(key);
      if (request?.status !== 'requested') throw new RoleError('not_found');
      await coordinators.remove(key);
      await audit.record({ actor: actor.key, action: 'coordinator.declined', target: key });
      await messenger.tell(key, 'coordinator:role.declined');
    },
  };
}

/** A waiting request: the person's own words kept up to the note's limit. */
function newRequest(candidate: Candidate, provinces: string[], note: string | null, at: Date): Coordinator {
  return {
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
}
