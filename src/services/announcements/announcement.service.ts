import { randomUUID } from 'node:crypto';
import type { Locale } from '../../domain/locale.ts';
import type { Platform } from '../../domain/platform.ts';
import { getSpecialtyGroup } from '../../domain/reference/specialties.ts';
import { type Actor, narrowScope } from '../../domain/roles/actor.ts';
import { RoleError } from '../../domain/roles/role-error.ts';
import { afterQuietHours } from '../../domain/text/tehran-clock.ts';
import { effectiveStatus } from '../../domain/volunteers/pledge-state.ts';
import type { Volunteer } from '../../domain/volunteers/volunteer.ts';
import type { Translate } from '../../i18n/index.ts';
import type { VolunteerRepository } from '../../persistence/repositories/volunteer.repository.ts';
import type { AuditLog } from '../audit/audit.service.ts';
import type { Authorization } from '../roles/authorization.ts';

export const ANNOUNCEMENT_MAX_LENGTH = 1500;

/** What a coordinator or admin wants to say, and to whom within their scope. */
export interface AnnouncementDraft {
  /** One province of the scope, or the whole scope. */
  province?: string;
  /** A profession group code, or everyone. */
  group?: string;
  text: string;
}

/** One message of an announcement, rendered in the recipient's language. */
export interface AnnouncementDelivery {
  userKey: string;
  platform: Platform;
  chatId: string;
  text: string;
}

/**
 * The outbox, as announcements use it: deliveries queued at the announcement priority (below every call-up), not
 * sent before `notBefore` nor in the quiet hours, with the broadcast's progress message in the sender's chat.
 */
export interface AnnouncementOutbox {
  enqueue(batch: {
    campaignId: string;
    deliveries: AnnouncementDelivery[];
    notBefore: Date;
    /** Where the progress message goes (the coordinator's chat). */
    progress: { platform: Platform; chatId: string; locale: Locale };
  }): Promise<void>;
}

export interface AnnouncementPreview {
  recipients: number;
  /** When sending starts: now, or 07:00 when asked at night. */
  sendAt: Date;
  deferred: boolean;
}

export interface AnnouncementService {
  preview(actor: Actor, draft: AnnouncementDraft): Promise<AnnouncementPreview>;
  /** Queues the announcement; `from` is the sender's chat, for the progress message. */
  send(
    actor: Actor,
    draft: AnnouncementDraft,
    from: { platform: Platform; chatId: string; locale: Locale },
  ): Promise<AnnouncementPreview & { campaignId: string }>;
}

export interface AnnouncementServiceDeps {
  volunteers: Pick<VolunteerRepository, 'listInProvinces'>;
  outbox: AnnouncementOutbox;
  authorization: Authorization;
  audit: AuditLog;
  t: Translate;
  now: () => Date;
}

/** Non-urgent news to the volunteers of a scope, through the outbox, never at night. */
export function createAnnouncementService(deps: AnnouncementServiceDeps): AnnouncementService {
  const { authorization, now } = deps;

  const recipients = async (actor: Actor, draft: AnnouncementDraft): Promise<Volunteer[]> => {
    await authorization.ensure(
      actor,
      { role: 'coordinator', ...(draft.province ? { province: draft.province } : {}) },
      'announcement',
    );
    const scope = narrowScope(actor, draft.province);
    if (!scope) throw new RoleError('out_of_scope');
    if (draft.group !== undefined && !getSpecialtyGroup(draft.group)) throw new RoleError('not_found');
    const at = now();
    const all = await deps.volunteers.listInProvinces(scope.kind === 'country' ? null : scope.provinces);
    // Paused, ended and withdrawn pledges asked not to be called on; unreachable chats would only fail.
    return all.filter(
      (v) =>
        effectiveStatus(v, at) === 'active' && v.reachable && (draft.group === undefined || v.group === draft.group),
    );
  };

  const timing = () => {
    const at = now();
    const sendAt = afterQuietHours(at);
    return { sendAt, deferred: sendAt.getTime() !== at.getTime() };
  };

  return {
    async preview(actor, draft) {
      return { recipients: (await recipients(actor, draft)).length, ...timing() };
    },

    async send(actor, draft, from) {
      const text = draft.text.trim().slice(0, ANNOUNCEMENT_MAX_LENGTH);
      const people = await recipients(actor, draft);
      const { sendAt, deferred } = timing();
      const campaignId = `ann:${randomUUID()}`;
      await deps.outbox.enqueue({
        campaignId,
        deliveries: people.map((v) => ({
          userKey: v.key,
          platform: v.platform,
          chatId: v.chatId,
          text: deps.t(v.locale, 'coordinator:announce.message', { text }),
        })),
        notBefore: sendAt,
        progress: from,
      });
      await deps.audit.record({
        actor: actor.key,
        action: 'announcement.sent',
        target: campaignId,
        ...(draft.province ? { province: draft.province } : {}),
        details: {
          recipients: people.length,
          group: draft.group ?? 'all',
          scope: draft.province ?? (actor.role === 'admin' ? 'country' : actor.provinces),
          deferred,
        },
      });
      return { campaignId, recipients: people.length, sendAt, deferred };
    },
  };
}
