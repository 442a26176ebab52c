import type { CallUp } from '../../domain/callups/callup.ts';
import { CallUpError } from '../../domain/callups/callup-error.ts';
import { hasChat, holdsSeat, type Invitation } from '../../domain/callups/invitation.ts';
import { outboxMessageOf } from '../../messaging/reply-markup.ts';
import { type CallUpContext, campaigns, priorityOf } from './callup-context.ts';
import { withDrillBanner } from './callup-texts.ts';
import type { RelayedPerson } from './ports.ts';

/** Who an invited person is, as a coordinator sees them now: a volunteer, or an offline member (`relayedBy` set). */
export type PersonSeen = Omit<RelayedPerson, 'relayedBy'> & Partial<Pick<RelayedPerson, 'relayedBy'>>;

export interface CoordinationTools {
  /** The call-up, if this person may coordinate it; a refusal is written to the audit log as `attempt`. */
  get(userKey: string, callUpId: string, attempt: string): Promise<CallUp>;
  /** The volunteers holding a seat, in a stable order (attendance rows are numbered by it). */
  holders(callUpId: string): Promise<Invitation[]>;
  /** One message to many volunteers, each in their own language, through the outbox; returns how many. */
  broadcast(
    callUp: CallUp,
    campaignId: string,
    to: readonly Invitation[],
    render: (t: (key: string, vars?: Record<string, unknown>) => string) => string,
  ): Promise<number>;
  /**
   * The people behind these invitation keys as they are now: volunteers, and offline members relayed by their base.
   * Someone who deleted their data (or an offline member since removed) is left out.
   */
  peopleOf(keys: readonly string[]): Promise<Map<string, PersonSeen>>;
  /** A new campaign id for the next notice about this call-up. */
  nextNotice(callUpId: string): Promise<string>;
}

/** The order seat holders are listed in, everywhere a coordinator sees them. */
export const byVolunteerKey = (a: Invitation, b: Invitation) => (a.volunteerKey < b.volunteerKey ? -1 : 1);

/** What every coordinator action needs: the permitted call-up, its seat holders, and a notice to many. */
export function createCoordinationTools(ctx: CallUpContext): CoordinationTools {
  const get = async (userKey: string, callUpId: string, attempt: string) => {
    const callUp = await ctx.callUps.get(callUpId);
    if (!callUp) {
      await ctx.access.logRefusal(userKey, attempt, 'not_found');
      throw new CallUpError('unknown');
    }
    if (!(await ctx.access.authorize(userKey, attempt, callUp.province))) throw new CallUpError('forbidden');
    return callUp;
  };
  const holders = async (callUpId: string) =>
    (await ctx.answers.listByCallUp(callUpId)).filter(holdsSeat).sort(byVolunteerKey);

  const broadcast = async (
    callUp: CallUp,
    campaignId: string,
    to: readonly Invitation[],
    render: (t: (key: string, vars?: Record<string, unknown>) => string) => string,
  ) => {
    const reachable = to.filter(hasChat);
    if (reachable.length === 0) return 0;
    await ctx.outbox.enqueue(
      reachable.map((i) => ({
        campaignId,
        campaignKind: 'callup',
        priority: priorityOf(callUp),
        platform: i.platform,
        chatId: i.chatId,
        recipientKey: i.volunteerKey,
        message: outboxMessageOf({ text: withDrillBanner(ctx.tr(i.locale), callUp, render(ctx.tr(i.locale))) }),
      })),
    );
    return reachable.length;
  };

  const nextNotice = async (callUpId: string) => {
    const updated = await ctx.callUps.update(callUpId, (current) => ({ notices: current.notices + 1 }));
    return campaigns.notice(callUpId, updated?.notices ?? 1);
  };

  const peopleOf = async (keys: readonly string[]) => {
    const relayed = (await ctx.relayedPeople?.(keys)) ?? new Map();
    const seen = new Map<string, PersonSeen>();
    for (const key of keys) {
      const person = relayed.get(key);
      if (person) {
        seen.set(key, person);
        continue;
      }
      const v = await ctx.volunteers.get(key);
      if (v) seen.set(key, { name: v.name, mobile: v.mobile, province: v.province });
    }
    return seen;
  };

  return { get, holders, peopleOf, broadcast, nextNotice };
}
