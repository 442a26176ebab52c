import type { CallUpDraft } from '../../../domain/callups/callup.ts';
import type { CallUpTarget } from '../../../domain/callups/target.ts';
import type { UrgencyCode } from '../../../domain/reference/crisis-types.ts';
import type { BotContext } from '../../context.ts';
import type { FlowStep, StepOutcome } from '../../flows/flow-engine.ts';

/**
 * The answers of the call-up creation flow as kept in the session (JSON: the start is an ISO string). Keys are
 * dropped rather than set to undefined, since the session store would keep them as null.
 */
export interface CallUpForm {
  crisisType?: string;
  urgency?: UrgencyCode;
  title?: string;
  description?: string;
  province?: string;
  city?: string;
  location?: { latitude: number; longitude: number } | null;
  target?: CallUpTarget;
  /** Chosen specialties in choice order. */
  specialties?: string[];
  counts?: Record<string, number>;
  /** Which chosen specialty's count is being asked. */
  countIndex?: number;
  /** ISO instant, or null for "now". */
  startsAt?: string | null;
  durationHours?: number;
  meetingPoint?: string;
  meetingPin?: { latitude: number; longitude: number };
  contact?: string;
  /** Set on the way to the preview: the id the call-up gets when this preview is sent (see creation.service.ts). */
  draftId?: string;
  page?: number;
  /** The options a typed answer fitted (crisis type, city), shown instead of the whole list until one is tapped. */
  choices?: string[];
  /** A typed city not on the province's list, and where a city of that name is (see city-answer.ts). */
  cityTyped?: string;
  cityElsewhere?: string;
}

export type Step = FlowStep<CallUpForm>;
export type Outcome = StepOutcome<CallUpForm>;

export const invalid = (key: string, vars?: Record<string, unknown>): Outcome => ({ type: 'invalid', key, vars });

/** The next question, dropping the page of a paged keyboard. */
export function next(step: string, form: CallUpForm): Outcome {
  const { page: _page, ...data } = form;
  return { type: 'next', step, data };
}

/** The draft the service takes, once the form is complete. */
export function toDraft(form: CallUpForm): CallUpDraft {
  return {
    crisisType: form.crisisType!,
    urgency: form.urgency!,
    title: form.title!,
    description: form.description!,
    province: form.province!,
    city: form.city!,
    location: form.location ?? null,
    needs: (form.specialties ?? []).map((specialty) => ({ specialty, count: form.counts?.[specialty] ?? 1 })),
    startsAt: form.startsAt ? new Date(form.startsAt) : null,
    durationHours: form.durationHours!,
    meetingPoint: form.meetingPoint!,
    meetingPin: form.meetingPin ?? null,
    contact: form.contact!,
    ...(form.target ? { target: form.target } : {}),
  };
}

/** The coordinator creating the call-up, and where their board goes. */
export function coordinatorOf(ctx: BotContext) {
  const user = ctx.user!;
  return { key: user.key, platform: user.platform, chatId: user.chatId, locale: ctx.locale };
}
