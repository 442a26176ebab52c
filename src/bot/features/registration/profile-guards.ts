import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import { VolunteerError } from '../../../domain/volunteers/volunteer-error.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';

/** The volunteer behind the update, or a polite "please register first" when there is none. */
export async function currentVolunteer(ctx: BotContext, volunteers: VolunteerService): Promise<Volunteer | undefined> {
  const volunteer = ctx.user ? await volunteers.get(ctx.user.personKey) : undefined;
  if (!volunteer) await ctx.reply(ctx.t('pledge:errors.not_registered'), { reply_markup: await ctx.mainMenu() });
  return volunteer;
}

/** Runs a pledge change; a refusal (e.g. resuming an ended pledge) is explained instead of failing. */
export async function attempt(ctx: BotContext, action: () => Promise<Volunteer>): Promise<Volunteer | undefined> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof VolunteerError)) throw error;
    await ctx.reply(ctx.t(error.key), { reply_markup: await ctx.mainMenu() });
    return undefined;
  }
}
