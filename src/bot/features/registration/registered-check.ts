import type { Volunteer } from '../../../domain/volunteers/volunteer.ts';
import type { VolunteerService } from '../../../services/volunteers/volunteer.service.ts';
import type { BotContext } from '../../context.ts';

export interface RegisteredCheck {
  /** Whether the sender is a registered volunteer; asked once per update however many menu buttons need it. */
  isRegistered(ctx: BotContext): Promise<boolean>;
  /** Drops the remembered answer after the update linked or erased the volunteer. */
  forget(ctx: BotContext): void;
  /** Notes the volunteer this update registered for the sender, so the menu after it need not read it back. */
  registered(ctx: BotContext, volunteer: Volunteer): void;
  /** The volunteer this update registered, if it did. */
  registeredNow(ctx: BotContext): Volunteer | undefined;
}

export function createRegisteredCheck(volunteers: Pick<VolunteerService, 'isRegistered'>): RegisteredCheck {
  const answers = new WeakMap<BotContext, Promise<boolean>>();
  const justRegistered = new WeakMap<BotContext, Volunteer>();
  return {
    isRegistered(ctx) {
      if (!ctx.user) return Promise.resolve(false);
      let answer = answers.get(ctx);
      if (!answer) {
        answer = volunteers.isRegistered(ctx.user.personKey);
        answers.set(ctx, answer);
      }
      return answer;
    },
    forget(ctx) {
      answers.delete(ctx);
    },
    registered(ctx, volunteer) {
      // Registered under the account's key: the same person unless the account acts for another (linked).
      if (ctx.user?.personKey !== volunteer.key) {
        answers.delete(ctx);
        return;
      }
      answers.set(ctx, Promise.resolve(true));
      justRegistered.set(ctx, volunteer);
    },
    registeredNow: (ctx) => justRegistered.get(ctx),
  };
}
