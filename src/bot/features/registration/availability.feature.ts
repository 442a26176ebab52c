import { Composer } from 'grammy';
import { availabilityOf } from '../../../domain/volunteers/pledge-state.ts';
import { availabilityValue } from '../../../domain/volunteers/summary-card.ts';
import { VolunteerError } from '../../../domain/volunteers/volunteer-error.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import type { RegisteredCheck } from './registered-check.ts';
import { untilFlow } from './until.step.ts';

export interface AvailabilityFeatureDeps {
  volunteers: VolunteerService;
  registered: RegisteredCheck;
  now: () => Date;
}

export const AVAILABILITY_FLOW = 'availability';

/**
 * Availability, from a menu button that shows it («🟢 در دسترس هستم» or not): one screen, one tap: "available now"
 * or "not available until" a quick choice or a typed date. Call-ups skip a volunteer until then; the pledge itself is
 * untouched.
 */
export function createAvailabilityFeature(deps: AvailabilityFeatureDeps): Feature {
  const { volunteers, now } = deps;
  const composer = new Composer<BotContext>();

  const flow = untilFlow({
    name: AVAILABILITY_FLOW,
    keys: 'pledge:availability',
    now,
    clearLabelKey: 'pledge:availability.set_available',
    async describe(ctx) {
      const volunteer = ctx.user ? await volunteers.get(ctx.user.personKey) : undefined;
      const { key, vars } = volunteer
        ? availabilityValue(volunteer, now())
        : { key: 'pledge:availability.available', vars: undefined };
      return { current: ctx.t(key, vars) };
    },
    async apply(ctx, until) {
      if (!ctx.user) return;
      try {
        await volunteers.setAvailability(ctx.user.personKey, until);
      } catch (error) {
        if (!(error instanceof VolunteerError)) throw error;
        await ctx.reply(ctx.t(error.key), { reply_markup: await ctx.mainMenu() });
        return;
      }
      const saved =
        until === null
          ? ctx.t('pledge:availability.saved_available')
          : ctx.t('pledge:availability.saved_unavailable', { date: until });
      await ctx.reply(saved, { reply_markup: await ctx.mainMenu() });
    },
  });

  /** The button says where the volunteer stands now: green only when call-ups reach them. */
  const menuLabel = async (ctx: BotContext) => {
    const volunteer =
      deps.registered.registeredNow(ctx) ?? (ctx.user ? await volunteers.get(ctx.user.personKey) : undefined);
    return `pledge:menu.availability.${volunteer ? availabilityOf(volunteer, now()) : 'available'}`;
  };

  composer.callbackQuery('menu:availability', async (ctx) => {
    await ctx.answerCallbackQuery();
    if (await deps.registered.isRegistered(ctx)) {
      await ctx.flow.start(AVAILABILITY_FLOW);
      return;
    }
    await ctx.reply(ctx.t('pledge:errors.not_registered'), { reply_markup: await ctx.mainMenu() });
  });

  return {
    name: 'availability',
    composer,
    menu: [
      {
        id: 'availability',
        labelKey: menuLabel,
        visible: (ctx) => deps.registered.isRegistered(ctx),
      },
    ],
    flows: [flow],
  };
}
