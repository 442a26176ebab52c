import { getSpecialty } from '../../../domain/reference/specialties.ts';
import { needsReach } from '../../../domain/volunteers/pledge.ts';
import { OTHER_SPECIALTY } from '../../../domain/volunteers/volunteer.ts';
import type { MobileCheck } from '../../../services/identity/identity.service.ts';
import type { BotContext } from '../../context.ts';
import type { Notice, StepOutcome } from '../../flows/flow-engine.ts';
import { MISSIONS_STEP } from '../missions/mission-steps.ts';
import type { RegistrationForm } from './registration-form.ts';

export type FormOutcome = StepOutcome<RegistrationForm>;

export interface StepHooks {
  /** The user accepted the consent text: from here on something may be stored. */
  consented(ctx: BotContext): Promise<void>;
  /** Registration's summary was confirmed: store the volunteer and say what happens next. */
  confirm(ctx: BotContext, form: RegistrationForm): Promise<FormOutcome>;
  /** Whether the number may be stored for this user: free, typed but someone else's, or a person to link. */
  checkMobile(ctx: BotContext, mobile: string, verified: boolean): Promise<MobileCheck>;
  /** The user said the person found by their proved number is them: the account joins that person (false: gone). */
  link(ctx: BotContext, personKey: string): Promise<boolean>;
  /** The user said the person found is not them: they register apart, and the pair is flagged for an admin. */
  declineLink(ctx: BotContext, personKey: string): Promise<void>;
  /** A profile edit is complete: save it and show the profile again. */
  saveEdit(ctx: BotContext, form: RegistrationForm): Promise<FormOutcome>;
  now(): Date;
  /** How long the message log keeps a chat (MESSAGE_LOG_DAYS), which the consent text discloses. */
  messageLogDays: number;
}

export function needsLicence(form: RegistrationForm): boolean {
  return (getSpecialty(form.specialty ?? '')?.licenceBody ?? 'none') !== 'none';
}

/** The question that follows `step` in a registration, given the answers so far. */
export function naturalNext(step: string, form: RegistrationForm): string {
  switch (step) {
    case 'consent':
      return 'name';
    case 'name':
      return 'mobile';
    case 'mobile':
    case 'link':
      return 'group';
    case 'group':
      return 'specialty';
    case 'specialty':
      if (form.specialty === OTHER_SPECIALTY) return 'specialty_other';
      // A number kept from a specialty of the same council is not asked again.
      return needsLicence(form) && !form.licence ? 'licence' : 'province';
    case 'specialty_other':
    case 'licence':
      return 'province';
    case 'province':
      return 'city';
    case 'city':
      return 'location';
    case 'location':
      return 'hours';
    case 'hours':
      return 'days';
    case 'days':
      return 'windows';
    case 'windows':
      return 'modes';
    case 'modes':
      return needsReach(form.modes ?? []) ? 'reach' : MISSIONS_STEP;
    case 'reach':
      return MISSIONS_STEP;
    case MISSIONS_STEP:
      return 'valid_until';
    case 'valid_until':
      return 'note';
    default:
      return 'summary';
  }
}

/**
 * When one field is being edited, these follow-up questions still belong to it: a new group needs a specialty, a
 * specialty may need its licence number or words for "other", a new province a city, travel modes a reach.
 */
const FOLLOW_UPS: Record<string, readonly string[]> = {
  group: ['specialty'],
  specialty: ['specialty_other', 'licence'],
  province: ['city'],
  modes: ['reach'],
};

/** Moves on after an accepted answer: the next question, back to the summary, or (profile edit) save. */
export async function proceed(
  ctx: BotContext,
  hooks: StepHooks,
  step: string,
  form: RegistrationForm,
  notice?: Notice,
): Promise<FormOutcome> {
  const next = naturalNext(step, form);
  // Keys are dropped, never set to undefined: the session store would keep them as null, which means "none".
  const { page: _page, choices: _choices, ...data } = form;
  const editing = form.purpose === 'edit' || form.returnTo === 'summary';
  if (!editing || FOLLOW_UPS[step]?.includes(next)) return { type: 'next', step: next, data, notice };
  if (form.purpose === 'edit') {
    if (notice) await ctx.reply(ctx.t(notice.key, notice.vars));
    return hooks.saveEdit(ctx, data);
  }
  const { returnTo: _returnTo, ...registration } = data;
  return { type: 'next', step: 'summary', data: registration, notice };
}
